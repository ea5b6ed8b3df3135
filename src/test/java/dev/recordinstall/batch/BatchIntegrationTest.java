package dev.recordinstall.batch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.recordinstall.cli.Main;
import dev.recordinstall.store.ResultStore;
import dev.recordinstall.store.Status;
import dev.recordinstall.store.StoredScan;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Real end to end: the batch command with the real recorder (pip, strace, bubblewrap) and analyser
 * on small real packages from the local index. Fails (never skips) when the index or the tools are
 * missing.
 */
@Tag("integration")
class BatchIntegrationTest {
  static final String INDEX = "file:///opt/pypi/simple";

  @TempDir Path tmp;

  @BeforeAll
  static void requireTools() {
    if (!Files.isDirectory(Path.of("/opt/pypi/simple"))) {
      fail("/opt/pypi/simple (the local package index) is missing: this test needs it");
    }
    for (String tool : List.of("strace", "bwrap", "python3")) {
      boolean found =
          Stream.of(System.getenv().getOrDefault("PATH", "").split(":"))
              .anyMatch(d -> !d.isEmpty() && Files.isExecutable(Path.of(d, tool)));
      if (!found) fail(tool + " is not on PATH: run scripts/setup (this test runs the real tools)");
    }
  }

  @Test
  void scansTwoRealPackagesStoresVerdictsAndResumes() throws Exception {
    Path db = tmp.resolve("results.db");
    Path list = tmp.resolve("list.txt");
    Files.writeString(
        list,
        "# two small pure-Python packages and one the index does not have\nsix\nidna\n"
            + "record-install-no-such-package\n");
    int exit =
        Main.run(
            "batch",
            list.toString(),
            "--db",
            db.toString(),
            "--jobs",
            "2",
            "--index-url",
            INDEX,
            "--work-dir",
            tmp.resolve("work").toString());
    try (ResultStore store = ResultStore.openSqlite(db)) {
      List<StoredScan> all = store.latestScans();
      assertEquals(3, all.size(), all.toString());
      for (String name : List.of("six", "idna")) {
        StoredScan s = store.scansOf(name).get(0);
        assertEquals(
            Status.CLEAN, s.status(), name + ": " + s.reason() + " " + store.scansOf(name));
        assertNotNull(s.version(), name + " version from run.json");
        assertEquals(
            List.of("venv", "install", "import"), s.phases().stream().map(p -> p.name()).toList());
        assertTrue(s.timings().containsKey("record") && s.timings().containsKey("analyze"));
      }
      StoredScan missing = store.scansOf("record-install-no-such-package").get(0);
      assertEquals(Status.INSTALL_FAILED, missing.status(), String.valueOf(missing.reason()));
      assertTrue(
          missing.reason().contains("No matching distribution")
              || missing.reason().contains("Could not find a version"),
          missing.reason());
      assertEquals(0, missing.findingCount());
      assertNotNull(missing.recordingPath(), "the failed install's recording is kept");
      assertTrue(Files.isRegularFile(Path.of(missing.recordingPath(), "install.err")));
    }
    assertEquals(3, exit, "install-failed means not every package could be verified");
    try (var left = Files.list(tmp.resolve("work"))) {
      assertEquals(0, left.count(), "work directories (venvs) are removed");
    }

    // Resume: nothing left to do, no scanning.
    long t0 = System.nanoTime();
    assertEquals(
        3, Main.run("batch", list.toString(), "--db", db.toString(), "--index-url", INDEX));
    assertTrue(TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - t0) < 10, "nothing rescanned");
    try (ResultStore store = ResultStore.openSqlite(db)) {
      assertEquals(0, store.summary().lastRun().totalJobs());
      assertEquals(1, store.scansOf("six").size());
    }
  }

  @Test
  void sigintStopsEveryProcessRemovesVenvsAndMarksTheJobInterrupted() throws Exception {
    Path db = tmp.resolve("results.db");
    Path work = tmp.resolve("work-sigint");
    List<String> cmd = new ArrayList<>();
    // As from a terminal: a test run started in the background (CI, "scripts/test &") inherits
    // SIGINT ignored, and a JVM that starts with SIGINT ignored keeps ignoring it (nohup
    // semantics), so the batch would run to the end. env resets it to the default first.
    cmd.addAll(List.of("env", "--default-signal=INT"));
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.add("-cp");
    cmd.add(System.getProperty("java.class.path"));
    cmd.add(Main.class.getName());
    cmd.addAll(
        List.of(
            "batch",
            // two packages whose traced install takes tens of seconds (thousands of files): both
            // are surely still running when the signal comes, even on a loaded machine
            "django",
            "sympy",
            "--db",
            db.toString(),
            "--jobs",
            "2",
            "--index-url",
            INDEX,
            "--work-dir",
            work.toString()));
    Process p =
        new ProcessBuilder(cmd)
            .redirectErrorStream(true)
            .redirectOutput(tmp.resolve("batch.log").toFile())
            .start();
    // Wait until both jobs have a sandboxed process running (their work dir is in its argv).
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
    while (processesMentioning(work).size() < 2 && System.nanoTime() < deadline && p.isAlive()) {
      Thread.sleep(200);
    }
    assertTrue(p.isAlive(), "batch still running: " + log());
    assertTrue(processesMentioning(work).size() >= 2, "jobs started: " + log());
    new ProcessBuilder("kill", "-INT", Long.toString(p.pid())).start().waitFor();
    assertTrue(p.waitFor(60, TimeUnit.SECONDS), "batch exits after SIGINT: " + log());
    Thread.sleep(500);
    assertEquals(List.of(), processesMentioning(work), "no stray processes: " + log());
    if (Files.exists(work)) {
      try (Stream<Path> s = Files.walk(work)) {
        List<Path> left = s.filter(x -> !x.equals(work)).toList();
        assertEquals(List.of(), left, "work directories (temp venvs) removed");
      }
    }
    try (ResultStore store = ResultStore.openSqlite(db)) {
      for (String spec : List.of("django", "sympy")) {
        assertEquals(Status.INTERRUPTED, store.latestStatus(spec).orElseThrow(), spec + log());
      }
      assertEquals("interrupted", store.summary().lastRun().state());
    }
    assertTrue(log().contains("re-run the same command to resume"), log());
  }

  private String log() {
    try {
      return "\n--- batch output ---\n"
          + Files.readString(tmp.resolve("batch.log"), StandardCharsets.UTF_8);
    } catch (IOException e) {
      return "(no log: " + e + ")";
    }
  }

  /** Live processes (any user) whose command line mentions dir. */
  private static List<String> processesMentioning(Path dir) throws IOException {
    String needle = dir.toString();
    List<String> found = new ArrayList<>();
    try (Stream<Path> procs = Files.list(Path.of("/proc"))) {
      for (Path pd : (Iterable<Path>) procs::iterator) {
        if (!pd.getFileName().toString().chars().allMatch(Character::isDigit)) continue;
        try {
          byte[] raw = Files.readAllBytes(pd.resolve("cmdline"));
          String cl = new String(raw, StandardCharsets.UTF_8).replace('\0', ' ');
          if (cl.contains(needle)) found.add(pd.getFileName() + ": " + cl.strip());
        } catch (IOException | SecurityException e) {
          // exited meanwhile
        }
      }
    }
    return found;
  }
}
