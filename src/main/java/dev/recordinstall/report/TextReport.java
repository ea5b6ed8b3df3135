package dev.recordinstall.report;

import dev.recordinstall.policy.Finding;
import dev.recordinstall.policy.Text;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The report for people: the verdict first, then findings grouped by category, each with its
 * evidence and the process-tree path that led to it. Colour only when asked ({@link #useColour}).
 * All trace-derived text is already bounded and escaped by the policy.
 */
public final class TextReport {
  private static final String RESET = "\u001b[0m";
  private static final String BOLD = "\u001b[1m";
  private static final String DIM = "\u001b[2m";
  private static final Map<String, String> SEV_COLOUR =
      Map.of(
          "critical", "\u001b[1;31m",
          "high", "\u001b[31m",
          "medium", "\u001b[33m",
          "low", "\u001b[36m");
  private static final List<String> CATEGORY_ORDER =
      List.of("network", "file", "process", "syscall", "exit", "tamper", "parse");

  /** Commands in process-tree paths are cut to this width (the JSON report keeps more). */
  static final int PATH_WIDTH = 140;

  private final boolean colour;

  static String shorten(String s, int max) {
    return s.length() <= max ? s : s.substring(0, max - 1) + "…";
  }

  private TextReport(boolean colour) {
    this.colour = colour;
  }

  /**
   * Colour when writing to a terminal and NO_COLOR is unset or empty (https://no-color.org).
   *
   * @param toTerminal stdout is a terminal and the report is not going to a file
   */
  public static boolean useColour(boolean toTerminal, Map<String, String> env) {
    String nc = env.get("NO_COLOR");
    if (nc != null && !nc.isEmpty()) return false;
    String term = env.get("TERM");
    if ("dumb".equals(term)) return false;
    return toTerminal;
  }

  public static String render(ReportInput in, boolean colour) {
    return new TextReport(colour).render(in);
  }

  private String c(String code, String s) {
    return colour ? code + s + RESET : s;
  }

  private String render(ReportInput in) {
    StringBuilder sb = new StringBuilder();
    String what = String.join(" ", in.specs());
    String verdict;
    switch (in.status()) {
      case "clean":
        verdict = c("\u001b[1;32m", "CLEAN") + " — no findings";
        break;
      case "findings":
        verdict = c("\u001b[1;31m", "FINDINGS") + " — " + summary(in.findings());
        break;
      default:
        verdict = c("\u001b[1;33m", in.status().toUpperCase(java.util.Locale.ROOT));
    }
    sb.append(c(BOLD, "record-install: " + Text.clean(what, 300))).append(": ").append(verdict);
    sb.append('\n');
    if (in.reason() != null && !in.reason().isEmpty()) {
      sb.append("  reason: ").append(Text.clean(in.reason(), 2000)).append('\n');
    }
    if (!in.distributions().isEmpty()) {
      sb.append("  installed: ")
          .append(Text.clean(String.join(", ", in.distributions()), 1000))
          .append('\n');
    }
    if (in.recordingDir() != null)
      sb.append("  recording: ").append(in.recordingDir()).append('\n');
    Map<String, List<Finding>> byCat = new LinkedHashMap<>();
    for (String cat : CATEGORY_ORDER) byCat.put(cat, new ArrayList<>());
    for (Finding f : in.findings())
      byCat.computeIfAbsent(f.category(), k -> new ArrayList<>()).add(f);
    for (Map.Entry<String, List<Finding>> e : byCat.entrySet()) {
      if (e.getValue().isEmpty()) continue;
      sb.append('\n')
          .append(c(BOLD, "== " + e.getKey() + " (" + e.getValue().size() + ")"))
          .append('\n');
      for (Finding f : e.getValue()) finding(sb, f);
    }
    if (!in.warnings().isEmpty()) {
      sb.append('\n').append(c(DIM, "notes:")).append('\n');
      for (String w : in.warnings()) sb.append(c(DIM, "  - " + Text.clean(w, 500))).append('\n');
    }
    return sb.toString();
  }

  private void finding(StringBuilder sb, Finding f) {
    String sev = "[" + f.severity() + "]";
    sb.append("  ")
        .append(c(SEV_COLOUR.getOrDefault(f.severity(), ""), sev))
        .append(' ')
        .append(c(BOLD, f.ruleId()))
        .append("  ")
        .append(f.message());
    if (f.count() > 1) sb.append(c(DIM, "  (×" + f.count() + ")"));
    sb.append('\n');
    java.util.Set<String> shown = new java.util.HashSet<>();
    for (Finding.Evidence ev : f.evidence()) {
      sb.append("      ")
          .append(c(DIM, ev.location() == null ? "-" : ev.location()))
          .append("  ")
          .append(ev.event())
          .append('\n');
      // The process-tree path once per process and finding.
      if (!shown.add(ev.phase() + "/" + ev.pid())) continue;
      List<String> path = ev.processPath();
      for (int i = 0; i < path.size(); i++) {
        sb.append("        ");
        if (i > 0) sb.append("   ".repeat(i - 1)).append("└─ ");
        String line = shorten(path.get(i), PATH_WIDTH);
        if (i == path.size() - 1) line = line + "  [" + ev.role() + ", " + ev.phase() + "]";
        sb.append(i == path.size() - 1 ? line : c(DIM, line)).append('\n');
      }
    }
    long hidden = f.count() - f.evidence().size();
    if (hidden > 0) {
      sb.append(c(DIM, "      … " + hidden + " more occurrence" + (hidden == 1 ? "" : "s")))
          .append('\n');
    }
  }

  static String summary(List<Finding> findings) {
    Map<String, Integer> n = new LinkedHashMap<>();
    for (String s : List.of("critical", "high", "medium", "low")) n.put(s, 0);
    for (Finding f : findings) n.merge(f.severity(), 1, Integer::sum);
    StringBuilder sb = new StringBuilder();
    sb.append(findings.size()).append(findings.size() == 1 ? " finding" : " findings");
    List<String> parts = new ArrayList<>();
    n.forEach(
        (k, v) -> {
          if (v > 0) parts.add(v + " " + k);
        });
    if (!parts.isEmpty()) sb.append(" (").append(String.join(", ", parts)).append(')');
    return sb.toString();
  }
}
