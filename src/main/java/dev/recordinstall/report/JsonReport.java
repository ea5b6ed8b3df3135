package dev.recordinstall.report;

import dev.recordinstall.policy.Finding;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

/** The machine-readable report (docs/report.md): stable keys, schemaVersion 1. */
public final class JsonReport {
  public static final int SCHEMA_VERSION = 1;

  /** Pretty-printing mapper shared by the JSON reports. */
  static final ObjectMapper MAPPER =
      JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();

  private JsonReport() {}

  /** The report as a JSON document (ends with a newline). */
  public static String render(ReportInput in) {
    return MAPPER.writeValueAsString(toMap(in)) + "\n";
  }

  /** The report as plain maps and lists (for embedding in other documents). */
  public static Map<String, Object> toMap(ReportInput in) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("schemaVersion", SCHEMA_VERSION);
    m.put("tool", "record-install");
    m.put("status", in.status());
    m.put("reason", in.reason());
    m.put("specs", in.specs());
    m.put("distributions", in.distributions());
    m.put("recording", in.recordingDir());
    m.put("policy", Map.of("sources", in.policySources()));
    Map<String, Object> summary = new LinkedHashMap<>();
    summary.put("findings", in.findings().size());
    Map<String, Integer> bySeverity = new LinkedHashMap<>();
    for (String s : List.of("critical", "high", "medium", "low")) bySeverity.put(s, 0);
    Map<String, Integer> byCategory = new TreeMap<>();
    for (Finding f : in.findings()) {
      bySeverity.merge(f.severity(), 1, Integer::sum);
      byCategory.merge(f.category(), 1, Integer::sum);
    }
    summary.put("bySeverity", bySeverity);
    summary.put("byCategory", byCategory);
    m.put("summary", summary);
    m.put("findings", in.findings().stream().map(JsonReport::finding).toList());
    m.put("warnings", in.warnings());
    return m;
  }

  private static Map<String, Object> finding(Finding f) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("ruleId", f.ruleId());
    m.put("category", f.category());
    m.put("severity", f.severity());
    m.put("message", f.message());
    m.put("count", f.count());
    m.put(
        "evidence",
        f.evidence().stream()
            .map(
                e -> {
                  Map<String, Object> x = new LinkedHashMap<>();
                  x.put("phase", e.phase());
                  x.put("pid", e.pid());
                  x.put("role", e.role());
                  x.put("command", e.command());
                  x.put("processPath", e.processPath());
                  x.put("event", e.event());
                  x.put("location", e.location());
                  return x;
                })
            .toList());
    return m;
  }
}
