package dev.recordinstall.report;

import dev.recordinstall.policy.Policy;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The rules of an effective policy (default + overlays) for {@code record-install rules}: a table
 * for people, JSON (schemaVersion 1) for tools. Rule texts come from policy files the user chose,
 * but an overlay may come from anywhere: they are cleaned like trace text.
 */
public final class RuleListing {
  private RuleListing() {}

  /** One block per rule: id, severity, category, state, then description and exceptions. */
  public static String text(List<Policy.RuleInfo> rules, List<String> sources) {
    StringBuilder sb = new StringBuilder();
    long on = rules.stream().filter(Policy.RuleInfo::enabled).count();
    sb.append(rules.size())
        .append(" rules (")
        .append(on)
        .append(" on) from ")
        .append(String.join(" + ", clean(sources)))
        .append('\n');
    int width = 0;
    for (Policy.RuleInfo r : rules) width = Math.max(width, Math.min(40, clean(r.id()).length()));
    for (Policy.RuleInfo r : rules) {
      sb.append('\n')
          .append(pad(clean(r.id()), width))
          .append("  ")
          .append(pad(clean(r.severity()), 8))
          .append("  ")
          .append(pad(clean(r.category()), 8))
          .append("  ")
          .append(r.enabled() ? "on" : "OFF")
          .append(
              r.source() == null || r.source().equals("default")
                  ? ""
                  : "  (" + clean(r.source()) + ")")
          .append('\n');
      sb.append("    ").append(clean(r.description())).append('\n');
      if (!r.exceptions().isEmpty()) {
        sb.append("    exceptions: ").append(String.join(", ", clean(r.exceptions()))).append('\n');
      }
    }
    return sb.toString();
  }

  /** {"schemaVersion":1,"sources":[…],"rules":[{id, category, severity, enabled, …}]} */
  public static String json(List<Policy.RuleInfo> rules, List<String> sources) {
    Map<String, Object> root = new LinkedHashMap<>();
    root.put("schemaVersion", 1);
    root.put("sources", sources);
    List<Map<String, Object>> list = new ArrayList<>();
    for (Policy.RuleInfo r : rules) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("id", r.id());
      m.put("category", r.category());
      m.put("severity", r.severity());
      m.put("enabled", r.enabled());
      m.put("description", r.description());
      m.put("tags", r.tags());
      m.put("kinds", r.kinds());
      m.put("exceptions", r.exceptions());
      m.put("source", r.source());
      list.add(m);
    }
    root.put("rules", list);
    return JsonReport.MAPPER.writeValueAsString(root) + "\n";
  }

  private static String clean(String s) {
    return s == null ? "" : dev.recordinstall.policy.Text.clean(s, 300);
  }

  private static List<String> clean(List<String> l) {
    return l.stream().map(RuleListing::clean).toList();
  }

  private static String pad(String s, int w) {
    return s.length() >= w ? s : s + " ".repeat(w - s.length());
  }
}
