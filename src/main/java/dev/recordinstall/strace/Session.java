package dev.recordinstall.strace;

import java.util.BitSet;
import java.util.HashMap;
import java.util.LinkedHashMap;

/**
 * State shared by the readers of one trace (one file, or the per-pid files of {@code -ff}): the
 * calls waiting for their {@code <... resumed>} (at most one per pid, at most {@link
 * Limits#maxPending()} in all), the {@code superseded by execve} links, the pids seen, the value
 * caches of the parsers, and the counters of the summary.
 */
final class Session {
  /** An {@code <unfinished ...>} start: the argument text printed so far. */
  record Pending(String name, byte[] text, int pid, long time, TraceEvent.Loc loc) {}

  static final int PID_MAX = 4_194_304; // PID_MAX_LIMIT on 64-bit Linux

  final Limits limits;
  final ArgParser.Caches caches = new ArgParser.Caches();
  final LinkedHashMap<Integer, Pending> pending = new LinkedHashMap<>();
  final HashMap<Integer, Integer> former = new HashMap<>();
  final BitSet pids = new BitSet();
  final BitSet live = new BitSet();
  int liveCount;
  long lines;
  long bytes;
  long events;
  long errors;

  Session(Limits limits) {
    this.limits = limits;
  }

  private int lastSeen; // the pid of the last seen() that found it live (lines come in runs)

  void seen(int pid) {
    if (pid == lastSeen) return;
    lastSeen = pid;
    if (pid > 0 && !live.get(pid)) {
      live.set(pid);
      liveCount++;
      pids.set(pid);
    }
  }

  void gone(int pid) {
    if (pid == lastSeen) lastSeen = 0;
    if (pid > 0 && live.get(pid)) {
      live.clear(pid);
      liveCount--;
    }
  }

  /** The only live pid when exactly one is known (lines without a pid prefix), else 0. */
  int solePid() {
    return liveCount == 1 ? live.nextSetBit(0) : 0;
  }

  StraceParser.Summary summary() {
    return new StraceParser.Summary(lines, bytes, events, pids.cardinality(), errors);
  }
}
