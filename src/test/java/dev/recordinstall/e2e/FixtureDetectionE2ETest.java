package dev.recordinstall.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.recordinstall.cli.Main;
import dev.recordinstall.e2e.Fixtures.Fixture;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.TestInstance;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * End to end: every fixture in fixtures/manifest.tsv is built (sdist or wheel, by
 * fixtures/build.py), then scanned with the real CLI entry point — real pip, real strace, real
 * bubblewrap, local indexes only. A malicious fixture must exit 1 with findings of its expected
 * categories (and rule ids where the manifest names them); a benign one must exit 0 with no
 * findings. Scans run {@code -De2e.parallel=N} at a time (default 2); {@code -De2e.only=a,b} runs a
 * subset. A summary table is printed at the end and written to target/e2e/summary.tsv.
 */
@Tag("e2e")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class FixtureDetectionE2ETest {
  static final String INDEX = "file:///opt/pypi/simple";
  private static final JsonMapper JSON = JsonMapper.builder().build();

  private final Path root = Path.of("target", "e2e").toAbsolutePath();
  private final Path dist = root.resolve("dist");
  private final Map<String, Future<Outcome>> outcomes = new LinkedHashMap<>();
  private final List<String[]> summary = Collections.synchronizedList(new ArrayList<>());
  private List<Fixture> fixtures;
  private ExecutorService pool;

  /** What one scan produced. */
  record Outcome(
      int exit,
      Set<String> categories,
      Set<String> rules,
      int findings,
      String status,
      Path report,
      Path keep) {
    String describe() {
      if (exit != Main.EXIT_CLEAN && exit != Main.EXIT_FINDINGS) {
        return "exit " + exit + " (" + status + ")";
      }
      return "exit "
          + exit
          + ", "
          + findings
          + " finding(s)"
          + (categories.isEmpty() ? "" : " " + String.join(",", categories))
          + (rules.isEmpty() ? "" : " [" + String.join(",", rules) + "]");
    }
  }

  @BeforeAll
  void buildFixturesAndStartScans() throws Exception {
    requireTools();
    fixtures = selected(Fixtures.load());
    deleteTree(root);
    Files.createDirectories(dist);
    List<String> build =
        new ArrayList<>(List.of("python3", "fixtures/build.py", "--out", dist.toString()));
    fixtures.forEach(f -> build.add(f.name()));
    Path log = root.resolve("build.log");
    Process p =
        new ProcessBuilder(build).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    assertTrue(p.waitFor(120, TimeUnit.SECONDS), "fixtures/build.py did not finish in 120 s");
    assertEquals(0, p.exitValue(), "fixtures/build.py failed:\n" + Files.readString(log));

    int parallel = Integer.getInteger("e2e.parallel", 2);
    pool = Executors.newFixedThreadPool(Math.max(1, parallel));
    for (Fixture f : fixtures) outcomes.put(f.name(), pool.submit(() -> scan(f)));
    System.err.printf(
        "e2e: scanning %d fixtures, %d at a time (results under %s)%n",
        fixtures.size(), parallel, root);
  }

  private static List<Fixture> selected(List<Fixture> all) {
    String only = System.getProperty("e2e.only", "").trim();
    if (only.isEmpty()) return all;
    Set<String> names = Set.of(only.split(","));
    List<Fixture> out = all.stream().filter(f -> names.contains(f.name())).toList();
    assertEquals(
        names.size(), out.size(), "-De2e.only names a fixture not in the manifest: " + only);
    return out;
  }

  /** The integration prerequisites; missing ones fail the suite with what to install. */
  static void requireTools() {
    List<String> missing = new ArrayList<>();
    if (!Files.isDirectory(Path.of("/opt/pypi/simple"))) {
      missing.add("/opt/pypi/simple (the local package index)");
    }
    for (String tool : List.of("python3", "strace", "bwrap")) {
      if (!onPath(tool)) missing.add(tool + " on PATH (apt-get install " + apt(tool) + ")");
    }
    if (!missing.isEmpty()) {
      fail("the end-to-end fixture suite needs: " + String.join("; ", missing));
    }
  }

  private static String apt(String tool) {
    return tool.equals("bwrap") ? "bubblewrap" : tool.equals("python3") ? "python3-venv" : tool;
  }

  private static boolean onPath(String tool) {
    for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
      if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, tool))) return true;
    }
    return false;
  }

  private Outcome scan(Fixture f) throws IOException {
    Path report = root.resolve("reports").resolve(f.name() + ".json");
    Path keep = root.resolve("runs").resolve(f.name());
    Files.createDirectories(report.getParent());
    Files.createDirectories(keep.getParent());
    long t0 = System.nanoTime();
    int exit =
        Main.run(
            "scan",
            f.distribution(),
            "--index-url",
            INDEX,
            "--find-links",
            dist.toString(),
            "--format",
            "json",
            "-o",
            report.toString(),
            "--keep",
            keep.toString());
    System.err.printf(
        "e2e: %-18s exit %d in %.0f s%n", f.name(), exit, (System.nanoTime() - t0) / 1e9);
    Set<String> categories = new TreeSet<>();
    Set<String> rules = new TreeSet<>();
    int findings = 0;
    if (Files.isRegularFile(report)) {
      List<JsonNode> found = new ArrayList<>();
      collectFindings(JSON.readTree(Files.readString(report, StandardCharsets.UTF_8)), found);
      for (JsonNode n : found) {
        categories.add(n.get("category").asString());
        rules.add(n.get("ruleId").asString());
      }
      findings = found.size();
    }
    return new Outcome(exit, categories, rules, findings, recordingStatus(keep), report, keep);
  }

  /** run.json's status and reason, for the failure message of a scan without a verdict. */
  static String recordingStatus(Path keep) {
    Path run = keep.resolve("run.json");
    if (!Files.isRegularFile(run)) return "no run.json in " + keep;
    try {
      JsonNode n = JSON.readTree(Files.readString(run, StandardCharsets.UTF_8));
      String reason = n.path("statusReason").asString("");
      return "recording "
          + n.path("status").asString("?")
          + (reason.isEmpty() ? "" : ": " + reason);
    } catch (IOException | RuntimeException e) {
      return "unreadable run.json: " + e.getMessage();
    }
  }

  /** Every object carrying both ruleId and category, wherever the report nests it. */
  static void collectFindings(JsonNode node, List<JsonNode> out) {
    if (node == null) return;
    if (node.isObject()) {
      if (node.has("ruleId") && node.has("category")) {
        out.add(node);
        return;
      }
      for (JsonNode child : node.values()) collectFindings(child, out);
    } else if (node.isArray()) {
      for (JsonNode child : node) collectFindings(child, out);
    }
  }

  @TestFactory
  Stream<DynamicTest> eachFixture() {
    return fixtures.stream()
        .map(
            f ->
                DynamicTest.dynamicTest(
                    f.kind() + " " + f.name() + " (" + f.phase() + ")", () -> check(f)));
  }

  private void check(Fixture f) throws Exception {
    Outcome o;
    try {
      o = outcomes.get(f.name()).get(15, TimeUnit.MINUTES);
    } catch (Exception e) {
      summary.add(row(f, "error: " + e, false));
      throw e;
    }
    String where = " (" + o.status() + "; report " + o.report() + ", recording " + o.keep() + ")";
    boolean ok;
    if (f.malicious()) {
      ok =
          o.exit() == Main.EXIT_FINDINGS
              && f.expected().matchedBy(o.categories())
              && o.rules().containsAll(f.rules());
    } else {
      ok = o.exit() == Main.EXIT_CLEAN && o.findings() == 0;
    }
    summary.add(row(f, o.describe(), ok));
    if (f.malicious()) {
      assertEquals(Main.EXIT_FINDINGS, o.exit(), f.name() + ": scan exit code" + where);
      assertTrue(
          f.expected().matchedBy(o.categories()),
          f.name() + ": expected categories " + f.expected() + ", got " + o.categories() + where);
      assertTrue(
          o.rules().containsAll(f.rules()),
          f.name()
              + ": expected rules "
              + f.rules()
              + ", got "
              + o.rules()
              + where
              + ". The fixtures are inert unless the recorder sets RECORD_INSTALL_SANDBOX=1 in"
              + " the sandbox (see docs/techniques.md); if the raw trace shows no payload, check"
              + " that first.");
    } else {
      assertEquals(
          0,
          o.findings(),
          f.name() + ": a benign fixture must have no findings, got " + o.rules() + where);
      assertEquals(Main.EXIT_CLEAN, o.exit(), f.name() + ": scan exit code" + where);
    }
  }

  private static String[] row(Fixture f, String got, boolean ok) {
    String expected = f.malicious() ? "exit 1, " + f.expected() : "exit 0, clean";
    if (!f.rules().isEmpty()) expected += " [" + String.join(",", f.rules()) + "]";
    return new String[] {
      f.name(), f.kind(), f.phase(), f.technique(), expected, got, ok ? "ok" : "FAIL"
    };
  }

  @AfterAll
  void printSummary() throws IOException {
    if (pool != null) pool.shutdownNow();
    List<String[]> rows = new ArrayList<>(summary);
    rows.sort((a, b) -> a[1].equals(b[1]) ? a[0].compareTo(b[0]) : b[1].compareTo(a[1]));
    String[] head = {"fixture", "kind", "phase", "technique", "expected", "got", "verdict"};
    int[] width = new int[head.length];
    List<String[]> all = new ArrayList<>();
    all.add(head);
    for (String[] r : rows) all.add(shorten(r));
    for (String[] r : all)
      for (int i = 0; i < r.length; i++) width[i] = Math.max(width[i], r[i].length());
    StringBuilder table = new StringBuilder("\nFixture detection summary\n");
    for (String[] r : all) {
      for (int i = 0; i < r.length; i++) table.append(String.format("%-" + width[i] + "s  ", r[i]));
      table.setLength(table.length() - 2);
      table.append('\n');
    }
    long failed = rows.stream().filter(r -> r[6].equals("FAIL")).count();
    table.append(rows.size() - failed).append('/').append(rows.size()).append(" as expected\n");
    System.out.println(table);
    Files.createDirectories(root);
    StringBuilder tsv = new StringBuilder(String.join("\t", head)).append('\n');
    for (String[] r : rows) tsv.append(String.join("\t", r)).append('\n');
    Files.writeString(root.resolve("summary.tsv"), tsv);
  }

  private static String[] shorten(String[] r) {
    String[] s = r.clone();
    if (s[3].length() > 48) s[3] = s[3].substring(0, 47) + "…";
    return s;
  }

  private static void deleteTree(Path p) throws IOException {
    if (!Files.exists(p)) return;
    try (Stream<Path> walk = Files.walk(p)) {
      for (Path q : walk.sorted(Collections.reverseOrder()).toList()) Files.deleteIfExists(q);
    }
  }
}
