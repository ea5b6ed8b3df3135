package dev.recordinstall.store;

import dev.recordinstall.policy.Finding;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@link ResultStore} in one SQLite file through sqlite-jdbc: one connection, WAL journal, foreign
 * keys on, every write in a transaction, methods synchronized. A writer (batch) also holds an
 * exclusive lock on {@code <db>.lock}, so two batches never share a database file; readers
 * (results) do not need it.
 */
final class SqliteResultStore implements ResultStore {
  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final TypeReference<List<Finding.Evidence>> EVIDENCE = new TypeReference<>() {};

  private final Path file;
  private final Connection c;
  private final FileChannel lockChannel;
  private final FileLock lock;
  private boolean closed;

  private SqliteResultStore(Path file, Connection c, FileChannel lockChannel, FileLock lock) {
    this.file = file;
    this.c = c;
    this.lockChannel = lockChannel;
    this.lock = lock;
  }

  static SqliteResultStore open(Path db) {
    return open(db, Migrations.ALL, false);
  }

  /** Opens for writing: takes the lock file first, fails when another writer holds it. */
  static SqliteResultStore openWriter(Path db) {
    return open(db, Migrations.ALL, true);
  }

  static SqliteResultStore open(Path db, List<Migrations.Step> steps, boolean writer) {
    Path file = db.toAbsolutePath().normalize();
    FileChannel ch = null;
    FileLock lock = null;
    try {
      if (file.getParent() != null) Files.createDirectories(file.getParent());
      if (writer) {
        Path lockFile = file.resolveSibling(file.getFileName() + ".lock");
        ch =
            FileChannel.open(
                lockFile,
                StandardOpenOption.CREATE,
                StandardOpenOption.WRITE,
                StandardOpenOption.READ);
        try {
          lock = ch.tryLock();
        } catch (java.nio.channels.OverlappingFileLockException held) {
          lock = null; // held by this very JVM
        }
        if (lock == null) {
          ch.close();
          throw new StoreException(
              file
                  + " is in use by another batch (lock "
                  + lockFile
                  + " is held); wait for it or use another --db");
        }
      }
    } catch (IOException e) {
      closeQuietly(ch);
      throw new StoreException("cannot open " + file + ": " + e.getMessage(), e);
    }
    Connection c = null;
    try {
      c = DriverManager.getConnection("jdbc:sqlite:" + file);
      try (Statement s = c.createStatement()) {
        s.execute("PRAGMA busy_timeout = 10000");
        s.execute("PRAGMA foreign_keys = ON");
        if (writer) s.execute("PRAGMA journal_mode = WAL");
        s.execute("PRAGMA synchronous = NORMAL");
      }
      Migrations.migrate(c, steps, file.toString());
      return new SqliteResultStore(file, c, ch, lock);
    } catch (SQLException | RuntimeException e) {
      try {
        if (c != null) c.close();
      } catch (SQLException ignored) {
        // already failing
      }
      closeQuietly(ch);
      if (e instanceof StoreException se) throw se;
      throw new StoreException(
          "cannot open " + file + " as a results database: " + e.getMessage(), e);
    }
  }

  private static void closeQuietly(FileChannel ch) {
    try {
      if (ch != null) ch.close();
    } catch (IOException ignored) {
      // nothing to do
    }
  }

  Path file() {
    return file;
  }

  synchronized int schemaVersion() {
    try {
      return Migrations.current(c);
    } catch (SQLException e) {
      throw fail("read the schema version", e);
    }
  }

  private StoreException fail(String what, Exception e) {
    return new StoreException(file + ": cannot " + what + ": " + e.getMessage(), e);
  }

  private void ensureOpen() {
    if (closed) throw new StoreException(file + " is closed");
  }

  /** Runs body in a transaction; rolls back on any failure. */
  private <T> T tx(String what, SqlBody<T> body) {
    ensureOpen();
    try {
      c.setAutoCommit(false);
      try {
        T result = body.run();
        c.commit();
        return result;
      } catch (SQLException | RuntimeException e) {
        c.rollback();
        throw e;
      } finally {
        c.setAutoCommit(true);
      }
    } catch (SQLException e) {
      throw fail(what, e);
    }
  }

  private interface SqlBody<T> {
    T run() throws SQLException;
  }

