package dev.recordinstall.batch;

import dev.recordinstall.policy.Finding;
import dev.recordinstall.store.ScanRecord;
import dev.recordinstall.store.Status;
import dev.recordinstall.store.StoredScan;
import dev.recordinstall.store.Summary;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * Renders stored results (the {@code results} command) as text for people or JSON for programs.
 * JSON documents carry {@code schemaVersion} (see docs/batch.md).
 */
public final class ResultsReport {
  public static final int SCHEMA_VERSION = 1;
  private static final JsonMapper JSON =
      JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();

  private ResultsReport() {}

  // ---- JSON ----

  public static String summaryJson(Summary s, List<StoredScan> all) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("schemaVersion", SCHEMA_VERSION);
    m.put("kind", "summary");
    m.put("specs", s.specs());
    Map<String, Integer> by = new LinkedHashMap<>();
    for (Status st : Status.values()) by.put(st.text(), s.byStatus().getOrDefault(st, 0));
    m.put("byStatus", by);
    m.put("installed", s.installed());
    m.put("withFindings", s.withFindings());
    m.put("falsePositiveRate", s.falsePositiveRate());
    List<Map<String, Object>> rules = new ArrayList<>();
    for (Summary.RuleCount r : s.rules()) {
      Map<String, Object> rm = new LinkedHashMap<>();
      rm.put("ruleId", r.ruleId());
      rm.put("category", r.category());
      rm.put("severity", r.severity());
      rm.put("packages", r.packages());
      rm.put("findings", r.findings());
      rm.put("occurrences", r.occurrences());
      rules.add(rm);
    }
    m.put("rules", rules);
    m.put(
        "withFindingsPackages",
        all.stream().filter(x -> x.status() == Status.FINDINGS).map(ResultsReport::row).toList());
    m.put("notScanned", s.failures().stream().map(ResultsReport::row).toList());
    m.put("lastRun", run(s.lastRun()));
    return JSON.writeValueAsString(m) + "\n";
  }

  public static String listJson(List<StoredScan> all) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("schemaVersion", SCHEMA_VERSION);
    m.put("kind", "results");
    m.put("results", all.stream().map(ResultsReport::row).toList());
    return JSON.writeValueAsString(m) + "\n";
  }

  public static String packageJson(String name, List<StoredScan> scans) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("schemaVersion", SCHEMA_VERSION);
    m.put("kind", "package");
    m.put("query", name);
    List<Map<String, Object>> out = new ArrayList<>();
    for (StoredScan s : scans) {
      Map<String, Object> r = row(s);
      List<Map<String, Object>> phases = new ArrayList<>();
      for (ScanRecord.Phase p : s.phases()) {
        Map<String, Object> pm = new LinkedHashMap<>();
        pm.put("name", p.name());
        pm.put("exitStatus", p.exitStatus());
        pm.put("timedOut", p.timedOut());
        pm.put("start", p.start() == null ? null : p.start().toString());
        pm.put("end", p.end() == null ? null : p.end().toString());
        pm.put("trace", p.trace());
        phases.add(pm);
      }
      r.put("phases", phases);
      r.put("findings", s.findings());
      out.add(r);
    }
    m.put("scans", out);
    return JSON.writeValueAsString(m) + "\n";
  }

  private static Map<String, Object> row(StoredScan s) {
    Map<String, Object> r = new LinkedHashMap<>();
    r.put("spec", s.spec());
    r.put("package", s.packageName());
    r.put("version", s.version());
    r.put("status", s.status().text());
    r.put("reason", s.reason());
    r.put("findingCount", s.findingCount());
    r.put("recordingPath", s.recordingPath());
    r.put("runId", s.runId());
    r.put("startedAt", s.startedAt() == null ? null : s.startedAt().toString());
    r.put("finishedAt", s.finishedAt() == null ? null : s.finishedAt().toString());
    r.put("timingsMillis", s.timings());
    return r;
  }

  private static Map<String, Object> run(Summary.RunStats r) {
    if (r == null) return null;
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("id", r.id());
    m.put("state", r.state());
    m.put("startedAt", r.startedAt().toString());
    m.put("finishedAt", r.finishedAt() == null ? null : r.finishedAt().toString());
    m.put("totalJobs", r.totalJobs());
    m.put("scanned", r.scanned());
    m.put("wallSeconds", r.wallMillis() / 1000.0);
    m.put("packagesPerMinute", r.perMinute());
    return m;
  }

  // ---- text ----

  public static String summaryText(Summary s, List<StoredScan> all) {
    StringWriter sw = new StringWriter();
    PrintWriter out = new PrintWriter(sw);
    out.printf("%d package specs (latest job of each)%n", s.specs());
    for (Status st : Status.values()) {
      int n = s.byStatus().getOrDefault(st, 0);
      if (n > 0 || st.isDone()) out.printf("  %-15s %5d%n", st.text(), n);
    }
    out.printf(
        Locale.ROOT,
        "false-positive rate (with findings / installed): %d / %d = %.1f%%%n",
        s.withFindings(),
        s.installed(),
        100 * s.falsePositiveRate());
    if (!s.rules().isEmpty()) {
      out.println();
      out.println("findings per rule (packages, findings, occurrences):");
      for (Summary.RuleCount r : s.rules()) {
        out.printf(
            "  %-34s %-8s %-8s %4d %5d %7d%n",
            r.ruleId(), r.category(), r.severity(), r.packages(), r.findings(), r.occurrences());
      }
      out.println();
      out.println("packages with findings:");
      for (StoredScan x : all) {
        if (x.status() == Status.FINDINGS) {
          out.printf(
              "  %-30s %-12s %d finding(s)%s%n",
              x.spec(),
              nz(x.version()),
              x.findingCount(),
              x.recordingPath() == null ? "" : "  " + x.recordingPath());
        }
      }
    }
    if (!s.failures().isEmpty()) {
      out.println();
      out.println("not scanned:");
      for (StoredScan f : s.failures()) {
        out.printf("  %-30s %-15s %s%n", f.spec(), f.status().text(), oneLine(f.reason()));
      }
    }
    Summary.RunStats r = s.lastRun();
    if (r != null) {
      out.println();
      out.printf(
          Locale.ROOT,
          "last run #%d (%s): %d of %d jobs in %s, %.1f packages/minute%n",
          r.id(),
          r.state(),
          r.scanned(),
          r.totalJobs(),
          ConsoleProgress.duration(r.wallMillis()),
          r.perMinute());
    }
    out.flush();
    return sw.toString();
  }

  public static String listText(List<StoredScan> all) {
    StringWriter sw = new StringWriter();
    PrintWriter out = new PrintWriter(sw);
    for (StoredScan s : all) {
      out.printf(
          "%-30s %-12s %-15s %s%n",
          s.spec(),
          nz(s.version()),
          s.status().text(),
          s.status() == Status.FINDINGS ? s.findingCount() + " finding(s)" : oneLine(s.reason()));
    }
    out.flush();
    return sw.toString();
  }

  public static String packageText(List<StoredScan> scans) {
    StringWriter sw = new StringWriter();
    PrintWriter out = new PrintWriter(sw);
    boolean first = true;
    for (StoredScan s : scans) {
      if (!first) out.println();
      first = false;
      out.printf(
          "%s  %s %s  %s  (run #%d, %s)%n",
          s.spec(),
          nz(s.packageName()),
          nz(s.version()),
          s.status().text(),
          s.runId(),
          s.finishedAt() == null ? "unfinished" : s.finishedAt().toString());
      if (s.reason() != null) out.println("  reason: " + oneLine(s.reason()));
      if (s.recordingPath() != null) out.println("  recording: " + s.recordingPath());
      if (!s.timings().isEmpty()) {
        StringBuilder t = new StringBuilder("  timings:");
        s.timings()
            .forEach(
                (k, v) -> t.append(' ').append(k).append('=').append(ConsoleProgress.duration(v)));
        out.println(t);
      }
      for (ScanRecord.Phase p : s.phases()) {
        out.printf(
            "  phase %-8s exit %s%s%n",
            p.name(),
            p.exitStatus() == null ? "?" : p.exitStatus(),
            p.timedOut() ? " (timed out)" : "");
      }
      for (Finding f : s.findings()) {
        out.printf(
            "  [%s] %s %s: %s%s%n",
            f.severity(),
            f.category(),
            f.ruleId(),
            oneLine(f.message()),
            f.count() > 1 ? " (×" + f.count() + ")" : "");
        List<Finding.Evidence> ev = f.evidence() == null ? List.of() : f.evidence();
        for (Finding.Evidence e : ev.subList(0, Math.min(3, ev.size()))) {
          out.printf(
              "      %s pid %d %s %s: %s  (%s)%n",
              e.phase(),
              e.pid(),
              nz(e.role()),
              oneLine(nz(e.command())),
              oneLine(nz(e.event())),
              nz(e.location()));
        }
      }
    }
    out.flush();
    return sw.toString();
  }

  private static String nz(String s) {
    return s == null ? "" : s;
  }

  private static String oneLine(String s) {
    if (s == null) return "";
    String t = s.replaceAll("\\s+", " ").strip();
    return t.length() > 160 ? t.substring(0, 159) + "…" : t;
  }
}
