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

  record Outcome(int exit, boolean timedOut, Instant start, Instant end, String note) {}

  static Outcome run(
      List<String> argv,
      Map<String, String> env,
      Path cwd,
      Path stdout,
      Path stderr,
      Duration timeout)
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
    try {
      if (p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        return new Outcome(p.exitValue(), false, start, Instant.now(), null);
      }
      String note = killTree(p);
      return new Outcome(p.exitValue(), true, start, Instant.now(), note);
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

  /**
   * Kills every descendant (repeatedly, in case something forks meanwhile), lets the tracer finish
   * its log for up to 10 s, then kills the tracer too.
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
    String note = "timeout: killed " + killed + " process(es) of the phase";
    if (!tracerExited) {
      p.destroyForcibly();
      p.waitFor();
      note += "; the tracer did not exit within 10 s and was killed";
    }
    return note;
  }
}
