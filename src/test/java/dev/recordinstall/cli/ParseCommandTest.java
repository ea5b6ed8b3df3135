package dev.recordinstall.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ParseCommandTest {
  @TempDir Path dir;

  /** Runs the CLI; returns {exit code, stderr}. */
  static Object[] run(String... args) {
    PrintStream old = System.err;
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
    try {
      int code = Main.run(args);
      return new Object[] {code, err.toString(StandardCharsets.UTF_8)};
    } finally {
      System.setErr(old);
    }
  }

  static final String LOG =
      "100 1795461076.476668 openat(AT_FDCWD</tmp>, \"/etc/hostname\", O_RDONLY) = 3</etc/hostname>\n"
          + "100 1795461076.476700 clone(child_stack=NULL, flags=SIGCHLD) = 101\n"
          + "101 1795461076.476800 +++ exited with 0 +++\n"
          + "100 1795461076.476900 exit_group(0) = ?\n"
          + "100 1795461076.477000 +++ exited with 0 +++\n";

  @Test
  void parsesToJsonLinesWithSummary() throws IOException {
    Path log = Files.writeString(dir.resolve("t.strace"), LOG);
    Path out = dir.resolve("out.jsonl");
    Object[] r = run("parse", log.toString(), "-o", out.toString());
    assertEquals(0, r[0], (String) r[1]);
    List<String> lines = Files.readAllLines(out);
    assertEquals(5, lines.size());
    assertTrue(
        lines.stream().allMatch(l -> l.startsWith("{\"schemaVersion\":1,")), lines::toString);
    assertTrue(((String) r[1]).contains("5 events, 2 processes, 0 parse errors"), (String) r[1]);
  }

  @Test
  void missingFileIsUsageErrorNamingIt() {
    Object[] r = run("parse", dir.resolve("nope.strace").toString());
    assertEquals(2, r[0]);
    assertTrue(((String) r[1]).contains("nope.strace"), (String) r[1]);
  }

  @Test
  void truncatedGzipKeepsEventsAndReportsErrors() throws IOException {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < 5000; i++) sb.append(LOG);
    Path gz = dir.resolve("t.strace.gz");
    try (OutputStream o = new GZIPOutputStream(Files.newOutputStream(gz))) {
      o.write(sb.toString().getBytes(StandardCharsets.US_ASCII));
    }
    byte[] all = Files.readAllBytes(gz);
    Files.write(gz, Arrays.copyOf(all, all.length / 2));
    Path out = dir.resolve("out.jsonl");
    Object[] r = run("parse", gz.toString(), "-o", out.toString());
    assertEquals(0, r[0], (String) r[1]);
    assertTrue(((String) r[1]).contains("read error"), (String) r[1]);
    assertTrue(Files.readAllLines(out).size() > 1000);
    Object[] strict = run("parse", "--strict", gz.toString(), "-o", out.toString());
    assertEquals(1, strict[0], (String) strict[1]);
  }

  @Test
  void binaryFileGivesErrorsExitZero() throws IOException {
    byte[] junk = new byte[20000];
    new java.util.Random(1).nextBytes(junk);
    Path bin = Files.write(dir.resolve("junk.bin"), junk);
    Object[] r = run("parse", bin.toString(), "-o", dir.resolve("o.jsonl").toString());
    assertEquals(0, r[0]);
    assertTrue(((String) r[1]).matches("(?s).*, [1-9][0-9]* parse errors.*"), (String) r[1]);
  }

  @Test
  void ffFilesOfADirectoryAreMerged() throws IOException {
    Path ff = Files.createDirectory(dir.resolve("ff"));
    Files.writeString(
        ff.resolve("trace.100"),
        "1.000002 clone(child_stack=NULL, flags=SIGCHLD) = 101\n1.000009 +++ exited with 0 +++\n");
    Files.writeString(
        ff.resolve("trace.101"), "1.000005 getpid() = 101\n1.000006 +++ exited with 1 +++\n");
    Path out = dir.resolve("o.jsonl");
    Object[] r = run("parse", ff.toString(), "-o", out.toString());
    assertEquals(0, r[0], (String) r[1]);
    List<String> lines = Files.readAllLines(out);
    assertEquals(4, lines.size());
    assertTrue(
        lines.get(1).contains("\"pid\":101") && lines.get(1).contains("getpid"), lines::toString);
    assertTrue(((String) r[1]).contains("2 processes"), (String) r[1]);
  }
}
