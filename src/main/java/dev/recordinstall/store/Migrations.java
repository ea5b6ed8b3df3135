package dev.recordinstall.store;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.List;

/**
 * The schema, as ordered migration steps. A database records the steps applied in {@code
 * schema_version}; opening it applies the missing ones, each in its own transaction. Never edit a
 * released step: append a new one.
 */
final class Migrations {
  private Migrations() {}

  /** One step: the version it brings the schema to, and its statements. */
  record Step(int version, String description, List<String> statements) {}

  static final List<Step> ALL =
      List.of(
          new Step(
              1,
              "runs, packages, versions, scans, phases, findings, timings",
              List.of(
                  """
                  CREATE TABLE runs (
                    id INTEGER PRIMARY KEY,
                    started_at TEXT NOT NULL,
                    finished_at TEXT,
                    state TEXT NOT NULL
                      CHECK (state IN ('running', 'finished', 'interrupted', 'failed')),
                    tool TEXT,
                    host TEXT,
                    options TEXT,
                    total_jobs INTEGER NOT NULL DEFAULT 0)
                  """,
                  """
                  CREATE TABLE packages (
                    id INTEGER PRIMARY KEY,
                    name TEXT NOT NULL UNIQUE)
                  """,
                  """
                  CREATE TABLE versions (
                    id INTEGER PRIMARY KEY,
                    package_id INTEGER NOT NULL REFERENCES packages(id),
                    version TEXT NOT NULL,
                    UNIQUE (package_id, version))
                  """,
                  """
                  CREATE TABLE scans (
                    id INTEGER PRIMARY KEY,
                    run_id INTEGER NOT NULL REFERENCES runs(id),
                    spec TEXT NOT NULL,
                    package_id INTEGER NOT NULL REFERENCES packages(id),
                    version_id INTEGER REFERENCES versions(id),
                    status TEXT NOT NULL CHECK (status IN ('clean', 'findings', 'install-failed',
                      'timeout', 'tool-error', 'running', 'interrupted')),
                    reason TEXT,
                    recording_path TEXT,
                    started_at TEXT NOT NULL,
                    finished_at TEXT,
                    finding_count INTEGER NOT NULL DEFAULT 0,
                    UNIQUE (run_id, spec))
                  """,
                  """
                  CREATE TABLE phases (
                    scan_id INTEGER NOT NULL REFERENCES scans(id) ON DELETE CASCADE,
                    seq INTEGER NOT NULL,
                    name TEXT NOT NULL,
                    exit_status INTEGER,
                    timed_out INTEGER NOT NULL DEFAULT 0,
                    started_at TEXT,
                    finished_at TEXT,
                    trace TEXT,
                    PRIMARY KEY (scan_id, seq))
                  """,
                  """
                  CREATE TABLE findings (
                    id INTEGER PRIMARY KEY,
                    scan_id INTEGER NOT NULL REFERENCES scans(id) ON DELETE CASCADE,
                    rule_id TEXT NOT NULL,
                    category TEXT NOT NULL,
                    severity TEXT NOT NULL,
                    message TEXT NOT NULL,
                    count INTEGER NOT NULL,
                    evidence TEXT NOT NULL)
                  """,
                  """
                  CREATE TABLE timings (
                    scan_id INTEGER NOT NULL REFERENCES scans(id) ON DELETE CASCADE,
                    name TEXT NOT NULL,
                    millis INTEGER NOT NULL,
                    PRIMARY KEY (scan_id, name))
                  """)),
          new Step(
              2,
              "indexes for resume (latest job per spec) and per-rule counts",
              List.of(
                  "CREATE INDEX scans_spec ON scans (spec, id)",
                  "CREATE INDEX scans_package ON scans (package_id, id)",
                  "CREATE INDEX findings_scan ON findings (scan_id)",
                  "CREATE INDEX findings_rule ON findings (rule_id)")));

  static int latest(List<Step> steps) {
    return steps.isEmpty() ? 0 : steps.get(steps.size() - 1).version();
  }

  /** The version recorded in the database (0 for a new one). */
  static int current(Connection c) throws SQLException {
    try (Statement s = c.createStatement()) {
      s.execute(
          "CREATE TABLE IF NOT EXISTS schema_version (version INTEGER PRIMARY KEY,"
              + " description TEXT NOT NULL, applied_at TEXT NOT NULL)");
      try (ResultSet rs = s.executeQuery("SELECT COALESCE(MAX(version), 0) FROM schema_version")) {
        return rs.next() ? rs.getInt(1) : 0;
      }
    }
  }

  /** Applies the steps the database lacks; returns the resulting version. */
  static int migrate(Connection c, List<Step> steps, String where) throws SQLException {
    int current = current(c);
    int latest = latest(steps);
    if (current > latest) {
      throw new StoreException(
          where
              + ": schema version "
              + current
              + " is newer than this record-install understands ("
              + latest
              + "); use a newer record-install or another --db");
    }
    boolean auto = c.getAutoCommit();
    c.setAutoCommit(false);
    try {
      for (Step step : steps) {
        if (step.version() <= current) continue;
        try (Statement s = c.createStatement()) {
          for (String sql : step.statements()) s.execute(sql);
          try (var ps =
              c.prepareStatement(
                  "INSERT INTO schema_version (version, description, applied_at) VALUES (?, ?,"
                      + " ?)")) {
            ps.setInt(1, step.version());
            ps.setString(2, step.description());
            ps.setString(3, Instant.now().toString());
            ps.executeUpdate();
          }
          c.commit();
          current = step.version();
        } catch (SQLException | RuntimeException e) {
          c.rollback();
          throw new StoreException(
              where + ": migration to schema version " + step.version() + " failed: " + e, e);
        }
      }
    } finally {
      c.setAutoCommit(auto);
    }
    return current;
  }
}
