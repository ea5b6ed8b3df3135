package dev.recordinstall.batch;

import dev.recordinstall.store.ResultStore;
import java.io.PrintWriter;
import java.nio.file.Path;

/**
 * The library entry point of {@code record-install batch}: opens the store, scans with the real
 * recorder and analyser, stops cleanly on Ctrl-C (a shutdown hook calls {@link
 * BatchRunner#cancel()}), and returns the result.
 */
public final class Batch {
  private Batch() {}

  /**
   * @param db the SQLite results database (created when missing)
   * @param err diagnostics and progress
   * @param tty redraw progress in place instead of printing lines
   */
  public static BatchResult run(
      BatchConfig config, ScanSettings settings, Path db, PrintWriter err, boolean tty)
      throws InterruptedException {
    return run(config, settings, db, err, tty, false);
  }

  /**
   * @param reanalyze analyse the kept recordings again instead of recording (see {@link
   *     ReanalyzeScanner}); implies rescan
   */
  public static BatchResult run(
      BatchConfig config,
      ScanSettings settings,
      Path db,
      PrintWriter err,
      boolean tty,
      boolean reanalyze)
      throws InterruptedException {
    PackageScanner recorder = reanalyze ? null : RecordingScanner.create(settings);
    try (ResultStore store = ResultStore.openSqliteWriter(db)) {
      PackageScanner scanner = reanalyze ? ReanalyzeScanner.create(store, settings) : recorder;
      BatchRunner runner =
          BatchRunner.create(
              config,
              scanner,
              store,
              ConsoleProgress.create(err, tty),
              msg -> err.println("record-install batch: " + msg));
      java.util.concurrent.CountDownLatch returned = new java.util.concurrent.CountDownLatch(1);
      Thread hook =
          new Thread(
              () -> {
                err.println();
                err.println(
                    "record-install batch: stopping: killing child processes, marking unfinished"
                        + " jobs interrupted…");
                runner.cancel();
                try {
                  // Let run() print its summary before the JVM halts.
                  returned.await(5, java.util.concurrent.TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                  Thread.currentThread().interrupt();
                }
              },
              "batch-shutdown");
      Runtime.getRuntime().addShutdownHook(hook);
      try {
        return runner.run();
      } finally {
        returned.countDown();
        try {
          Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
          // the hook is running; it finishes the run
        }
      }
    }
  }
}
