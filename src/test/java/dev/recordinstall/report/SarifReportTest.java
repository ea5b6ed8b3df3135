package dev.recordinstall.report;

import static org.junit.jupiter.api.Assertions.*;

import dev.recordinstall.policy.Finding;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class SarifReportTest {
  static final Map<String, SarifReport.Rule> RULES =
      Map.of(
          "file.sensitive",
          new SarifReport.Rule("Access to credentials", List.of("credential-access")),
          "net.dns-non-index",
          new SarifReport.Rule("DNS lookup of a host other than the index", List.of()));

  static Finding.Evidence ev(String phase, int pid, String event, String location) {
    return new Finding.Evidence(
        phase,
        pid,
        "PACKAGE_CHILD",
        "cat x",
        List.of((pid - 1) + " python -c import x", pid + " cat x"),
        event,
        location);
  }

  static Finding finding(String rule, String cat, String sev, String msg, Finding.Evidence... e) {
    return new Finding(rule, cat, sev, msg, List.of(e), Math.max(1, e.length));
  }

  static JsonNode sarif(ReportInput in) {
    String s = SarifReport.render(in, "1.2.3", RULES);
    assertTrue(s.endsWith("\n"));
    assertTrue(s.contains("\n  \"version\""), "pretty-printed");
    return JsonMapper.builder().build().readTree(s);
  }

  static ReportInput input(String status, String reason, String dir, List<Finding> f) {
    return new ReportInput(
        status,
        reason,
        List.of("Demo==1.0"),
        List.of("demo 1.0"),
        dir,
        List.of("default"),
        f,
        List.of("variable x has no value"));
  }

  /** The fields SARIF 2.1.0 requires (and GitHub needs), checked by hand: no schema offline. */
  static void assertValidSarif(JsonNode n) {
    assertEquals("https://json.schemastore.org/sarif-2.1.0.json", n.get("$schema").asString());
    assertEquals("2.1.0", n.get("version").asString());
    assertEquals(1, n.get("runs").size());
    JsonNode run = n.get("runs").get(0);
    JsonNode driver = run.get("tool").get("driver");
    assertEquals("record-install", driver.get("name").asString());
    assertTrue(driver.get("rules").isArray());
    for (JsonNode r : driver.get("rules")) {
      assertFalse(r.get("id").asString().isEmpty());
      assertFalse(r.get("shortDescription").get("text").asString().isEmpty());
      assertTrue(
          List.of("error", "warning", "note")
              .contains(r.get("defaultConfiguration").get("level").asString()));
      Double.parseDouble(r.get("properties").get("security-severity").asString());
    }
    assertTrue(run.get("results").isArray(), "results present even when empty");
    for (JsonNode res : run.get("results")) {
      assertFalse(res.get("message").get("text").asString().isEmpty());
      int idx = res.get("ruleIndex").asInt();
      assertEquals(res.get("ruleId").asString(), driver.get("rules").get(idx).get("id").asString());
      assertTrue(res.get("locations").size() >= 1, "GitHub needs a location");
      JsonNode pl = res.get("locations").get(0).get("physicalLocation");
      assertFalse(pl.get("artifactLocation").get("uri").asString().isEmpty());
      assertEquals("RECORDING", pl.get("artifactLocation").get("uriBaseId").asString());
      assertTrue(pl.get("region").get("startLine").asInt() >= 1);
      assertEquals(1, res.get("partialFingerprints").size());
    }
    JsonNode inv = run.get("invocations").get(0);
    assertTrue(inv.get("executionSuccessful").isBoolean());
  }

  @Test
  void findingsMapToResultsWithLevelsRulesAndLocations() {
    Finding ssh =
        finding(
            "file.sensitive",
            "file",
            "critical",
            "IMPORT process touched /h/.ssh/id_rsa (READ): python -c import x",
            ev("import", 201, "openat READ /h/.ssh/id_rsa = ok", "import.strace:42"),
            ev("import", 202, "openat READ /h/.ssh/id_ed25519 = ok", "import.strace:57"));
    Finding dns =
        finding(
            "net.dns-non-index",
            "network",
            "high",
            "DNS query for evil.invalid by IMPORT process: python",
            ev("import", 203, "sendto DNS evil.invalid", "import.strace:80"));
    Finding ssh2 =
        finding(
            "file.sensitive",
            "file",
            "critical",
            "IMPORT process touched /h/.aws/credentials (READ): python -c import x",
            ev("import", 201, "openat READ /h/.aws/credentials = ok", "import.strace:44"));
    Finding exit = finding("exit.nonzero", "exit", "medium", "exited 1");
    Finding low =
        finding(
            "proc.x", "process", "low", "ran x", ev("install", 5, "execve x", "install.strace:3"));
    JsonNode n = sarif(input("findings", null, "/rec", List.of(ssh, dns, ssh2, exit, low)));
    assertValidSarif(n);
    JsonNode run = n.get("runs").get(0);
    assertEquals("1.2.3", run.get("tool").get("driver").get("version").asString());

    // Rules: one per rule id, sorted by id, with level, security-severity and tags.
    JsonNode rules = run.get("tool").get("driver").get("rules");
    List<String> ids = new ArrayList<>();
    rules.forEach(r -> ids.add(r.get("id").asString()));
    assertEquals(
        List.of("exit.nonzero", "file.sensitive", "net.dns-non-index", "proc.x"), ids, "dedup");
    JsonNode fileRule = rules.get(1);
    assertEquals("Access to credentials", fileRule.get("shortDescription").get("text").asString());
    assertEquals("error", fileRule.get("defaultConfiguration").get("level").asString());
    assertEquals("9.5", fileRule.get("properties").get("security-severity").asString());
    assertEquals(
        "[\"security\",\"credential-access\",\"file\"]",
        fileRule.get("properties").get("tags").toString());
    assertEquals("8.0", rules.get(2).get("properties").get("security-severity").asString());
    assertEquals("warning", rules.get(0).get("defaultConfiguration").get("level").asString());
    assertEquals("5.0", rules.get(0).get("properties").get("security-severity").asString());
    assertEquals(
        "exit.nonzero",
        rules.get(0).get("shortDescription").get("text").asString(),
        "no metadata: the id");
    assertEquals("note", rules.get(3).get("defaultConfiguration").get("level").asString());
    assertEquals("2.0", rules.get(3).get("properties").get("security-severity").asString());

    // Results: in finding order, ruleIndex pointing at the right rule.
    JsonNode results = run.get("results");
    assertEquals(5, results.size());
    int[] expectIndex = {1, 2, 1, 0, 3};
    String[] expectLevel = {"error", "error", "error", "warning", "note"};
    for (int i = 0; i < 5; i++) {
      assertEquals(expectIndex[i], results.get(i).get("ruleIndex").asInt(), "result " + i);
      assertEquals(expectLevel[i], results.get(i).get("level").asString(), "result " + i);
    }
    JsonNode r0 = results.get(0);
    assertEquals(
        "IMPORT process touched /h/.ssh/id_rsa (READ): python -c import x",
        r0.get("message").get("text").asString());
    JsonNode pl = r0.get("locations").get(0).get("physicalLocation");
    assertEquals("import.strace", pl.get("artifactLocation").get("uri").asString());
    assertEquals(42, pl.get("region").get("startLine").asInt());
    assertTrue(
        r0.get("locations")
            .get(0)
            .get("message")
            .get("text")
            .asString()
            .contains("pid 201 PACKAGE_CHILD cat x: openat READ /h/.ssh/id_rsa = ok"));
    JsonNode rel = r0.get("relatedLocations");
    assertEquals(1, rel.size());
    assertEquals(1, rel.get(0).get("id").asInt());
    assertEquals(57, rel.get(0).get("physicalLocation").get("region").get("startLine").asInt());
    assertNull(results.get(1).get("relatedLocations"));
    JsonNode props = r0.get("properties");
    assertEquals("file", props.get("category").asString());
    assertEquals("critical", props.get("severity").asString());
    assertEquals(2, props.get("count").asInt());
    assertEquals("[\"Demo==1.0\"]", props.get("specs").toString());
    assertEquals("[\"demo 1.0\"]", props.get("distributions").toString());

    // A finding without evidence points at the manifest.
    JsonNode noEv = results.get(3).get("locations").get(0).get("physicalLocation");
    assertEquals("run.json", noEv.get("artifactLocation").get("uri").asString());
    assertEquals(1, noEv.get("region").get("startLine").asInt());

    // Distinct findings of one rule get distinct fingerprints.
    assertNotEquals(
        r0.get("partialFingerprints").toString(),
        results.get(2).get("partialFingerprints").toString());

    assertEquals(
        "file:///rec/", run.get("originalUriBaseIds").get("RECORDING").get("uri").asString());
    JsonNode inv = run.get("invocations").get(0);
    assertTrue(inv.get("executionSuccessful").asBoolean());
    JsonNode notes = inv.get("toolExecutionNotifications");
    assertEquals(1, notes.size(), notes.toString());
    assertEquals("note", notes.get(0).get("level").asString());
    assertEquals("variable x has no value", notes.get(0).get("message").get("text").asString());
  }

  @Test
  void cleanHasNoResultsButAValidLog() {
    JsonNode n = sarif(input("clean", null, null, List.of()));
    assertValidSarif(n);
    JsonNode run = n.get("runs").get(0);
    assertEquals(0, run.get("results").size());
    assertEquals(0, run.get("tool").get("driver").get("rules").size());
    assertTrue(run.get("invocations").get(0).get("executionSuccessful").asBoolean());
    assertNull(run.get("originalUriBaseIds").get("RECORDING").get("uri"), "deleted recording");
    assertEquals("clean", run.get("properties").get("status").asString());
  }

  @Test
  void noVerdictStatusesAreUnsuccessfulInvocationsWithTheReason() {
    for (String status : List.of("install-failed", "timeout", "tool-error")) {
      JsonNode n = sarif(input(status, "pip failed: no match for demo", "/rec", List.of()));
      assertValidSarif(n);
      JsonNode inv = n.get("runs").get(0).get("invocations").get(0);
      assertFalse(inv.get("executionSuccessful").asBoolean(), status);
      JsonNode first = inv.get("toolExecutionNotifications").get(0);
      assertEquals("error", first.get("level").asString());
      assertEquals(
          status + ": pip failed: no match for demo", first.get("message").get("text").asString());
      assertEquals(status, first.get("descriptor").get("id").asString());
    }
    // Findings from a run that also failed: a verdict (successful), the failure as a warning.
    Finding f = finding("exit.nonzero", "exit", "medium", "exited 1");
    JsonNode inv =
        sarif(input("findings", "the install failed too: x", "/rec", List.of(f)))
            .get("runs")
            .get(0)
            .get("invocations")
            .get(0);
    assertTrue(inv.get("executionSuccessful").asBoolean());
    assertEquals("warning", inv.get("toolExecutionNotifications").get(0).get("level").asString());
  }

  /** The same findings from a second scan: other pids, temp dirs, recording dir, trace lines. */
  @Test
  void fingerprintsAreStableAcrossScans() {
    List<Finding> a =
        List.of(
            finding(
                "proc.kill",
                "process",
                "high",
                "kill against pid 4242 by BUILD_BACKEND: python /ri/tmp/pip-build-env-ab12cd/x.py",
                ev("install", 4243, "kill 4242 SIGKILL", "install.strace:100")),
            finding(
                "syscall.unusual",
                "syscall",
                "medium",
                "IMPORT process used setuid (3x): python /tmp/tmpq1w2e3r4/run.py",
                ev("import", 300, "setuid 0", "import.strace:7")),
            finding(
                "tamper.tracer-error",
                "tamper",
                "high",
                "tracer error: /rec-1/install.strace:55 cut",
                ev("install", 1, "x", null)));
    List<Finding> b =
        List.of(
            finding(
                "proc.kill",
                "process",
                "high",
                "kill against pid 917 by BUILD_BACKEND: python /ri/tmp/pip-build-env-zz99yy/x.py",
                ev("install", 918, "kill 917 SIGKILL", "install.strace:123")),
            finding(
                "syscall.unusual",
                "syscall",
                "medium",
                "IMPORT process used setuid (5x): python /tmp/tmpzzzzzzzz/run.py",
                ev("import", 512, "setuid 0", "import.strace:9")),
            finding(
                "tamper.tracer-error",
                "tamper",
                "high",
                "tracer error: /rec-2/install.strace:81 cut",
                ev("install", 1, "x", null)));
    ReportInput ia =
        new ReportInput(
            "findings", null, List.of("demo==1.0"), List.of(), "/rec-1", List.of(), a, List.of());
    ReportInput ib =
        new ReportInput(
            "findings", null, List.of("Demo>=1.1"), List.of(), "/rec-2", List.of(), b, List.of());
    JsonNode ra = sarif(ia).get("runs").get(0).get("results");
    JsonNode rb = sarif(ib).get("runs").get(0).get("results");
    for (int i = 0; i < 3; i++) {
      assertEquals(
          ra.get(i).get("partialFingerprints").toString(),
          rb.get(i).get("partialFingerprints").toString(),
          "result " + i);
    }
    // ...but another package or another path is another finding.
    ReportInput other =
        new ReportInput(
            "findings", null, List.of("other"), List.of(), "/rec-1", List.of(), a, List.of());
    assertNotEquals(
        ra.get(0).get("partialFingerprints").toString(),
        sarif(other)
            .get("runs")
            .get(0)
            .get("results")
            .get(0)
            .get("partialFingerprints")
            .toString());
    Finding ssh = finding("file.sensitive", "file", "critical", "touched /h/.ssh/id_rsa");
    Finding aws = finding("file.sensitive", "file", "critical", "touched /h/.aws/credentials");
    assertNotEquals(SarifReport.fingerprintKey(ssh, ia), SarifReport.fingerprintKey(aws, ia));
    // Findings identical once masked stay apart, in order, and stay stable.
    Finding k1 = finding("proc.kill", "process", "high", "kill against pid 1 by X: y");
    Finding k2 = finding("proc.kill", "process", "high", "kill against pid 2 by X: y");
    JsonNode twice = sarif(input("findings", null, "/r", List.of(k1, k2))).get("runs").get(0);
    assertNotEquals(
        twice.get("results").get(0).get("partialFingerprints").toString(),
        twice.get("results").get(1).get("partialFingerprints").toString());
  }

  @Test
  void projectNames() {
    assertEquals("django", SarifReport.projectName("Django==5.2.17"));
    assertEquals("demo-pkg", SarifReport.projectName("demo_pkg[extra]>=1"));
    assertEquals("demo", SarifReport.projectName("/tmp/x/demo-1.0.tar.gz"));
    assertEquals("demo-pkg", SarifReport.projectName("./dist/demo_pkg-1.0-py3-none-any.whl"));
    assertEquals("proj", SarifReport.projectName("/src/proj/"));
  }

  @Test
  void hostileTextIsBoundedAndEscaped() {
    String esc = "\u001b[31m";
    String big = "A".repeat(50_000);
    Finding f =
        new Finding(
            "file.sensitive",
            "file",
            "critical",
            "touched " + esc + "x\u202e\n" + big,
            List.of(
                new Finding.Evidence(
                    "import",
                    7,
                    "IMPORT",
                    "py" + esc + big,
                    List.of("7 py" + esc),
                    "openat " + esc + big,
                    "imp ort\u001b.strace:12")),
            1);
    ReportInput in =
        new ReportInput(
            "tool-error",
            "boom " + esc + big,
            List.of("de" + esc + "mo"),
            List.of("demo\r1.0"),
            "/rec",
            List.of("default"),
            List.of(f),
            List.of("w" + esc));
    String s = SarifReport.render(in, "1.2.3", RULES);
    assertFalse(s.contains("\u001b"), "no raw ESC");
    assertFalse(s.contains("\\u001B") || s.contains("\\u001b"), "ESC not merely JSON-escaped");
    assertFalse(s.contains("\u202e"), "no bidi override");
    assertTrue(s.length() < 40_000, "bounded: " + s.length());
    JsonNode n = JsonMapper.builder().build().readTree(s);
    assertValidSarif(n);
    JsonNode res = n.get("runs").get(0).get("results").get(0);
    assertTrue(
        res.get("message").get("text").asString().contains("touched \\x1b[31mx\\u202e\\x0a"));
    assertEquals(
        "imp%20ort%5Cx1b.strace",
        res.get("locations")
            .get(0)
            .get("physicalLocation")
            .get("artifactLocation")
            .get("uri")
            .asString());
    assertEquals("[\"de\\\\x1b[31mmo\"]", res.get("properties").get("specs").toString());
  }
}
