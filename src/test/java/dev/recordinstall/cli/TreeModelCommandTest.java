package dev.recordinstall.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TreeModelCommandTest {
  static final String ROLES = "src/test/resources/dev/recordinstall/model/snippets/roles.strace";

  static String[] run(String... args) {
    PrintStream out = System.out;
    PrintStream err = System.err;
    ByteArrayOutputStream o = new ByteArrayOutputStream();
    ByteArrayOutputStream e = new ByteArrayOutputStream();
    try {
      System.setOut(new PrintStream(o, true, StandardCharsets.UTF_8));
      System.setErr(new PrintStream(e, true, StandardCharsets.UTF_8));
      int rc = Main.run(args);
      return new String[] {
        Integer.toString(rc), o.toString(StandardCharsets.UTF_8), e.toString(StandardCharsets.UTF_8)
      };
    } finally {
      System.setOut(out);
      System.setErr(err);
    }
  }

  @Test
  void treeOfALog() {
    String[] r = run("tree", "--phase", "install", ROLES);
    assertEquals("0", r[0], r[2]);
    assertTrue(r[1].startsWith("phase install (root pid 100"), r[1]);
    assertTrue(r[1].contains("\n  103 BUILD_BACKEND exit 0 +1 thread  /venv/bin/python"), r[1]);
    assertTrue(r[1].contains("\n      106 BUILD_TOOL exit 0  /usr/lib/gcc/"), r[1]);
  }

  @Test
  void modelOfARecordingDirectory(@TempDir Path dir) throws Exception {
    Files.copy(Path.of(ROLES), dir.resolve("install.strace"));
    Files.writeString(
        dir.resolve("run.json"),
        "{\"schemaVersion\":1,\"phases\":[{\"name\":\"install\",\"trace\":\"install.strace\"}]}");
    String[] r = run("model", dir.toString());
    assertEquals("0", r[0], r[2]);
    assertTrue(r[1].contains("\"phases\" : [ {"), r[1]);
    assertTrue(r[1].contains("\"role\" : \"BUILD_TOOL\""), r[1]);
  }

  /**
   * A namespaced recording (bwrap --unshare-pid, concurrent forks) prints the same tree and model
   * whether strace translated the pids (--pidns-translation) or not (the builder's repair).
   */
  @Test
  void treeAndModelAreTheSameWithAndWithoutPidnsTranslation(@TempDir Path tmp) throws Exception {
    String text;
    try (var in =
        new java.util.zip.GZIPInputStream(
            Files.newInputStream(
                Path.of(
                    "src/test/resources/dev/recordinstall/model/traces/pidns-concurrent.strace.gz")))) {
      text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    Path[] t = {
      Files.createDirectories(tmp.resolve("a")).resolve("import.strace"),
      Files.createDirectories(tmp.resolve("b")).resolve("import.strace")
    };
    Files.writeString(t[0], text);
    Files.writeString(t[1], text.replaceAll(" /\\* \\d+ in strace's PID NS \\*/", ""));
    String[] a = run("tree", "--phase", "import", t[0].toString());
    String[] b = run("tree", "--phase", "import", t[1].toString());
    assertEquals("0", a[0], a[2]);
    assertEquals("0", b[0], b[2]);
    assertEquals(a[1], b[1]);
    assertTrue(a[1].contains("PACKAGE_CHILD"), a[1]);
    String[] ma = run("model", "--phase", "import", t[0].toString());
    String[] mb = run("model", "--phase", "import", t[1].toString());
    assertEquals("0", ma[0], ma[2]);
    // senderPid aside: strace 6.1 translates si_pid of SIGTERM but not of SIGCHLD, while the
    // repair maps both, so the untranslated trace names SIGCHLD's senders by host pid.
    String senderless = "(?m)^ *\"senderPid\" : \\d+$";
    assertEquals(
        ma[1].replaceAll(senderless, ""),
        mb[1].replace(t[1].toString(), t[0].toString()).replaceAll(senderless, ""));
    assertTrue(ma[1].contains("\"namespacePid\" : \"8\""), "kill of namespace pid 8");
  }

  @Test
  void missingInputIsAUsageError() {
    String[] r = run("model", "/nonexistent/x.strace");
    assertEquals("2", r[0]);
    assertTrue(r[2].contains("no such file or directory: /nonexistent/x.strace"), r[2]);
  }
}
