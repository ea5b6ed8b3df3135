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

  @Test
  void missingInputIsAUsageError() {
    String[] r = run("model", "/nonexistent/x.strace");
    assertEquals("2", r[0]);
    assertTrue(r[2].contains("no such file or directory: /nonexistent/x.strace"), r[2]);
  }
}
