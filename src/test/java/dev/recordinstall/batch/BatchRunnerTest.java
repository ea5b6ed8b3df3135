package dev.recordinstall.batch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.recordinstall.policy.Finding;
import dev.recordinstall.store.ResultStore;
import dev.recordinstall.store.Status;
import dev.recordinstall.store.StoredScan;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BatchRunnerTest {
  @TempDir Path tmp;

  /** Outcome by spec prefix: "bad*" findings, "nodep*" install-failed, "boom*" throws. */
  static final class FakeScanner implements PackageScanner {
    final AtomicInteger running = new AtomicInteger();
    final AtomicInteger maxRunning = new AtomicInteger();
    final List<String> scanned = Collections.synchronizedList(new ArrayList<>());
    final Map<String, Path> workDirs = new ConcurrentHashMap<>();
    long sleepMillis = 30;

    @Override
    public ScanOutcome scan(String spec, Path workDir) throws Exception {
      scanned.add(spec);
      workDirs.put(spec, workDir);
      assertTrue(Files.isDirectory(workDir), "work dir exists");
      assertEquals(0, Files.list(workDir).count(), "work dir is empty");
      maxRunning.accumulateAndGet(running.incrementAndGet(), Math::max);
      try {
        Thread.sleep(sleepMillis);
        Path rec = Files.createDirectories(workDir.resolve("recording"));
        Files.writeString(rec.resolve("run.json"), "{\"specs\":[\"" + spec + "\"]}");
        Files.createDirectories(workDir.resolve("venv/bin"));
        if (spec.startsWith("boom")) throw new IllegalStateException("tracer exploded");
        if (spec.startsWith("nodep")) {
          return new ScanOutcome(
              Status.INSTALL_FAILED,
              "ERROR: No matching distribution found for missing-dep",
              null,
              null,
              List.of(),
              List.of(),
              Map.of("record", 5L),
              rec);
        }
        List<Finding> f =
            spec.startsWith("bad")
                ? List.of(new Finding("net.dns", "network", "high", "dns", List.of(), 1))
                : List.of();
        return new ScanOutcome(
            f.isEmpty() ? Status.CLEAN : Status.FINDINGS,
            null,
            spec,
            "1.0",
            f,
            List.of(),
            Map.of("record", 10L, "analyze", 2L),
            rec);
      } finally {
        running.decrementAndGet();
      }
    }
  }

  private BatchConfig config(List<String> specs, int jobs, boolean rescan) {
    return new BatchConfig(
        specs, jobs, rescan, tmp.resolve("work"), tmp.resolve("keep"), false, "test", "{}");
  }

  private BatchResult run(ResultStore store, PackageScanner scanner, BatchConfig cfg)
      throws Exception {
    List<String> warnings = Collections.synchronizedList(new ArrayList<>());
    BatchResult r =
        BatchRunner.create(cfg, scanner, store, ProgressListener.NONE, warnings::add).run();
    assertEquals(List.of(), warnings);
    return r;
  }

  @Test
  void scansEverySpecInParallelAndStoresEachVerdict() throws Exception {
    FakeScanner fake = new FakeScanner();
    fake.sleepMillis = 200;
    List<String> specs = List.of("a", "bad1", "nodep", "boom", "b", "c");
    try (ResultStore store = ResultStore.openSqliteWriter(tmp.resolve("r.db"))) {
      BatchResult r = run(store, fake, config(specs, 3, false));
      assertEquals(6, r.scanned());
      assertEquals(3, fake.maxRunning.get(), "three workers at once");
      assertEquals(3, r.count(r.thisRun(), Status.CLEAN));
      assertEquals(1, r.count(r.thisRun(), Status.FINDINGS));
      assertEquals(1, r.count(r.thisRun(), Status.INSTALL_FAILED));
      assertEquals(1, r.count(r.thisRun(), Status.TOOL_ERROR));
      assertEquals(1, r.exitCode());
      assertFalse(r.interrupted());

      StoredScan nodep = store.scansOf("nodep").get(0);
      assertEquals(Status.INSTALL_FAILED, nodep.status());
      assertTrue(nodep.reason().contains("No matching distribution"));
      assertEquals(0, nodep.findingCount());
      assertNotNull(nodep.recordingPath(), "non-clean recordings are kept");
      assertTrue(Files.isRegularFile(Path.of(nodep.recordingPath(), "run.json")));

      StoredScan boom = store.scansOf("boom").get(0);
      assertEquals(Status.TOOL_ERROR, boom.status());
      assertTrue(boom.reason().contains("tracer exploded"), boom.reason());

      StoredScan a = store.scansOf("a").get(0);
      assertEquals(Status.CLEAN, a.status());
      assertNull(a.recordingPath(), "clean recordings are not kept by default");
      assertTrue(a.timings().get("total") >= 200, a.timings().toString());
      assertEquals(10L, a.timings().get("record"));

      assertEquals(1, store.scansOf("bad1").get(0).findings().size());
      assertEquals("finished", store.summary().lastRun().state());
      // Every work directory (the venvs live there) is gone.
      for (Path w : fake.workDirs.values()) assertFalse(Files.exists(w), w.toString());
      try (var left = Files.list(tmp.resolve("work"))) {
        assertEquals(0, left.count(), "work root is empty");
      }
    }
  }

  @Test
  void reRunSkipsWhatIsDoneAndRetriesToolErrorsUnlessRescan() throws Exception {
    List<String> specs = List.of("a", "bad1", "nodep", "boom");
    Path db = tmp.resolve("r.db");
    try (ResultStore store = ResultStore.openSqliteWriter(db)) {
      run(store, new FakeScanner(), config(specs, 2, false));
    }
    FakeScanner second = new FakeScanner();
    try (ResultStore store = ResultStore.openSqliteWriter(db)) {
      BatchResult r = run(store, second, config(specs, 2, false));
      assertEquals(List.of("boom"), second.scanned, "only the tool error is retried");
      assertEquals(3, r.skipped());
      assertEquals(1, r.count(r.overall(), Status.FINDINGS));
      assertEquals(1, r.count(r.overall(), Status.CLEAN));
      assertEquals(1, r.exitCode());
    }
    FakeScanner third = new FakeScanner();
    try (ResultStore store = ResultStore.openSqliteWriter(db)) {
      BatchResult r = run(store, third, config(specs, 2, true));
      assertEquals(4, third.scanned.size(), "--rescan scans everything");
      assertEquals(0, r.skipped());
      assertEquals(2, store.scansOf("a").size(), "runs 1 and 3 scanned a; run 2 skipped it");
    }
  }

  @Test
  void exitCodeIsZeroOnlyWhenEverySpecIsClean() throws Exception {
    try (ResultStore store = ResultStore.openSqliteWriter(tmp.resolve("r.db"))) {
      assertEquals(
          0, run(store, new FakeScanner(), config(List.of("a", "b"), 2, false)).exitCode());
      assertEquals(
          3, run(store, new FakeScanner(), config(List.of("a", "nodep"), 2, false)).exitCode());
    }
  }

  @Test
  void cancelKillsChildProcessesMarksJobsInterruptedAndRemovesWorkDirs() throws Exception {
    CountDownLatch started = new CountDownLatch(2);
    List<Process> children = Collections.synchronizedList(new ArrayList<>());
    Map<String, Path> dirs = new ConcurrentHashMap<>();
    PackageScanner hanging =
        (spec, workDir) -> {
          dirs.put(spec, workDir);
          Files.createDirectories(workDir.resolve("venv/lib"));
          Process p = new ProcessBuilder("sleep", "300").start();
          children.add(p);
          started.countDown();
          p.waitFor(); // a real recorder waits on pip like this
          return ScanOutcome.toolError("sleep ended: " + p.exitValue());
        };
    List<String> specs = List.of("x", "y", "z");
    Path db = tmp.resolve("r.db");
    try (ResultStore store = ResultStore.openSqliteWriter(db)) {
      List<String> warnings = Collections.synchronizedList(new ArrayList<>());
      BatchRunner runner =
          BatchRunner.create(
              config(specs, 2, false), hanging, store, ProgressListener.NONE, warnings::add);
      var result = new java.util.concurrent.atomic.AtomicReference<BatchResult>();
      Thread main =
          new Thread(
              () -> {
                try {
                  result.set(runner.run());
                } catch (InterruptedException e) {
                  Thread.currentThread().interrupt();
                }
              });
      main.start();
      assertTrue(started.await(20, TimeUnit.SECONDS), "two jobs started");
      runner.cancel();
      main.join(20_000);
      assertFalse(main.isAlive());

      for (Process p : children) assertFalse(p.isAlive(), "child " + p.pid() + " was killed");
      assertEquals(2, children.size(), "the third job never started");
      for (Path d : dirs.values()) assertFalse(Files.exists(d), "work dir removed: " + d);
      BatchResult r = result.get();
      assertTrue(r.interrupted());
      assertEquals(3, r.exitCode());
      assertEquals(2, r.count(r.thisRun(), Status.INTERRUPTED));
      for (String s : List.of("x", "y")) {
        assertEquals(Status.INTERRUPTED, store.latestStatus(s).orElseThrow(), s);
      }
      assertTrue(store.latestStatus("z").isEmpty(), "never claimed");
      assertEquals("interrupted", store.summary().lastRun().state());
      assertEquals(List.of(), warnings);
    }
    // Resume: the interrupted jobs and the unstarted one are scanned.
    FakeScanner again = new FakeScanner();
    try (ResultStore store = ResultStore.openSqliteWriter(db)) {
      BatchResult r = run(store, again, config(specs, 2, false));
      assertEquals(3, again.scanned.size());
      assertEquals(0, r.exitCode());
    }
  }

  @Test
  void keepCleanKeepsEveryRecording() throws Exception {
    BatchConfig cfg =
        new BatchConfig(
            List.of("a"), 1, false, tmp.resolve("work"), tmp.resolve("keep"), true, "t", "{}");
    try (ResultStore store = ResultStore.openSqliteWriter(tmp.resolve("r.db"))) {
      run(store, new FakeScanner(), cfg);
      String kept = store.scansOf("a").get(0).recordingPath();
      assertNotNull(kept);
      assertTrue(kept.startsWith(tmp.resolve("keep").toString()), kept);
      assertTrue(Files.isRegularFile(Path.of(kept, "run.json")));
    }
  }

  @Test
  void aRecordingAlreadyKeptStaysWhereItIsAndIsFoundForReanalysis() throws Exception {
    Path db = tmp.resolve("r.db");
    try (ResultStore store = ResultStore.openSqliteWriter(db)) {
      run(store, new FakeScanner(), config(List.of("bad1"), 1, false));
      Path kept = store.latestRecording("bad1").orElseThrow();
      assertTrue(kept.startsWith(tmp.resolve("keep")), kept.toString());
      assertTrue(store.latestRecording("a").isEmpty());
      // A scanner that re-uses the kept recording (as --reanalyze does).
      PackageScanner again =
          (spec, workDir) ->
              new ScanOutcome(
                  Status.CLEAN, null, spec, "1.0", List.of(), List.of(), Map.of(), kept);
      run(store, again, config(List.of("bad1"), 1, true));
      StoredScan latest = store.scansOf("bad1").get(0);
      assertEquals(Status.CLEAN, latest.status());
      assertEquals(kept.toString(), latest.recordingPath());
      assertTrue(Files.isRegularFile(kept.resolve("run.json")), "not moved away");
    }
  }

  @Test
  void reanalysisWithAnotherKeepDirNeverMovesTheRecording() throws Exception {
    // A recording kept by some other store (e.g. the database was copied elsewhere).
    Path elsewhere = tmp.resolve("other-store/bad1-run1");
    Files.createDirectories(elsewhere);
    Files.writeString(elsewhere.resolve("run.json"), "{}");
    PackageScanner again =
        (spec, workDir) ->
            new ScanOutcome(
                Status.FINDINGS, null, spec, "1.0", List.of(), List.of(), Map.of(), elsewhere);
    try (ResultStore store = ResultStore.openSqliteWriter(tmp.resolve("r.db"))) {
      run(store, again, config(List.of("bad1"), 1, true));
      assertEquals(elsewhere.toString(), store.scansOf("bad1").get(0).recordingPath());
      assertTrue(Files.isRegularFile(elsewhere.resolve("run.json")), "moved away");
    }
  }

  @Test
  void reanalysisWithoutAKeptRecordingLeavesTheEarlierVerdict() throws Exception {
    try (ResultStore store = ResultStore.openSqliteWriter(tmp.resolve("r.db"))) {
      run(store, new FakeScanner(), config(List.of("a", "bad1"), 1, false));
      assertEquals(Status.CLEAN, store.latestStatus("a").orElseThrow());
      Path kept = store.latestRecording("bad1").orElseThrow();
      List<String> scanned = Collections.synchronizedList(new ArrayList<>());
      PackageScanner again =
          new PackageScanner() {
            @Override
            public ScanOutcome scan(String spec, Path workDir) {
              scanned.add(spec);
              return new ScanOutcome(
                  Status.CLEAN, null, spec, "1.0", List.of(), List.of(), Map.of(), kept);
            }

            @Override
            public String unavailable(String spec) {
              return store.latestRecording(spec).isPresent() ? null : "no kept recording";
            }
          };
      List<String> warnings = Collections.synchronizedList(new ArrayList<>());
      BatchResult r =
          BatchRunner.create(
                  config(List.of("a", "bad1"), 1, true),
                  again,
                  store,
                  ProgressListener.NONE,
                  warnings::add)
              .run();
      assertEquals(List.of("bad1"), scanned);
      assertEquals(1, r.skipped());
      assertEquals(1, warnings.size(), warnings.toString());
      assertTrue(warnings.get(0).contains("no kept recording"), warnings.get(0));
      assertEquals(1, store.scansOf("a").size(), "no new job stored for a");
      assertEquals(Status.CLEAN, store.latestStatus("a").orElseThrow());
      assertEquals(Status.CLEAN, store.latestStatus("bad1").orElseThrow());
    }
  }
}