  @Override
  public synchronized long beginRun(RunInfo info) {
    return tx(
        "start a run",
        () -> {
          try (PreparedStatement ps =
              c.prepareStatement(
                  "INSERT INTO runs (started_at, state, tool, host, options, total_jobs)"
                      + " VALUES (?, 'running', ?, ?, ?, ?)",
                  Statement.RETURN_GENERATED_KEYS)) {
            ps.setString(1, Instant.now().toString());
            ps.setString(2, info.tool());
            ps.setString(3, info.host());
            ps.setString(4, info.options());
            ps.setInt(5, info.totalJobs());
            ps.executeUpdate();
            return generatedKey(ps);
          }
        });
  }

  private static long generatedKey(PreparedStatement ps) throws SQLException {
    try (ResultSet rs = ps.getGeneratedKeys()) {
      if (!rs.next()) throw new SQLException("no generated key");
      return rs.getLong(1);
    }
  }

  @Override
  public synchronized void finishRun(long runId, RunState state) {
    tx(
        "finish run " + runId,
        () -> {
          try (PreparedStatement ps =
              c.prepareStatement("UPDATE runs SET state = ?, finished_at = ? WHERE id = ?")) {
            ps.setString(1, state.text());
            ps.setString(2, state == RunState.RUNNING ? null : Instant.now().toString());
            ps.setLong(3, runId);
            ps.executeUpdate();
          }
          return null;
        });
  }

