package dev.recordinstall.batch;

import dev.recordinstall.store.ResultStore;
import dev.recordinstall.store.ScanRecord;
import dev.recordinstall.store.Status;
import dev.recordinstall.store.StoreException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * Scans a list of packages with N parallel workers and stores each result as it comes.
 *
 * <p>Resumable: specs whose latest stored job is done (clean, findings, install-failed, timeout)
 * are skipped unless {@code rescan}. Stoppable: {@link #cancel()} (the CLI calls it from a shutdown
 * hook on Ctrl-C) interrupts the workers, kills every child process, waits for the workers, marks
 * unfinished jobs interrupted, ends the run as interrupted and deletes the work directories (and so
 * the temporary venvs).
 */
public final class BatchRunner {
  private static final long GRACE_MILLIS = 3000;

  private final BatchConfig config;
  private final PackageScanner scanner;
  private final ResultStore store;
  private final ProgressListener progress;
  private final Consumer<String> warn;
  private final AtomicBoolean cancelled = new AtomicBoolean();
  private final Object finalizeLock = new Object();
  private final Map<Status, Integer> thisRun = new EnumMap<>(Status.class);
  private volatile ExecutorService pool;
  private volatile long runId = -1;
  private volatile Path workRoot;
  private boolean finalized;

  private BatchRunner(
      BatchConfig config,
      PackageScanner scanner,
      ResultStore store,
      ProgressListener progress,
      Consumer<String> warn) {
    this.config = config;
    this.scanner = scanner;
    this.store = store;
    this.progress = progress;
    this.warn = warn;
  }

  /**
   * @param warn receives diagnostics (a recording that could not be kept, a stray process…)
   */
  public static BatchRunner create(
      BatchConfig config,
      PackageScanner scanner,
      ResultStore store,
      ProgressListener progress,
      Consumer<String> warn) {
    return new BatchRunner(config, scanner, store, progress, warn);
  }

