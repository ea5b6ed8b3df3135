package dev.recordinstall.report;

import static org.junit.jupiter.api.Assertions.*;

import dev.recordinstall.policy.Finding;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class ReportTest {
  static final Finding F =
      new Finding(
          "file.sensitive",
          "file",
          "critical",
          "IMPORT process touched /h/.ssh/id_rsa (READ): python -c import x",
          List.of(
              new Finding.Evidence(
                  "import",
                  201,
                  "PACKAGE_CHILD",
                  "cat /h/.ssh/id_rsa",
                  List.of("200 python -c import x", "201 cat /h/.ssh/id_rsa"),
                  "openat READ /h/.ssh/id_rsa = ok",
                  "import.strace:42")),
          3);
  static final Finding G = new Finding("exit.nonzero", "exit", "medium", "exited 1", List.of(), 1);

  static ReportInput input(String status, List<Finding> f) {
    return new ReportInput(
        status,
        null,
        List.of("demo"),
        List.of("demo 1.0"),
        "/rec",
        List.of("default"),
        f,
        List.of());
  }

  @Test
  void textGroupsByCategoryWithProcessPath() {
    String t = TextReport.render(input("findings", List.of(F, G)), false);
    assertTrue(
        t.startsWith("record-install: demo: FINDINGS — 2 findings (1 critical, 1 medium)"), t);
    assertTrue(t.indexOf("== file (1)") < t.indexOf("== exit (1)"), t);
    assertTrue(t.contains("import.strace:42  openat READ /h/.ssh/id_rsa = ok"), t);
    assertTrue(t.contains("└─ 201 cat /h/.ssh/id_rsa  [PACKAGE_CHILD, import]"), t);
    assertTrue(t.contains("… 2 more occurrences"), t);
    assertFalse(t.contains("\u001b"), "no colour unless asked");
    assertTrue(TextReport.render(input("findings", List.of(F)), true).contains("\u001b[1;31m"));
  }

  @Test
  void cleanAndFailureVerdicts() {
    assertTrue(TextReport.render(input("clean", List.of()), false).contains("CLEAN — no findings"));
    ReportInput failed =
        new ReportInput(
            "install-failed",
            "pip failed: no match",
            List.of("x"),
            List.of(),
            null,
            List.of(),
            List.of(),
            List.of());
    String t = TextReport.render(failed, false);
    assertTrue(t.contains("INSTALL-FAILED") && t.contains("reason: pip failed: no match"), t);
  }

  @Test
  void colourRespectsNoColorAndTty() {
    assertTrue(TextReport.useColour(true, Map.of()));
    assertFalse(TextReport.useColour(false, Map.of()));
    assertFalse(TextReport.useColour(true, Map.of("NO_COLOR", "1")));
    assertTrue(TextReport.useColour(true, Map.of("NO_COLOR", "")));
    assertFalse(TextReport.useColour(true, Map.of("TERM", "dumb")));
  }

  @Test
  void jsonHasSchemaVersionAndStableKeys() {
    JsonNode n =
        JsonMapper.builder().build().readTree(JsonReport.render(input("findings", List.of(F, G))));
    assertEquals(1, n.get("schemaVersion").asInt());
    assertEquals("findings", n.get("status").asString());
    assertEquals(2, n.get("summary").get("findings").asInt());
    assertEquals(1, n.get("summary").get("bySeverity").get("critical").asInt());
    assertEquals(1, n.get("summary").get("byCategory").get("exit").asInt());
    JsonNode f = n.get("findings").get(0);
    assertEquals("file.sensitive", f.get("ruleId").asString());
    assertEquals(3, f.get("count").asInt());
    assertEquals("import.strace:42", f.get("evidence").get(0).get("location").asString());
    assertEquals(2, f.get("evidence").get(0).get("processPath").size());
    assertTrue(n.has("reason") && n.get("reason").isNull());
  }
}
