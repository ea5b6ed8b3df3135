package dev.recordinstall.report;

import dev.recordinstall.policy.Finding;
import dev.recordinstall.policy.Text;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The report as a SARIF 2.1.0 log for CI code scanning (GitHub, GitLab, Azure DevOps); see
 * docs/report.md. A package has no source file to point at, so every result points at the raw
 * trace: the artifact is the trace file relative to the recording directory (uriBaseId {@value
 * #BASE_ID}), the region its line.
 */
public final class SarifReport {
  public static final String SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json";
  public static final String VERSION = "2.1.0";
  static final String BASE_ID = "RECORDING";

  /** partialFingerprints key: bump the suffix if the way the hash is made ever changes. */
  static final String FINGERPRINT_KEY = "recordInstallFinding/v1";

  /** Where a finding without any trace location points: the recording's manifest. */
  static final String MANIFEST = "run.json";

  /**
   * What the report knows of a rule beyond the findings (from the policy).
   *
   * @param description one line for people
   * @param tags the rule's tags (the category is added by the report)
   */
  public record Rule(String description, List<String> tags) {
    public Rule {
      tags = List.copyOf(tags);
    }
  }

  private SarifReport() {}

  /**
   * The SARIF log as a JSON document (ends with a newline).
   *
   * @param toolVersion the version of record-install (as `--version` shows it)
   * @param rules rule metadata by rule id; a rule missing here is described by its id
   */
  public static String render(ReportInput in, String toolVersion, Map<String, Rule> rules) {
    return JsonReport.MAPPER.writeValueAsString(toMap(in, toolVersion, rules)) + "\n";
  }

  /** The SARIF log as plain maps and lists. */
  public static Map<String, Object> toMap(
      ReportInput in, String toolVersion, Map<String, Rule> rules) {
    // Rules: every rule that produced a finding, once, ordered by id.
    Map<String, Finding> firstByRule = new TreeMap<>();
    for (Finding f : in.findings()) firstByRule.putIfAbsent(f.ruleId(), f);
    List<Object> ruleList = new ArrayList<>();
    Map<String, Integer> ruleIndex = new HashMap<>();
    for (Finding f : firstByRule.values()) {
      ruleIndex.put(f.ruleId(), ruleList.size());
      ruleList.add(rule(f, rules.get(f.ruleId())));
    }

    Map<String, Object> driver = new LinkedHashMap<>();
    driver.put("name", "record-install");
    driver.put("version", toolVersion);
    driver.put("rules", ruleList);

    List<Object> results = new ArrayList<>();
    Map<String, Integer> seenKeys = new HashMap<>();
    for (Finding f : in.findings()) {
      String key = fingerprintKey(f, in);
      // Two findings that look alike once the volatile parts are masked stay apart, in order.
      int n = seenKeys.merge(key, 1, Integer::sum);
      if (n > 1) key = key + "\u0000#" + n;
      results.add(result(f, ruleIndex.get(f.ruleId()), sha256(key), in));
    }

    Map<String, Object> run = new LinkedHashMap<>();
    run.put("tool", Map.of("driver", driver));
    run.put("invocations", List.of(invocation(in)));
    run.put("originalUriBaseIds", Map.of(BASE_ID, baseUri(in.recordingDir())));
    run.put("columnKind", "unicodeCodePoints");
    run.put("results", results);
    Map<String, Object> props = new LinkedHashMap<>();
    props.put("status", in.status());
    props.put("specs", cleanAll(in.specs(), 300));
    props.put("distributions", cleanAll(in.distributions(), 300));
    props.put("policySources", cleanAll(in.policySources(), 300));
    run.put("properties", props);

    Map<String, Object> log = new LinkedHashMap<>();
    log.put("$schema", SCHEMA);
    log.put("version", VERSION);
    log.put("runs", List.of(run));
    return log;
  }

  /** SARIF level of a severity: critical/high error, medium warning, low note. */
  static String level(String severity) {
    switch (severity) {
      case "critical":
      case "high":
        return "error";
      case "low":
        return "note";
      default:
        return "warning";
    }
  }

  /** GitHub's security-severity (0.0 to 10.0, as a string) of a severity. */
  static String securitySeverity(String severity) {
    switch (severity) {
      case "critical":
        return "9.5";
      case "high":
        return "8.0";
      case "low":
        return "2.0";
      default:
        return "5.0";
    }
  }

  private static Map<String, Object> rule(Finding f, Rule meta) {
    Map<String, Object> r = new LinkedHashMap<>();
    r.put("id", f.ruleId());
    String description = meta == null ? f.ruleId() : meta.description();
    r.put("shortDescription", text(description, 1000));
    r.put("defaultConfiguration", Map.of("level", level(f.severity())));
    Set<String> tags = new LinkedHashSet<>();
    // GitHub lists results with "security" in the tags and a security-severity as security alerts.
    tags.add("security");
    if (meta != null) for (String t : meta.tags()) tags.add(Text.clean(t, 100));
    tags.add(f.category());
    Map<String, Object> props = new LinkedHashMap<>();
    props.put("tags", List.copyOf(tags));
    props.put("security-severity", securitySeverity(f.severity()));
    props.put("category", f.category());
    r.put("properties", props);
    return r;
  }

  private static Map<String, Object> result(
      Finding f, int ruleIndex, String fingerprint, ReportInput in) {
    Map<String, Object> r = new LinkedHashMap<>();
    r.put("ruleId", f.ruleId());
    r.put("ruleIndex", ruleIndex);
    r.put("level", level(f.severity()));
    r.put("message", text(f.message(), 1000));
    List<Finding.Evidence> ev = f.evidence();
    r.put("locations", List.of(location(ev.isEmpty() ? null : ev.get(0), -1)));
    if (ev.size() > 1) {
      List<Object> related = new ArrayList<>();
      for (int i = 1; i < ev.size(); i++) related.add(location(ev.get(i), i));
      r.put("relatedLocations", related);
    }
    r.put("partialFingerprints", Map.of(FINGERPRINT_KEY, fingerprint));
    Map<String, Object> props = new LinkedHashMap<>();
    props.put("category", f.category());
    props.put("severity", f.severity());
    props.put("count", f.count());
    props.put("specs", cleanAll(in.specs(), 300));
    props.put("distributions", cleanAll(in.distributions(), 300));
    if (!ev.isEmpty()) props.put("processPath", cleanAll(ev.get(0).processPath(), 300));
    r.put("properties", props);
    return r;
  }

  /** A location in the raw trace ({@code id} -1 for the primary one). */
  private static Map<String, Object> location(Finding.Evidence e, int id) {
    Map<String, Object> loc = new LinkedHashMap<>();
    if (id >= 0) loc.put("id", id);
    String file = MANIFEST;
    long line = 1;
    if (e != null && e.location() != null) {
      int colon = e.location().lastIndexOf(':');
      if (colon > 0) {
        try {
          long l = Long.parseLong(e.location().substring(colon + 1));
          if (l >= 1) {
            file = e.location().substring(0, colon);
            line = l;
          }
        } catch (NumberFormatException ignored) {
          // not file:line: the finding points at the manifest
        }
      }
    }
    Map<String, Object> artifact = new LinkedHashMap<>();
    artifact.put("uri", uriPath(Text.clean(file, 300)));
    artifact.put("uriBaseId", BASE_ID);
    Map<String, Object> physical = new LinkedHashMap<>();
    physical.put("artifactLocation", artifact);
    physical.put("region", Map.of("startLine", line));
    loc.put("physicalLocation", physical);
    if (e != null) {
      String what =
          "["
              + e.phase()
              + "] pid "
              + e.pid()
              + " "
              + e.role()
              + " "
              + TextReport.shorten(Objects.toString(e.command(), ""), TextReport.PATH_WIDTH)
              + ": "
              + Objects.toString(e.event(), "");
      loc.put("message", text(what, 1000));
    }
    return loc;
  }

  private static Map<String, Object> invocation(ReportInput in) {
    boolean ok = "clean".equals(in.status()) || "findings".equals(in.status());
    Map<String, Object> inv = new LinkedHashMap<>();
    inv.put("executionSuccessful", ok);
    List<Object> notes = new ArrayList<>();
    if (!ok || (in.reason() != null && !in.reason().isEmpty())) {
      String reason =
          in.reason() == null || in.reason().isEmpty() ? "no reason given" : in.reason();
      Map<String, Object> n = new LinkedHashMap<>();
      n.put("level", ok ? "warning" : "error");
      n.put("message", text(in.status() + ": " + reason, 2000));
      n.put("descriptor", Map.of("id", in.status()));
      notes.add(n);
    }
    for (String w : in.warnings()) {
      Map<String, Object> n = new LinkedHashMap<>();
      n.put("level", "note");
      n.put("message", text(w, 500));
      notes.add(n);
    }
    inv.put("toolExecutionNotifications", notes);
    Map<String, Object> props = new LinkedHashMap<>();
    props.put("status", in.status());
    props.put("reason", in.reason() == null ? null : Text.clean(in.reason(), 2000));
    inv.put("properties", props);
    return inv;
  }

  private static Map<String, Object> baseUri(String recordingDir) {
    Map<String, Object> m = new LinkedHashMap<>();
    if (recordingDir != null) {
      String uri = Path.of(recordingDir).toAbsolutePath().normalize().toUri().toString();
      m.put("uri", uri.endsWith("/") ? uri : uri + "/");
    }
    m.put(
        "description",
        text(
            recordingDir != null
                ? "the recording directory"
                : "the recording directory (a temporary one, deleted after the scan)",
            200));
    return m;
  }

  private static Map<String, Object> text(String s, int max) {
    return Map.of("text", Text.clean(s, max));
  }

  private static List<String> cleanAll(List<String> xs, int max) {
    return xs.stream().map(x -> Text.clean(x, max)).toList();
  }

  /** A relative path as a URI reference: unreserved characters and '/' kept, the rest %XX. */
  static String uriPath(String path) {
    StringBuilder sb = new StringBuilder();
    for (byte b : path.getBytes(StandardCharsets.UTF_8)) {
      int c = b & 0xff;
      if ((c >= 'a' && c <= 'z')
          || (c >= 'A' && c <= 'Z')
          || (c >= '0' && c <= '9')
          || c == '-'
          || c == '.'
          || c == '_'
          || c == '~'
          || c == '/') {
        sb.append((char) c);
      } else {
        sb.append('%').append(String.format("%02X", c));
      }
    }
    return sb.toString();
  }

  // ---- fingerprints ----

  private static final Pattern TEMP_DIR =
      Pattern.compile("(/(?:tmp|var/tmp|dev/shm)/)[^/\\s:'\"(),]+");
  private static final Pattern TEMP_NAME = Pattern.compile("\\btmp[A-Za-z0-9_]{6,}");
  private static final Pattern PID = Pattern.compile("\\bpid \\d+");
  private static final Pattern COUNT = Pattern.compile("\\((\\d+)x\\)");
  private static final Pattern TRACE_LINE = Pattern.compile("(\\.strace):\\d+");

  /**
   * What identifies a finding across scans: the rule, the scanned projects (names, no versions) and
   * the message with what changes from run to run masked (recording directory, temporary
   * directories, pids, occurrence counts, trace line numbers).
   */
  static String fingerprintKey(Finding f, ReportInput in) {
    String m = f.message();
    if (in.recordingDir() != null && in.recordingDir().length() > 1) {
      m = m.replace(in.recordingDir(), "<recording>");
    }
    m = TEMP_DIR.matcher(m).replaceAll("$1*");
    m = TEMP_NAME.matcher(m).replaceAll("tmp*");
    m = PID.matcher(m).replaceAll("pid #");
    m = COUNT.matcher(m).replaceAll("(#x)");
    m = TRACE_LINE.matcher(m).replaceAll("$1:#");
    Set<String> projects = new TreeSet<>();
    for (String s : in.specs()) projects.add(projectName(s));
    return f.ruleId() + "\u0000" + String.join(",", projects) + "\u0000" + m;
  }

  private static final Pattern NAME = Pattern.compile("^[A-Za-z0-9][A-Za-z0-9._-]*");
  private static final Pattern DIST_FILE = Pattern.compile("^(.+?)-\\d");

  /** "Django==5.2" → "django"; "/x/demo-1.0.tar.gz" → "demo"; normalised as PEP 503. */
  static String projectName(String spec) {
    String s = spec.strip();
    if (s.contains("/")) {
      while (s.endsWith("/") && s.length() > 1) s = s.substring(0, s.length() - 1);
      s = s.substring(s.lastIndexOf('/') + 1);
      Matcher d = DIST_FILE.matcher(s);
      if (d.find()) s = d.group(1);
    }
    Matcher m = NAME.matcher(s);
    String name = m.find() ? m.group() : s;
    return name.toLowerCase(Locale.ROOT).replaceAll("[-_.]+", "-");
  }

  private static String sha256(String s) {
    try {
      byte[] h = MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(h, 0, 16);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every JDK", e);
    }
  }
}
