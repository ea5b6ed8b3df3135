package dev.recordinstall.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

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

  /**
   * A small recording (fake run.json, strace -f -ttt -yy text): the import reads an SSH key, then
   * opens a file whose name holds an ANSI escape (as real strace 6.1 prints it).
   */
  static final Path RECORDING = Path.of("src/test/resources/dev/recordinstall/report/recording");

  @Test
  void analyzeWritesSarif() throws Exception {
    String[] r = TreeModelCommandTest.run("analyze", RECORDING.toString(), "--format", "sarif");
    assertEquals("1", r[0], r[2]);
    JsonNode n = JsonMapper.builder().build().readTree(r[1]);
    assertEquals("2.1.0", n.get("version").asString());
    JsonNode run = n.get("runs").get(0);
    assertEquals("record-install", run.get("tool").get("driver").get("name").asString());
    assertTrue(run.get("invocations").get(0).get("executionSuccessful").asBoolean());
    JsonNode results = run.get("results");
    JsonNode ssh = null;
    for (JsonNode res : results) {
      if (ssh == null && res.get("ruleId").asString().equals("file.sensitive")) ssh = res;
    }
    assertTrue(ssh != null, r[1]);
    assertEquals("error", ssh.get("level").asString());
    JsonNode rule = run.get("tool").get("driver").get("rules").get(ssh.get("ruleIndex").asInt());
    assertEquals("file.sensitive", rule.get("id").asString());
    assertFalse(rule.get("shortDescription").get("text").asString().equals("file.sensitive"));
    // the rule's own tags from the policy, beside "security" and the category
    assertTrue(
        rule.get("properties").get("tags").toString().contains("credential-access"),
        rule.toString());
    JsonNode pl = ssh.get("locations").get(0).get("physicalLocation");
    assertEquals("import.strace", pl.get("artifactLocation").get("uri").asString());
    assertEquals(2, pl.get("region").get("startLine").asInt());
    assertTrue(
        run.get("originalUriBaseIds")
            .get("RECORDING")
            .get("uri")
            .asString()
            .endsWith("/report/recording/"));
    assertFalse(r[1].contains("\u001B") || r[1].contains("\u001b"), "ESC escaped, not passed");

    // A clean recording: exit 0, no results.
    Files.copy(RECORDING.resolve("run.json"), tmp.resolve("run.json"));
    Files.copy(RECORDING.resolve("install.strace"), tmp.resolve("install.strace"));
    Files.writeString(
        tmp.resolve("import.strace"),
        Files.readString(RECORDING.resolve("import.strace")).replaceAll("(?m)^.*openat.*\\n", ""));
    String[] c = TreeModelCommandTest.run("analyze", tmp.toString(), "--format", "sarif");
    assertEquals("0", c[0], c[1] + c[2]);
    assertEquals(
        0, JsonMapper.builder().build().readTree(c[1]).get("runs").get(0).get("results").size());
  }
}