  /** Runs the batch to the end (or until cancelled). Not reentrant. */
  public BatchResult run() throws InterruptedException {
    long start = System.nanoTime();
    // Jobs left "running" by a batch that was killed (kill -9, power loss) are scanned again.
    int abandoned = store.interruptRunning(null);
    if (abandoned > 0) {
      warn.accept(abandoned + " job(s) of an earlier batch never finished; they are scanned again");
    }
    List<String> todo = new ArrayList<>();
    List<String> unavailable = new ArrayList<>();
    String whyUnavailable = null;
    for (String spec : config.specs()) {
      if (config.rescan() || !store.latestStatus(spec).map(Status::isDone).orElse(false)) {
        String why = scanner.unavailable(spec);
        if (why != null) {
          unavailable.add(spec);
          if (whyUnavailable == null) whyUnavailable = why;
        } else {
          todo.add(spec);
        }
      }
    }
    if (!unavailable.isEmpty()) {
      // --reanalyze: clean packages' recordings are not kept by default; storing a failure for
      // them would replace a good verdict with a tool error.
      warn.accept(
          unavailable.size()
              + " spec(s) skipped, their earlier verdicts stand: "
              + whyUnavailable
              + " (e.g. "
              + String.join(", ", unavailable.subList(0, Math.min(3, unavailable.size())))
              + "). Batches keep the recordings of findings and failures; --keep-clean keeps all.");
    }
    int skipped = config.specs().size() - todo.size();
    runId =
        store.beginRun(
            new ResultStore.RunInfo(config.tool(), host(), config.options(), todo.size()));
    try {
      workRoot =
          config.workRoot() == null
              ? Files.createTempDirectory("record-install-batch-")
              : Files.createDirectories(config.workRoot()).resolve("run-" + runId);
      Files.createDirectories(workRoot);
      if (config.keepDir() != null) Files.createDirectories(config.keepDir());
    } catch (IOException e) {
      store.finishRun(runId, ResultStore.RunState.FAILED);
      throw new UncheckedIOException("cannot create the work directory: " + e.getMessage(), e);
    }
    // Specs with nothing to re-analyse were reported above; the progress counts the rest.
    progress.begin(config.specs().size() - unavailable.size(), skipped - unavailable.size());
    AtomicInteger seq = new AtomicInteger();
    pool = Executors.newFixedThreadPool(config.jobs(), workerThreads());
    for (String spec : todo) pool.execute(() -> runJob(spec, seq.incrementAndGet()));
    pool.shutdown();
    while (!pool.awaitTermination(1, TimeUnit.SECONDS)) {
      // waiting for the workers; cancel() may end them early
    }
    boolean wasCancelled = cancelled.get();
    finalizeRun(wasCancelled ? ResultStore.RunState.INTERRUPTED : ResultStore.RunState.FINISHED);
    Map<Status, Integer> overall = new EnumMap<>(Status.class);
    for (String spec : config.specs()) {
      Status s = store.latestStatus(spec).orElse(Status.INTERRUPTED);
      overall.merge(s, 1, Integer::sum);
    }
    Map<Status, Integer> mine;
    synchronized (thisRun) {
      mine = new EnumMap<>(thisRun);
    }
    BatchResult result =
        new BatchResult(
            runId,
            config.specs().size(),
            skipped,
            mine,
            overall,
            TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start),
            wasCancelled);
    progress.end(result);
    return result;
  }

  private static ThreadFactory workerThreads() {
    AtomicInteger n = new AtomicInteger();
    return r -> {
      Thread t = new Thread(r, "batch-worker-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    };
  }

  private static String host() {
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (IOException e) {
      return null;
    }
  }

  private void runJob(String spec, int seq) {
    if (cancelled.get()) return;
    long t0 = System.nanoTime();
    long scanId;
    try {
      scanId = store.beginScan(runId, spec);
    } catch (StoreException e) {
      if (!cancelled.get())
        warn.accept("cannot store the start of " + spec + ": " + e.getMessage());
      return;
    }
    progress.started(spec);
    Path workDir = workRoot.resolve(String.format("%04d-%s", seq, safe(spec)));
    ScanOutcome outcome;
    try {
      Files.createDirectories(workDir);
      outcome = scanner.scan(spec, workDir);
      if (outcome == null) outcome = ScanOutcome.toolError("the scanner returned no result");
    } catch (InterruptedException e) {
      outcome = null;
    } catch (Exception | LinkageError | StackOverflowError e) {
      outcome = ScanOutcome.toolError(e.getClass().getSimpleName() + ": " + e.getMessage());
    }
    long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
    ScanRecord record;
    if (cancelled.get() || outcome == null) {
      record =
          ScanRecord.of(
              Status.INTERRUPTED,
              "the batch was stopped before this job finished",
              Map.of("total", millis));
    } else {
      Map<String, Long> timings = new HashMap<>(outcome.timings());
      timings.put("total", millis);
      String kept = keep(spec, outcome, workDir);
      record =
          new ScanRecord(
              outcome.status(),
              outcome.reason(),
              outcome.packageName(),
              outcome.version(),
              outcome.findings(),
              outcome.phases(),
              timings,
              kept,
              Instant.now());
    }
    deleteTree(workDir);
    if (cancelled.get()) {
      // cancel() deletes the run's work root after waiting 10 s for the workers, but a worker
      // still killing its phase (the tracer gets up to 10 s more) comes back later and removes its
      // own directory only: the last one out takes the then-empty root with it.
      try {
        Files.deleteIfExists(workRoot);
      } catch (IOException notEmptyYet) {
        // another worker is still inside; it will try again
      }
    }
    try {
      store.completeScan(scanId, record);
    } catch (StoreException e) {
      // After cancel() the store may be closed: the job stays interrupted, which is right.
      if (!cancelled.get())
        warn.accept("cannot store the result of " + spec + ": " + e.getMessage());
      return;
    }
    synchronized (thisRun) {
      thisRun.merge(record.status(), 1, Integer::sum);
    }
    progress.finished(spec, record.status(), record.findings().size(), record.reason(), millis);
  }

  /** Moves the recording to the keep directory when it should be kept; returns its new path. */
  private String keep(String spec, ScanOutcome outcome, Path workDir) {
    Path rec = outcome.recordingDir();
    if (rec == null || !Files.isDirectory(rec)) return null;
    // Only a recording made in this job's work dir is ours to move. A re-analysed recording stays
    // where it is, wherever that is (a copied database must never move recordings away from the
    // store they belong to).
    if (!rec.toAbsolutePath().normalize().startsWith(workDir.toAbsolutePath().normalize())) {
      return rec.toAbsolutePath().normalize().toString();
    }
    if (config.keepDir() == null) return null;
    if (outcome.status() == Status.CLEAN && !config.keepClean()) return null;
    Path target = config.keepDir().resolve(safe(spec) + "-run" + runId).toAbsolutePath();
    try {
      deleteTree(target);
      try {
        Files.move(rec, target, StandardCopyOption.ATOMIC_MOVE);
      } catch (AtomicMoveNotSupportedException | java.nio.file.DirectoryNotEmptyException e) {
        copyTree(rec, target);
      }
      return target.toString();
    } catch (IOException | UncheckedIOException e) {
      warn.accept("cannot keep the recording of " + spec + " in " + target + ": " + e);
      return null;
    }
  }

  static String safe(String spec) {
    String s = spec.replaceAll("[^A-Za-z0-9._=-]+", "_");
    return s.length() > 80 ? s.substring(0, 80) : s;
  }

  /**
   * Stops the batch: no new jobs, workers interrupted, child processes killed, unfinished jobs
   * marked interrupted, run ended as interrupted, work directories deleted. Safe to call from a
   * shutdown hook and more than once.
   */
  public void cancel() {
    if (!cancelled.compareAndSet(false, true)) return;
    ExecutorService p = pool;
    if (p != null) p.shutdownNow();
    int left = ProcessReaper.killDescendants(GRACE_MILLIS);
    if (left > 0) warn.accept(left + " child process(es) survived SIGKILL");
    if (p != null) {
      try {
        if (!p.awaitTermination(10, TimeUnit.SECONDS)) {
          warn.accept("some workers did not stop within 10 s; their jobs are marked interrupted");
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    finalizeRun(ResultStore.RunState.INTERRUPTED);
  }

  public boolean isCancelled() {
    return cancelled.get();
  }

  private void finalizeRun(ResultStore.RunState state) {
    synchronized (finalizeLock) {
      if (finalized || runId < 0) return;
      finalized = true;
      try {
        if (state == ResultStore.RunState.INTERRUPTED) store.interruptRunning(runId);
        store.finishRun(runId, state);
      } catch (StoreException e) {
        warn.accept("cannot end run " + runId + " in the database: " + e.getMessage());
      }
      if (workRoot != null) deleteTree(workRoot);
    }
  }

  static void deleteTree(Path root) {
    if (root == null || !Files.exists(root, java.nio.file.LinkOption.NOFOLLOW_LINKS)) return;
    try {
      Files.walkFileTree(
          root,
          new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs)
                throws IOException {
              // pip and packages leave read-only directories behind; make them deletable.
              dir.toFile().setWritable(true, true);
              return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs)
                throws IOException {
              Files.deleteIfExists(file);
              return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFileFailed(Path file, IOException exc) {
              return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path dir, IOException exc)
                throws IOException {
              Files.deleteIfExists(dir);
              return FileVisitResult.CONTINUE;
            }
          });
    } catch (IOException ignored) {
      // best effort; what is left is reported by the caller's checks
    }
  }

  private static void copyTree(Path from, Path to) throws IOException {
    try (var paths = Files.walk(from)) {
      for (Path p : (Iterable<Path>) paths::iterator) {
        Path t = to.resolve(from.relativize(p).toString());
        if (Files.isDirectory(p, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
          Files.createDirectories(t);
        } else {
          Files.copy(
              p, t, StandardCopyOption.COPY_ATTRIBUTES, java.nio.file.LinkOption.NOFOLLOW_LINKS);
        }
      }
    }
  }
}
