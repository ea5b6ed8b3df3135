package dev.recordinstall.batch;

import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Stops every descendant of this JVM (pip, strace, bwrap and what they started): SIGTERM, a short
 * grace, then SIGKILL, in rounds so children forked meanwhile are caught too. Only processes this
 * JVM started (directly or not) are touched, each by its pid.
 */
final class ProcessReaper {
  private ProcessReaper() {}

  /** Returns how many processes were still alive after the last round (0 on success). */
  static int killDescendants(long graceMillis) {
    for (int round = 0; round < 5; round++) {
      List<ProcessHandle> all = ProcessHandle.current().descendants().toList();
      if (all.isEmpty()) return 0;
      for (ProcessHandle p : all) p.destroy();
      long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(graceMillis);
      for (ProcessHandle p : all) {
        long left = deadline - System.nanoTime();
        if (left <= 0) break;
        try {
          p.onExit().get(left, TimeUnit.NANOSECONDS);
        } catch (Exception ignored) {
          // still alive or cannot wait: forced below
        }
      }
      for (ProcessHandle p : all) if (p.isAlive()) p.destroyForcibly();
      for (ProcessHandle p : all) {
        try {
          p.onExit().get(2, TimeUnit.SECONDS);
        } catch (Exception ignored) {
          // counted in the next round
        }
      }
    }
    return (int) ProcessHandle.current().descendants().filter(ProcessHandle::isAlive).count();
  }
}
