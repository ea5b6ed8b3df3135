package dev.recordinstall.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Usage errors of scan and analyze (the end-to-end runs live in the integration suite). */
class ScanAnalyzeCommandTest {
  @TempDir Path tmp;

  @Test
  void analyzeNeedsARecording() {
    assertEquals(2, Main.run("analyze", tmp.resolve("nope").toString()));
    assertEquals(2, Main.run("analyze", tmp.toString()));
    assertEquals(2, Main.run("analyze"));
  }

  @Test
  void badPolicyIsAUsageError() throws Exception {
    Files.writeString(tmp.resolve("run.json"), "{}");
    Path bad = tmp.resolve("bad.yaml");
    Files.writeString(bad, "schemaVersion: 1\nrules: [{rule: x}]\n");
    assertEquals(2, Main.run("analyze", tmp.toString(), "--policy", bad.toString()));
    assertEquals(
        2, Main.run("analyze", tmp.toString(), "--policy", tmp.resolve("missing.yaml").toString()));
    assertEquals(2, Main.run("scan", "x", "--policy", bad.toString()));
  }

  @Test
  void scanUsageErrors() {
    assertEquals(2, Main.run("scan"));
    assertEquals(2, Main.run("scan", "x", "--network", "sideways"));
    assertEquals(2, Main.run("scan", "x", "--timeout", "0"));
    assertEquals(2, Main.run("scan", "x", "--format", "xml"));
  }
}
