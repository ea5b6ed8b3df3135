package dev.recordinstall.batch;

import dev.recordinstall.store.Status;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * Progress on stderr. On a terminal: one status line redrawn in place (done/total, findings,
 * failed, running, elapsed, ETA), with a permanent line above it for every package that is not
 * clean. Otherwise (a log file, CI): one plain line per finished package.
 */
public final class ConsoleProgress implements ProgressListener {
  private final PrintWriter out;
  private final boolean tty;
  private final LongSupplier nanos;
  private final Set<String> running = new LinkedHashSet<>();
  private ScheduledExecutorService ticker;
  private long startNanos;
  private int total;
  private int skipped;
  private int done;
  private int findings;
  private int failed;
  private boolean lineShown;

  private ConsoleProgress(PrintWriter out, boolean tty, LongSupplier nanos) {
    this.out = out;
    this.tty = tty;
    this.nanos = nanos;
  }

  /** Progress on out; redrawn when tty, plain lines otherwise. */
  public static ConsoleProgress create(PrintWriter out, boolean tty) {
    return new ConsoleProgress(out, tty, System::nanoTime);
  }

  static ConsoleProgress create(PrintWriter out, boolean tty, LongSupplier nanos) {
    return new ConsoleProgress(out, tty, nanos);
  }

  /** Whether this process's stderr is a terminal (Linux: /proc/self/fd/2 → /dev/pts/N). */
  public static boolean stderrIsTerminal() {
    if (System.getenv("TERM") != null && "dumb".equals(System.getenv("TERM"))) return false;
    try {
      String target = Files.readSymbolicLink(Path.of("/proc/self/fd/2")).toString();
      return target.startsWith("/dev/pts/") || target.startsWith("/dev/tty");
    } catch (Exception e) {
      return false;
    }
  }

  @Override
  public synchronized void begin(int total, int skipped) {
    this.total = total;
    this.skipped = skipped;
    this.startNanos = nanos.getAsLong();
    if (skipped > 0) {
      out.println(
          "record-install batch: "
              + skipped
              + " of "
              + total
              + " already done in an earlier run (--rescan scans them again)");
    }
    if (tty) {
      ticker =
          Executors.newSingleThreadScheduledExecutor(
              r -> {
                Thread t = new Thread(r, "batch-progress");
                t.setDaemon(true);
                return t;
              });
      ticker.scheduleAtFixedRate(this::redraw, 1, 1, TimeUnit.SECONDS);
      redraw();
    }
  }

  @Override
  public synchronized void started(String spec) {
    running.add(spec);
    if (tty) redraw();
  }

  @Override
  public synchronized void finished(
      String spec, Status status, int findingCount, String reason, long millis) {
    running.remove(spec);
    done++;
    if (status == Status.FINDINGS) findings++;
    else if (status != Status.CLEAN) failed++;
    String detail =
        status == Status.FINDINGS
            ? findingCount + " finding" + (findingCount == 1 ? "" : "s")
            : reason == null || status == Status.CLEAN ? "" : oneLine(reason);
    String line =
        String.format(
            "[%d/%d] %s: %s%s (%s)",
            skipped + done,
            total,
            spec,
            status.text(),
            detail.isEmpty() ? "" : " - " + detail,
            duration(millis));
    if (tty) {
      if (status != Status.CLEAN) {
        clearLine();
        out.println(line);
      }
      redraw();
    } else {
      out.println(line + "  " + counters());
      out.flush();
    }
  }

  @Override
  public synchronized void end(BatchResult result) {
    if (ticker != null) ticker.shutdownNow();
    if (tty) clearLine();
    out.printf(
        "record-install batch: %s %d of %d in %s (%d skipped): %d clean, %d with findings, %d"
            + " install-failed, %d timeout, %d tool-error%s%n",
        result.interrupted() ? "interrupted after" : "scanned",
        result.scanned(),
        result.total() - result.skipped(),
        duration(result.wallMillis()),
        result.skipped(),
        result.count(result.thisRun(), Status.CLEAN),
        result.count(result.thisRun(), Status.FINDINGS),
        result.count(result.thisRun(), Status.INSTALL_FAILED),
        result.count(result.thisRun(), Status.TIMEOUT),
        result.count(result.thisRun(), Status.TOOL_ERROR),
        result.interrupted() ? "; re-run the same command to resume" : "");
    out.flush();
  }

  private String counters() {
    long elapsed = TimeUnit.NANOSECONDS.toMillis(nanos.getAsLong() - startNanos);
    int todo = total - skipped;
    String eta =
        done == 0 ? "?" : duration((long) ((double) elapsed / done * Math.max(0, todo - done)));
    return String.format(
        "%d/%d done, %d with findings, %d failed, %d running, %s elapsed, ETA %s",
        skipped + done, total, findings, failed, running.size(), duration(elapsed), eta);
  }

  private synchronized void redraw() {
    String s = counters();
    if (!running.isEmpty()) s += " | " + String.join(", ", running);
    int width = 160;
    try {
      String cols = System.getenv("COLUMNS");
      if (cols != null) width = Math.max(40, Integer.parseInt(cols.trim()));
    } catch (NumberFormatException ignored) {
      // default width
    }
    if (s.length() > width - 1) s = s.substring(0, width - 2) + "…";
    out.print("\r\033[K" + s);
    out.flush();
    lineShown = true;
  }

  private void clearLine() {
    if (lineShown) out.print("\r\033[K");
    lineShown = false;
  }

  private static String oneLine(String s) {
    String t = s.replaceAll("\\s+", " ").strip();
    return t.length() > 200 ? t.substring(0, 199) + "…" : t;
  }

  static String duration(long millis) {
    long s = Math.round(millis / 1000.0);
    if (s < 60) return millis < 10_000 ? String.format("%.1fs", millis / 1000.0) : s + "s";
    if (s < 3600) return String.format("%dm%02ds", s / 60, s % 60);
    return String.format("%dh%02dm", s / 3600, (s % 3600) / 60);
  }
}
