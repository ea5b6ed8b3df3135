package dev.recordinstall.store;

import java.util.List;
import java.util.Optional;

/**
 * Where batch results live. The SQLite implementation ({@link #openSqlite}) serves one machine;
 * docs/store.md sketches a PostgreSQL implementation shared by many workers.
 *
 * <p>Life of a job: {@link #beginScan} stores it as {@code running}; {@link #completeScan} stores
 * its verdict, phases, findings and timings in one transaction; {@link #interruptRunning} turns
 * whatever is still running (Ctrl-C, a crash found at the next start) into {@code interrupted}, so
 * a re-run scans it again. Implementations are safe for use by several threads.
 */
public interface ResultStore extends AutoCloseable {

  /** Opens (creating and migrating as needed) a SQLite database file for reading results. */
  static ResultStore openSqlite(java.nio.file.Path db) throws StoreException {
    return SqliteResultStore.open(db);
  }

  /**
   * Opens a SQLite database file for a batch: also takes {@code <db>.lock}, so a second batch on
   * the same file fails with a clear message instead of mixing runs.
   */
  static ResultStore openSqliteWriter(java.nio.file.Path db) throws StoreException {
    return SqliteResultStore.openWriter(db);
  }

  /** Starts a run: one invocation of batch. Returns its id. */
  long beginRun(RunInfo info);

  /** Ends a run with its final state (finished, interrupted, failed). */
  void finishRun(long runId, RunState state);

  /** The status of the latest job for this spec, in any run. */
  Optional<Status> latestStatus(String spec);

  /** The newest kept recording of this spec (any run), if one was kept and still exists. */
  Optional<java.nio.file.Path> latestRecording(String spec);

  /** Claims a job: stores {@code running} for spec in run; returns the job id. */
  long beginScan(long runId, String spec);

  /** Stores a job's result, atomically. */
  void completeScan(long scanId, ScanRecord record);

  /**
   * Marks jobs still {@code running} as {@code interrupted}: in this run when runId is given,
   * otherwise in every run that is no longer running. Returns how many.
   */
  int interruptRunning(Long runId);

  /** The latest job of every spec, in spec order. */
  List<StoredScan> latestScans();

  /** Every job whose spec or installed package name matches name (normalised), newest first. */
  List<StoredScan> scansOf(String name);

  /** Counts over the latest job of every spec, and the figures of the latest run. */
  Summary summary();

  @Override
  void close();

  /** What a run was started with. */
  record RunInfo(String tool, String host, String options, int totalJobs) {}

  /** How a run ended. */
  enum RunState {
    RUNNING,
    FINISHED,
    INTERRUPTED,
    FAILED;

    public String text() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }
}
