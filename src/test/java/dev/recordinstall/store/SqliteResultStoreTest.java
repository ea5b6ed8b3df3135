package dev.recordinstall.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.recordinstall.policy.Finding;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SqliteResultStoreTest {
  @TempDir Path tmp;

  private static final ResultStore.RunInfo RUN =
      new ResultStore.RunInfo("record-install test", "host", "{}", 3);

  static Finding finding(String rule) {
    return new Finding(
        rule,
        "network",
        "high",
        "DNS query for evil.invalid",
        List.of(
            new Finding.Evidence(
                "install",
                42,
                "BUILD_BACKEND",
                "python setup.py",
                List.of("pip", "python setup.py"),
                "sendto(...)",
                "install.strace:7")),
        3);
  }

  static ScanRecord record(
      Status status, String reason, String name, String version, Finding... f) {
    return new ScanRecord(
        status,
        reason,
        name,
        version,
        List.of(f),
        List.of(
            new ScanRecord.Phase(
                "install", 0, false, Instant.parse("2026-01-01T00:00:00Z"), null, "install.strace"),
            new ScanRecord.Phase("import", null, true, null, null, null)),
        Map.of("record", 1200L, "total", 1500L),
        "/keep/" + name,
        Instant.now());
  }

  @Test
  void newDatabaseIsAtTheLatestSchemaVersion() {
    try (SqliteResultStore s = SqliteResultStore.open(tmp.resolve("sub/r.db"))) {
      assertEquals(Migrations.latest(Migrations.ALL), s.schemaVersion());
      assertTrue(Migrations.latest(Migrations.ALL) >= 2);
    }
  }

  @Test
  void olderDatabaseIsMigratedInOrderAndKeepsItsData() throws Exception {
    Path db = tmp.resolve("r.db");
    long scan;
    try (SqliteResultStore s = SqliteResultStore.open(db, Migrations.ALL.subList(0, 1), true)) {
      assertEquals(1, s.schemaVersion());
      long run = s.beginRun(RUN);
      scan = s.beginScan(run, "requests");
      s.completeScan(scan, record(Status.CLEAN, null, "requests", "2.32.3"));
    }
    try (SqliteResultStore s = SqliteResultStore.open(db)) {
      assertEquals(Migrations.latest(Migrations.ALL), s.schemaVersion());
      assertEquals(Optional.of(Status.CLEAN), s.latestStatus("requests"));
    }
    try (var c = DriverManager.getConnection("jdbc:sqlite:" + db);
        var rs =
            c.createStatement()
                .executeQuery("SELECT version FROM schema_version ORDER BY version")) {
      int expected = 1;
      while (rs.next()) assertEquals(expected++, rs.getInt(1));
      assertEquals(Migrations.latest(Migrations.ALL) + 1, expected);
    }
  }

  @Test
  void newerDatabaseIsRefusedWithAClearMessage() throws Exception {
    Path db = tmp.resolve("r.db");
    SqliteResultStore.open(db).close();
    try (var c = DriverManager.getConnection("jdbc:sqlite:" + db)) {
      c.createStatement()
          .execute(
              "INSERT INTO schema_version VALUES (999, 'from the future', '2030-01-01T00:00:00Z')");
    }
    StoreException e = assertThrows(StoreException.class, () -> SqliteResultStore.open(db));
    assertTrue(e.getMessage().contains("newer"), e.getMessage());
  }

  @Test
  void failedMigrationRollsBackAndSaysWhich() {
    Path db = tmp.resolve("r.db");
    var bad = new java.util.ArrayList<>(Migrations.ALL);
    bad.add(new Migrations.Step(99, "broken", List.of("CREATE TABLE ok (x)", "NOT SQL")));
    StoreException e =
        assertThrows(StoreException.class, () -> SqliteResultStore.open(db, bad, false));
    assertTrue(e.getMessage().contains("99"), e.getMessage());
    try (SqliteResultStore s = SqliteResultStore.open(db)) {
      assertEquals(Migrations.latest(Migrations.ALL), s.schemaVersion());
    }
  }

  @Test
  void storesAndReadsBackAScanWithFindingsPhasesAndTimings() {
    try (ResultStore s = ResultStore.openSqlite(tmp.resolve("r.db"))) {
      long run = s.beginRun(RUN);
      long id = s.beginScan(run, " Evil_Pkg==1.0 ");
      assertEquals(Optional.of(Status.RUNNING), s.latestStatus("Evil_Pkg==1.0"));
      s.completeScan(
          id, record(Status.FINDINGS, "1 finding", "Evil.Pkg", "1.0", finding("net.dns")));
      List<StoredScan> got = s.scansOf("evil-pkg");
      assertEquals(1, got.size());
      StoredScan g = got.get(0);
      assertEquals("Evil_Pkg==1.0", g.spec());
      assertEquals("evil-pkg", g.packageName());
      assertEquals("1.0", g.version());
      assertEquals(Status.FINDINGS, g.status());
      assertEquals(1, g.findingCount());
      assertEquals(finding("net.dns"), g.findings().get(0));
      assertEquals(2, g.phases().size());
      assertEquals("install.strace", g.phases().get(0).trace());
      assertNull(g.phases().get(1).exitStatus());
      assertTrue(g.phases().get(1).timedOut());
      assertEquals(1200L, g.timings().get("record"));
      assertEquals("/keep/Evil.Pkg", g.recordingPath());
    }
  }

  @Test
  void summaryCountsTheLatestJobPerSpec() {
    try (ResultStore s = ResultStore.openSqlite(tmp.resolve("r.db"))) {
      long run1 = s.beginRun(RUN);
      s.completeScan(s.beginScan(run1, "a"), record(Status.FINDINGS, null, "a", "1", finding("x")));
      s.completeScan(s.beginScan(run1, "b"), record(Status.CLEAN, null, "b", "1"));
      s.completeScan(
          s.beginScan(run1, "c"),
          record(Status.INSTALL_FAILED, "No matching distribution", "c", null));
      s.finishRun(run1, ResultStore.RunState.FINISHED);
      long run2 = s.beginRun(RUN);
      // a is rescanned and now clean: only the latest job counts.
      s.completeScan(s.beginScan(run2, "a"), record(Status.CLEAN, null, "a", "1"));
      s.completeScan(
          s.beginScan(run2, "d"),
          record(Status.FINDINGS, null, "d", "2", finding("x"), finding("y")));
      s.finishRun(run2, ResultStore.RunState.FINISHED);

      Summary sum = s.summary();
      assertEquals(4, sum.specs());
      assertEquals(2, sum.byStatus().get(Status.CLEAN));
      assertEquals(1, sum.byStatus().get(Status.FINDINGS));
      assertEquals(1, sum.byStatus().get(Status.INSTALL_FAILED));
      assertEquals(0, sum.byStatus().get(Status.TIMEOUT));
      assertEquals(3, sum.installed());
      assertEquals(1.0 / 3, sum.falsePositiveRate(), 1e-9);
      assertEquals(List.of("x", "y"), sum.rules().stream().map(Summary.RuleCount::ruleId).toList());
      assertEquals(1, sum.rules().get(0).packages());
      assertEquals(3, sum.rules().get(0).occurrences());
      assertEquals(1, sum.failures().size());
      assertEquals("No matching distribution", sum.failures().get(0).reason());
      assertEquals(run2, sum.lastRun().id());
      assertEquals(2, sum.lastRun().scanned());
      assertEquals("finished", sum.lastRun().state());
      assertEquals(2, s.scansOf("a").size());
    }
  }

  @Test
  void resumeSeesDoneAndRetriesInterruptedAndToolErrors() {
    Path db = tmp.resolve("r.db");
    try (ResultStore s = ResultStore.openSqliteWriter(db)) {
      long run = s.beginRun(RUN);
      s.completeScan(s.beginScan(run, "done"), record(Status.CLEAN, null, "done", "1"));
      s.completeScan(
          s.beginScan(run, "broken"), ScanRecord.of(Status.TOOL_ERROR, "bwrap missing", Map.of()));
      s.beginScan(run, "killed");
      // The process dies here (kill -9): the run and the job stay "running".
    }
    try (ResultStore s = ResultStore.openSqliteWriter(db)) {
      assertEquals(1, s.interruptRunning(null));
      assertTrue(s.latestStatus("done").orElseThrow().isDone());
      assertFalse(s.latestStatus("broken").orElseThrow().isDone());
      assertEquals(Optional.of(Status.INTERRUPTED), s.latestStatus("killed"));
      assertFalse(s.latestStatus("killed").orElseThrow().isDone());
      assertEquals(Optional.empty(), s.latestStatus("never"));
      assertEquals("interrupted", s.summary().lastRun().state());
    }
  }

  @Test
  void secondWriterIsRefusedWhileTheFirstHoldsTheLock() {
    Path db = tmp.resolve("r.db");
    try (ResultStore first = ResultStore.openSqliteWriter(db)) {
      StoreException e = assertThrows(StoreException.class, () -> ResultStore.openSqliteWriter(db));
      assertTrue(e.getMessage().contains("another batch"), e.getMessage());
      // Readers are fine.
      try (ResultStore reader = ResultStore.openSqlite(db)) {
        assertEquals(0, reader.summary().specs());
      }
    }
    ResultStore.openSqliteWriter(db).close();
  }

  @Test
  void specNamesNormalise() {
    assertEquals("django", PackageNames.ofSpec("Django>=5 ; python_version > '3'"));
    assertEquals("zope-interface", PackageNames.ofSpec("zope.interface[test]==6"));
    assertEquals("./fixtures/x", PackageNames.ofSpec(" ./fixtures/x "));
    assertEquals("a-b-c", PackageNames.normalize("A__b.-C"));
  }
}
