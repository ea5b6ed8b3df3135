package dev.recordinstall.strace;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.recordinstall.events.JsonLinesWriter;
import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Golden files: every {@code *.strace} / {@code *.strace.gz} (and every directory of {@code -ff}
 * per-pid files) under src/test/resources/golden/ was recorded with the real strace by
 * scripts/record-golden.sh; the expected events are in {@code NAME.jsonl} next to it. Regenerate
 * them (never edit by hand) with {@code mvn -o test -Dtest=GoldenTest -Dgolden.update=true}.
 */
class GoldenTest {
  static final Path DIR =
      Path.of(System.getProperty("basedir", ".")).resolve("src/test/resources/golden");
  static final boolean UPDATE = Boolean.getBoolean("golden.update");

  static List<Path> inputs() throws IOException {
    if (!Files.isDirectory(DIR)) fail("golden directory missing: " + DIR);
    List<Path> out = new ArrayList<>();
    try (Stream<Path> s = Files.list(DIR)) {
      s.filter(
              p ->
                  Files.isDirectory(p)
                      || p.toString().endsWith(".strace")
                      || p.toString().endsWith(".strace.gz"))
          .sorted()
          .forEach(out::add);
    }
    if (out.size() < 5) fail("expected at least 5 golden recordings in " + DIR + ", found " + out);
    return out;
  }

  static List<Path> files(Path input) throws IOException {
    if (!Files.isDirectory(input)) return List.of(input);
    try (Stream<Path> s = Files.list(input)) {
      return s.filter(Files::isRegularFile).sorted().toList();
    }
  }

  /** {@code NAME.jsonl}, or {@code NAME.jsonl.gz} for a gzipped input (kept small in git). */
  static Path expected(Path input) {
    String file = input.getFileName().toString();
    String name = file.replaceAll("\\.strace(\\.gz)?$", "");
    return input.resolveSibling(name + (file.endsWith(".gz") ? ".jsonl.gz" : ".jsonl"));
  }

  static void write(Path p, String text) throws IOException {
    byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
    if (p.toString().endsWith(".gz")) {
      try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(p))) {
        out.write(bytes);
      }
    } else {
      Files.write(p, bytes);
    }
  }

  static String read(Path p) throws IOException {
    try (InputStream in =
        p.toString().endsWith(".gz")
            ? new GZIPInputStream(Files.newInputStream(p))
            : Files.newInputStream(p)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  @TestFactory
  Stream<DynamicTest> goldenFiles() throws IOException {
    return inputs().stream()
        .map(input -> DynamicTest.dynamicTest(input.getFileName().toString(), () -> check(input)));
  }

  static void check(Path input) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    StraceParser.Summary summary;
    List<String> errors = new ArrayList<>();
    try (JsonLinesWriter w = JsonLinesWriter.of(bytes);
        EventStream events = StraceParser.open(files(input), Limits.defaults(), DIR)) {
      while (events.hasNext()) {
        TraceEvent e = events.next();
        if (e instanceof TraceEvent.ParseError pe && errors.size() < 5) {
          errors.add(pe.loc() + ":" + pe.column() + " " + pe.message() + ": " + pe.text());
        }
        w.write(e);
      }
      summary = events.summary();
    }
    String actual = bytes.toString(StandardCharsets.UTF_8);
    Path exp = expected(input);
    if (UPDATE) {
      write(exp, actual);
    }
    assertEquals(0, summary.errors(), "parse errors in " + input + ": " + errors);
    assertTrue(summary.events() > 100, "too few events in " + input + ": " + summary);
    if (!Files.exists(exp)) fail("missing " + exp + "; run with -Dgolden.update=true");
    String want = read(exp);
    if (!want.equals(actual)) {
      BufferedReader a = new BufferedReader(new StringReader(actual));
      BufferedReader b = new BufferedReader(new StringReader(want));
      for (int line = 1; ; line++) {
        String x = a.readLine();
        String y = b.readLine();
        if (x == null && y == null) break;
        if (x == null || !x.equals(y)) {
          fail(
              exp.getFileName()
                  + " differs at line "
                  + line
                  + "\nwant: "
                  + y
                  + "\ngot:  "
                  + x
                  + "\n(regenerate with -Dgolden.update=true if the change is intended)");
        }
      }
    }
  }

  /**
   * The {@code --pidns-translation} recording (strace outside {@code bwrap --unshare-pid}): every
   * child pid a successful clone returns is strace's pid, i.e. the pid of later lines, not the
   * small namespace pid the tracee saw (kept in {@code raw}).
   */
  @org.junit.jupiter.api.Test
  void pidNamespaceTranslationGivesStracePids() throws IOException {
    Path input = DIR.resolve("beh-pidns-f-ttt-T.strace.gz");
    if (!Files.exists(input)) fail("missing " + input + " (scripts/record-golden.sh)");
    java.util.Set<Integer> linePids = new java.util.HashSet<>();
    List<TraceEvent.Syscall> clones = new ArrayList<>();
    try (EventStream events = StraceParser.open(List.of(input), Limits.defaults(), DIR)) {
      while (events.hasNext()) {
        TraceEvent e = events.next();
        linePids.add(e.pid());
        if (e instanceof TraceEvent.Syscall sc
            && sc.name().startsWith("clone")
            && sc.ok()
            && sc.ret().value() > 0) {
          clones.add(sc);
        }
      }
    }
    assertTrue(clones.size() >= 3, "expected clones in " + input + ": " + clones.size());
    int translated = 0;
    for (TraceEvent.Syscall c : clones) {
      int child = c.ret().value().intValue();
      assertTrue(linePids.contains(child), "clone at " + c.loc() + " returned " + child);
      if (!c.ret().raw().equals(Long.toString(child))) translated++;
    }
    assertTrue(translated >= 2, "expected clones returning namespace pids, got " + translated);
  }
}
