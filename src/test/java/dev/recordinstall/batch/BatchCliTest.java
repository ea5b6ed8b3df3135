package dev.recordinstall.batch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.recordinstall.cli.Main;
import dev.recordinstall.policy.Finding;
import dev.recordinstall.store.ResultStore;
import dev.recordinstall.store.ScanRecord;
import dev.recordinstall.store.Status;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The batch and results commands' option handling and exit codes (no scanning). */
class BatchCliTest {
  @TempDir Path tmp;

  private String out;

  private int run(String... args) {
    PrintStream old = System.out;
    PrintStream oldErr = System.err;
    var buf = new ByteArrayOutputStream();
    try {
      System.setOut(new PrintStream(buf, true, StandardCharsets.UTF_8));
      System.setErr(new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
      return Main.run(args);
    } finally {
      System.setOut(old);
      System.setErr(oldErr);
      out = buf.toString(StandardCharsets.UTF_8);
    }
  }

  @Test
  void usageErrorsExitTwo() throws Exception {
    String db = tmp.resolve("r.db").toString();
    assertEquals(2, run("batch", "six"));
    assertEquals(2, run("batch", "six", "--db", db, "--jobs", "0"));
    assertEquals(2, run("batch", "six", "--db", db, "--timeout", "soon"));
    assertEquals(2, run("batch", "six", "--db", db, "--network", "wifi"));
    assertEquals(
        2, run("batch", "six", "--db", db, "--policy", tmp.resolve("nope.yaml").toString()));
    Path empty = Files.writeString(tmp.resolve("empty.txt"), "# nothing\n\n");
    assertEquals(2, run("batch", empty.toString(), "--db", db));
    assertEquals(2, run("results", "--db", tmp.resolve("missing.db").toString()));
    assertTrue(Files.notExists(tmp.resolve("missing.db")), "results does not create a db");
  }

  @Test
  void resultsQueriesTheStoreAsTextAndJson() throws Exception {
    Path db = tmp.resolve("r.db");
    try (ResultStore s = ResultStore.openSqliteWriter(db)) {
      long run = s.beginRun(new ResultStore.RunInfo("t", "h", "{}", 2));
      s.completeScan(
          s.beginScan(run, "six"),
          new ScanRecord(
              Status.CLEAN,
              null,
              "six",
              "1.16.0",
              List.of(),
              List.of(),
              Map.of(),
              null,
              Instant.now()));
      s.completeScan(
          s.beginScan(run, "evil"),
          new ScanRecord(
              Status.FINDINGS,
              null,
              "evil",
              "0.1",
              List.of(
                  new Finding(
                      "net.dns-non-index", "network", "high", "DNS x.invalid", List.of(), 2)),
              List.of(),
              Map.of(),
              "/keep/evil",
              Instant.now()));
      s.finishRun(run, ResultStore.RunState.FINISHED);
    }
    assertEquals(1, run("results", "--db", db.toString()));
    assertTrue(out.contains("evil") && out.contains("1 finding"), out);
    assertEquals(1, run("results", "--db", db.toString(), "--summary"));
    assertTrue(out.contains("net.dns-non-index"), out);
    assertTrue(out.contains("1 / 2 = 50.0%"), out);
    assertEquals(0, run("results", "--db", db.toString(), "--package", "six"));
    assertTrue(out.contains("1.16.0"), out);
    assertEquals(2, run("results", "--db", db.toString(), "--package", "nope"));
    assertEquals(2, run("results", "--db", db.toString(), "--summary", "--package", "six"));

    assertEquals(1, run("results", "--db", db.toString(), "--summary", "--format", "json"));
    JsonNode j = JsonMapper.builder().build().readTree(out);
    assertEquals(1, j.get("schemaVersion").asInt());
    assertEquals(2, j.get("installed").asInt());
    assertEquals(0.5, j.get("falsePositiveRate").asDouble(), 1e-9);
    assertEquals("net.dns-non-index", j.get("rules").get(0).get("ruleId").asString());
    assertEquals("evil", j.get("withFindingsPackages").get(0).get("spec").asString());

    assertEquals(1, run("results", "--db", db.toString(), "--package", "evil", "--format", "json"));
    j = JsonMapper.builder().build().readTree(out);
    assertEquals(
        "net.dns-non-index", j.get("scans").get(0).get("findings").get(0).get("ruleId").asString());
  }
}