  @Override
  public synchronized Optional<Status> latestStatus(String spec) {
    ensureOpen();
    try (PreparedStatement ps =
        c.prepareStatement("SELECT status FROM scans WHERE spec = ? ORDER BY id DESC LIMIT 1")) {
      ps.setString(1, spec.trim());
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? Optional.of(Status.fromText(rs.getString(1))) : Optional.empty();
      }
    } catch (SQLException e) {
      throw fail("read the status of " + spec, e);
    }
  }

  @Override
  public synchronized Optional<Path> latestRecording(String spec) {
    ensureOpen();
    try (PreparedStatement ps =
        c.prepareStatement(
            "SELECT recording_path FROM scans WHERE spec = ? AND recording_path IS NOT NULL"
                + " ORDER BY id DESC")) {
      ps.setString(1, spec.trim());
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          Path p = Path.of(rs.getString(1));
          if (Files.isRegularFile(p.resolve("run.json"))) return Optional.of(p);
        }
        return Optional.empty();
      }
    } catch (SQLException e) {
      throw fail("find the recording of " + spec, e);
    }
  }

  private long packageId(String name) throws SQLException {
    String n = PackageNames.normalize(name);
    try (PreparedStatement ins =
        c.prepareStatement(
            "INSERT INTO packages (name) VALUES (?) ON CONFLICT (name) DO NOTHING")) {
      ins.setString(1, n);
      ins.executeUpdate();
    }
    try (PreparedStatement ps = c.prepareStatement("SELECT id FROM packages WHERE name = ?")) {
      ps.setString(1, n);
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return rs.getLong(1);
      }
    }
  }

  private long versionId(long packageId, String version) throws SQLException {
    try (PreparedStatement ins =
        c.prepareStatement(
            "INSERT INTO versions (package_id, version) VALUES (?, ?)"
                + " ON CONFLICT (package_id, version) DO NOTHING")) {
      ins.setLong(1, packageId);
      ins.setString(2, version);
      ins.executeUpdate();
    }
    try (PreparedStatement ps =
        c.prepareStatement("SELECT id FROM versions WHERE package_id = ? AND version = ?")) {
      ps.setLong(1, packageId);
      ps.setString(2, version);
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return rs.getLong(1);
      }
    }
  }

  @Override
  public synchronized long beginScan(long runId, String spec) {
    String s = spec.trim();
    return tx(
        "store the start of " + s,
        () -> {
          long pkg = packageId(PackageNames.ofSpec(s));
          try (PreparedStatement ps =
              c.prepareStatement(
                  "INSERT INTO scans (run_id, spec, package_id, status, started_at)"
                      + " VALUES (?, ?, ?, 'running', ?)"
                      + " ON CONFLICT (run_id, spec) DO UPDATE SET status = 'running',"
                      + " started_at = excluded.started_at, finished_at = NULL, reason = NULL",
                  Statement.RETURN_GENERATED_KEYS)) {
            ps.setLong(1, runId);
            ps.setString(2, s);
            ps.setLong(3, pkg);
            ps.setString(4, Instant.now().toString());
            ps.executeUpdate();
          }
          try (PreparedStatement ps =
              c.prepareStatement("SELECT id FROM scans WHERE run_id = ? AND spec = ?")) {
            ps.setLong(1, runId);
            ps.setString(2, s);
            try (ResultSet rs = ps.executeQuery()) {
              rs.next();
              return rs.getLong(1);
            }
          }
        });
  }

  @Override
  public synchronized void completeScan(long scanId, ScanRecord r) {
    if (r.status() == Status.RUNNING) {
      throw new IllegalArgumentException("completeScan needs a final status, not running");
    }
    tx(
        "store the result of scan " + scanId,
        () -> {
          for (String t : List.of("phases", "findings", "timings")) {
            try (PreparedStatement del =
                c.prepareStatement("DELETE FROM " + t + " WHERE scan_id = ?")) {
              del.setLong(1, scanId);
              del.executeUpdate();
            }
          }
          Long pkg = null;
          Long ver = null;
          if (r.packageName() != null && !r.packageName().isBlank()) {
            pkg = packageId(r.packageName());
            if (r.version() != null && !r.version().isBlank()) ver = versionId(pkg, r.version());
          }
          try (PreparedStatement ps =
              c.prepareStatement(
                  "UPDATE scans SET status = ?, reason = ?, recording_path = ?, finished_at = ?,"
                      + " finding_count = ?, package_id = COALESCE(?, package_id),"
                      + " version_id = ? WHERE id = ?")) {
            ps.setString(1, r.status().text());
            ps.setString(2, r.reason());
            ps.setString(3, r.recordingPath());
            ps.setString(4, r.finishedAt().toString());
            ps.setInt(5, r.findings().size());
            setLong(ps, 6, pkg);
            setLong(ps, 7, ver);
            ps.setLong(8, scanId);
            if (ps.executeUpdate() != 1) throw new SQLException("no scan with id " + scanId);
          }
          try (PreparedStatement ps =
              c.prepareStatement(
                  "INSERT INTO phases (scan_id, seq, name, exit_status, timed_out, started_at,"
                      + " finished_at, trace) VALUES (?, ?, ?, ?, ?, ?, ?, ?)")) {
            int seq = 0;
            for (ScanRecord.Phase p : r.phases()) {
              ps.setLong(1, scanId);
              ps.setInt(2, seq++);
              ps.setString(3, p.name());
              if (p.exitStatus() == null) ps.setNull(4, Types.INTEGER);
              else ps.setInt(4, p.exitStatus());
              ps.setInt(5, p.timedOut() ? 1 : 0);
              ps.setString(6, p.start() == null ? null : p.start().toString());
              ps.setString(7, p.end() == null ? null : p.end().toString());
              ps.setString(8, p.trace());
              ps.addBatch();
            }
            ps.executeBatch();
          }
          try (PreparedStatement ps =
              c.prepareStatement(
                  "INSERT INTO findings (scan_id, rule_id, category, severity, message, count,"
                      + " evidence) VALUES (?, ?, ?, ?, ?, ?, ?)")) {
            for (Finding f : r.findings()) {
              ps.setLong(1, scanId);
              ps.setString(2, nz(f.ruleId()));
              ps.setString(3, nz(f.category()));
              ps.setString(4, nz(f.severity()));
              ps.setString(5, nz(f.message()));
              ps.setLong(6, f.count());
              ps.setString(
                  7, JSON.writeValueAsString(f.evidence() == null ? List.of() : f.evidence()));
              ps.addBatch();
            }
            ps.executeBatch();
          }
          try (PreparedStatement ps =
              c.prepareStatement("INSERT INTO timings (scan_id, name, millis) VALUES (?, ?, ?)")) {
            for (Map.Entry<String, Long> t : r.timings().entrySet()) {
              ps.setLong(1, scanId);
              ps.setString(2, t.getKey());
              ps.setLong(3, t.getValue());
              ps.addBatch();
            }
            ps.executeBatch();
          }
          return null;
        });
  }

  private static String nz(String s) {
    return s == null ? "" : s;
  }

  private static void setLong(PreparedStatement ps, int i, Long v) throws SQLException {
    if (v == null) ps.setNull(i, Types.INTEGER);
    else ps.setLong(i, v);
  }

  @Override
  public synchronized int interruptRunning(Long runId) {
    if (closed) return 0;
    return tx(
        "mark interrupted jobs",
        () -> {
          String now = Instant.now().toString();
          int n;
          if (runId != null) {
            try (PreparedStatement ps =
                c.prepareStatement(
                    "UPDATE scans SET status = 'interrupted', finished_at = ?,"
                        + " reason = 'the batch was stopped before this job finished'"
                        + " WHERE status = 'running' AND run_id = ?")) {
              ps.setString(1, now);
              ps.setLong(2, runId);
              n = ps.executeUpdate();
            }
          } else {
            // Only a writer holding the lock calls this: any run still "running" was abandoned.
            try (PreparedStatement ps =
                c.prepareStatement(
                    "UPDATE scans SET status = 'interrupted', finished_at = ?,"
                        + " reason = 'the batch that ran this job stopped without finishing it'"
                        + " WHERE status = 'running'")) {
              ps.setString(1, now);
              n = ps.executeUpdate();
            }
            try (PreparedStatement ps =
                c.prepareStatement(
                    "UPDATE runs SET state = 'interrupted', finished_at = COALESCE(finished_at, ?)"
                        + " WHERE state = 'running'")) {
              ps.setString(1, now);
              ps.executeUpdate();
            }
          }
          return n;
        });
  }

  private static final String SCAN_COLUMNS =
      "s.id, s.run_id, s.spec, p.name, v.version, s.status, s.reason, s.recording_path,"
          + " s.started_at, s.finished_at, s.finding_count";
  private static final String SCAN_FROM =
      " FROM scans s JOIN packages p ON p.id = s.package_id"
          + " LEFT JOIN versions v ON v.id = s.version_id";
  private static final String LATEST = " WHERE s.id IN (SELECT MAX(id) FROM scans GROUP BY spec)";

  private StoredScan scanRow(ResultSet rs, boolean detail) throws SQLException {
    long id = rs.getLong(1);
    return new StoredScan(
        id,
        rs.getLong(2),
        rs.getString(3),
        rs.getString(4),
        rs.getString(5),
        Status.fromText(rs.getString(6)),
        rs.getString(7),
        rs.getString(8),
        instant(rs.getString(9)),
        instant(rs.getString(10)),
        rs.getInt(11),
        timings(id),
        detail ? phases(id) : List.of(),
        detail ? findings(id) : List.of());
  }

  private static Instant instant(String s) {
    return s == null ? null : Instant.parse(s);
  }

  private Map<String, Long> timings(long scanId) throws SQLException {
    Map<String, Long> m = new LinkedHashMap<>();
    try (PreparedStatement ps =
        c.prepareStatement("SELECT name, millis FROM timings WHERE scan_id = ? ORDER BY name")) {
      ps.setLong(1, scanId);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) m.put(rs.getString(1), rs.getLong(2));
      }
    }
    return m;
  }

  private List<ScanRecord.Phase> phases(long scanId) throws SQLException {
    List<ScanRecord.Phase> out = new ArrayList<>();
    try (PreparedStatement ps =
        c.prepareStatement(
            "SELECT name, exit_status, timed_out, started_at, finished_at, trace FROM phases"
                + " WHERE scan_id = ? ORDER BY seq")) {
      ps.setLong(1, scanId);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          int exit = rs.getInt(2);
          Integer exitStatus = rs.wasNull() ? null : exit;
          out.add(
              new ScanRecord.Phase(
                  rs.getString(1),
                  exitStatus,
                  rs.getInt(3) != 0,
                  instant(rs.getString(4)),
                  instant(rs.getString(5)),
                  rs.getString(6)));
        }
      }
    }
    return out;
  }

  private List<Finding> findings(long scanId) throws SQLException {
    List<Finding> out = new ArrayList<>();
    try (PreparedStatement ps =
        c.prepareStatement(
            "SELECT rule_id, category, severity, message, count, evidence FROM findings"
                + " WHERE scan_id = ? ORDER BY id")) {
      ps.setLong(1, scanId);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          List<Finding.Evidence> ev;
          try {
            ev = JSON.readValue(rs.getString(6), EVIDENCE);
          } catch (RuntimeException e) {
            ev = List.of();
          }
          out.add(
              new Finding(
                  rs.getString(1),
                  rs.getString(2),
                  rs.getString(3),
                  rs.getString(4),
                  ev,
                  rs.getLong(5)));
        }
      }
    }
    return out;
  }

  @Override
  public synchronized List<StoredScan> latestScans() {
    ensureOpen();
    try (Statement s = c.createStatement();
        ResultSet rs =
            s.executeQuery("SELECT " + SCAN_COLUMNS + SCAN_FROM + LATEST + " ORDER BY s.spec")) {
      List<StoredScan> out = new ArrayList<>();
      while (rs.next()) out.add(scanRow(rs, false));
      return out;
    } catch (SQLException e) {
      throw fail("list the results", e);
    }
  }

  @Override
  public synchronized List<StoredScan> scansOf(String name) {
    ensureOpen();
    try (PreparedStatement ps =
        c.prepareStatement(
            "SELECT "
                + SCAN_COLUMNS
                + SCAN_FROM
                + " WHERE p.name = ? OR s.spec = ? OR p.id IN"
                + " (SELECT package_id FROM scans WHERE spec = ?) ORDER BY s.id DESC")) {
      ps.setString(1, PackageNames.normalize(name));
      ps.setString(2, name.trim());
      ps.setString(3, name.trim());
      List<StoredScan> out = new ArrayList<>();
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) out.add(scanRow(rs, true));
      }
      return out;
    } catch (SQLException e) {
      throw fail("read the results of " + name, e);
    }
  }

  @Override
  public synchronized Summary summary() {
    ensureOpen();
    try {
      Map<Status, Integer> byStatus = new EnumMap<>(Status.class);
      for (Status st : Status.values()) byStatus.put(st, 0);
      int specs = 0;
      try (Statement s = c.createStatement();
          ResultSet rs =
              s.executeQuery(
                  "SELECT s.status, COUNT(*) FROM scans s" + LATEST + " GROUP BY s.status")) {
        while (rs.next()) {
          byStatus.put(Status.fromText(rs.getString(1)), rs.getInt(2));
          specs += rs.getInt(2);
        }
      }
      List<Summary.RuleCount> rules = new ArrayList<>();
      try (Statement s = c.createStatement();
          ResultSet rs =
              s.executeQuery(
                  "SELECT f.rule_id, MIN(f.category), MAX(f.severity), COUNT(DISTINCT f.scan_id),"
                      + " COUNT(*), SUM(f.count) FROM findings f JOIN scans s ON s.id = f.scan_id"
                      + LATEST
                      + " GROUP BY f.rule_id ORDER BY 4 DESC, 6 DESC, 1")) {
        while (rs.next()) {
          rules.add(
              new Summary.RuleCount(
                  rs.getString(1),
                  rs.getString(2),
                  rs.getString(3),
                  rs.getInt(4),
                  rs.getInt(5),
                  rs.getLong(6)));
        }
      }
      List<StoredScan> failures = new ArrayList<>();
      try (Statement s = c.createStatement();
          ResultSet rs =
              s.executeQuery(
                  "SELECT "
                      + SCAN_COLUMNS
                      + SCAN_FROM
                      + LATEST
                      + " AND s.status NOT IN ('clean', 'findings') ORDER BY s.status, s.spec")) {
        while (rs.next()) failures.add(scanRow(rs, false));
      }
      Summary.RunStats last = null;
      try (Statement s = c.createStatement();
          ResultSet rs =
              s.executeQuery(
                  "SELECT r.id, r.state, r.started_at, r.finished_at, r.total_jobs,"
                      + " (SELECT COUNT(*) FROM scans x WHERE x.run_id = r.id AND x.status NOT IN"
                      + " ('running', 'interrupted')) FROM runs r ORDER BY r.id DESC LIMIT 1")) {
        if (rs.next()) {
          Instant start = instant(rs.getString(3));
          Instant end = instant(rs.getString(4));
          long wall =
              java.time.Duration.between(start, end == null ? Instant.now() : end).toMillis();
          last =
              new Summary.RunStats(
                  rs.getLong(1), rs.getString(2), start, end, rs.getInt(5), rs.getInt(6), wall);
        }
      }
      int installed = byStatus.get(Status.CLEAN) + byStatus.get(Status.FINDINGS);
      return new Summary(
          specs, byStatus, installed, byStatus.get(Status.FINDINGS), rules, failures, last);
    } catch (SQLException e) {
      throw fail("summarise the results", e);
    }
  }

  @Override
  public synchronized void close() {
    if (closed) return;
    closed = true;
    try {
      c.close();
    } catch (SQLException ignored) {
      // closing anyway
    }
    try {
      if (lock != null) lock.release();
    } catch (IOException ignored) {
      // released with the channel
    }
    closeQuietly(lockChannel);
  }
}
