package dev.recordinstall.record;

import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs one phase's command with a timeout. On timeout the whole process tree goes: every descendant
 * is SIGKILLed (bwrap's pid-namespace init among them, which takes the namespace and any
 * double-forked daemon with it), then the top process if it has not exited by itself.
 */
final class PhaseRunner {
  private PhaseRunner() {}

  /**
   * @param overLimit the phase wrote more than its output limit and was stopped like a timeout
   */
  record Outcome(
      int exit, boolean timedOut, boolean overLimit, Instant start, Instant end, String note) {}

  /** How often the output files are measured while the phase runs. */
  static final long WATCH_MILLIS = 250;

  /** A phase without an output watch beyond its own stdout and stderr (venv creation). */
  static Outcome run(
      List<String> argv,
      Map<String, String> env,
      Path cwd,
      Path stdout,
      Path stderr,
      Duration timeout)
      throws RecordException {
    return run(argv, env, cwd, stdout, stderr, timeout, List.of(), Long.MAX_VALUE);
  }

  /**
   * Runs the phase; {@code watched} files (the trace), stdout and stderr together may grow to
   * {@code maxOutput} bytes: past that, the tree is killed as on a timeout. A package that floods
   * its trace (a syscall loop, megabytes of output) must not fill the disk of a batch host or bury
   * what it did; what was written so far stays for the analysis.
   */
  static Outcome run(
      List<String> argv,
      Map<String, String> env,
      Path cwd,
      Path stdout,
      Path stderr,
      Duration timeout,
      List<Path> watched,
      long maxOutput)
      throws RecordException {
    ProcessBuilder pb =
        new ProcessBuilder(argv)
            .directory(cwd.toFile())
            .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
            .redirectOutput(stdout.toFile())
            .redirectError(stderr.toFile());
    if (env != null) {
      pb.environment().clear();
      pb.environment().putAll(env);
    }
    Instant start = Instant.now();
    Process p;
    try {
      p = pb.start();
    } catch (IOException e) {
      throw RecordException.toolFailed("cannot start " + argv.get(0) + ": " + e.getMessage(), e);
    }
    // the tracer runs in its own session (setsid): if this JVM is stopped (Ctrl-C, SIGTERM), take
    // the phase's processes down with it instead of leaving them running
    Thread hook =
        new Thread(
            () -> {
              p.descendants().forEach(ProcessHandle::destroyForcibly);
              p.destroyForcibly();
            },
            "record-install-phase-cleanup");
    boolean hooked = false;
    try {
      Runtime.getRuntime().addShutdownHook(hook);
      hooked = true;
    } catch (IllegalStateException e) {
      // already shutting down
    }
    List<Path> files = new ArrayList<>(watched);
    files.add(stdout);
    files.add(stderr);
    try {
      long deadline = System.nanoTime() + timeout.toNanos();
      while (true) {
        long left = deadline - System.nanoTime();
        if (left <= 0) break;
        long step = Math.min(TimeUnit.NANOSECONDS.toMillis(left) + 1, WATCH_MILLIS);
        if (p.waitFor(step, TimeUnit.MILLISECONDS)) {
          return new Outcome(p.exitValue(), false, false, start, Instant.now(), null);
        }
        long size = totalSize(files);
        if (size > maxOutput) {
          String note =
              "output limit: the phase wrote "
                  + (size >> 20)
                  + " MiB (trace, stdout and stderr), more than the limit of "
                  + (maxOutput >> 20)
                  + " MiB; "
                  + killTree(p);
          return new Outcome(p.exitValue(), false, true, start, Instant.now(), note);
        }
      }
      String note = "timeout: " + killTree(p);
      return new Outcome(p.exitValue(), true, false, start, Instant.now(), note);
    } catch (InterruptedException e) {
      killTree(p);
      Thread.currentThread().interrupt();
      throw RecordException.toolFailed("interrupted; the phase's processes were killed", e);
    } finally {
      if (hooked) {
        try {
          Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException e) {
          // shutting down: the hook runs
        }
      }
    }
  }

  private static long totalSize(List<Path> files) {
    long sum = 0;
    for (Path f : files) {
      try {
        sum += java.nio.file.Files.size(f);
      } catch (IOException e) {
        // not created yet
      }
    }
    return sum;
  }

  /**
   * Kills every descendant (repeatedly, in case something forks meanwhile), lets the tracer finish
   * its log for up to 10 s, then kills the tracer too. Returns what was done, for the phase's note
   * (the caller says why).
   */
  static String killTree(Process p) {
    try {
      return killTreeInterruptibly(p);
    } catch (InterruptedException e) {
      p.descendants().forEach(ProcessHandle::destroyForcibly);
      p.destroyForcibly();
      Thread.currentThread().interrupt();
      return "interrupted: killed the phase's processes and the tracer";
    }
  }

  private static String killTreeInterruptibly(Process p) throws InterruptedException {
    ProcessHandle top = p.toHandle();
    int killed = 0;
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (System.nanoTime() < deadline) {
      List<ProcessHandle> desc = new ArrayList<>();
      top.descendants().forEach(desc::add);
      if (desc.isEmpty()) break;
      for (ProcessHandle h : desc) {
        if (h.destroyForcibly()) killed++;
      }
      Thread.sleep(50);
    }
    boolean tracerExited = p.waitFor(10, TimeUnit.SECONDS);
    String note = "killed " + killed + " process(es) of the phase";
    if (!tracerExited) {
      p.destroyForcibly();
      p.waitFor();
      note += "; the tracer did not exit within 10 s and was killed";
    }
    return note;
  }
}
