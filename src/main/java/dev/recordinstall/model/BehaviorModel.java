package dev.recordinstall.model;

import java.util.List;
import java.util.Map;

/**
 * The result of one pass over a trace. CONTRACT: model (issue 4) -> policy (issue 5).
 *
 * @param processes every process by pid (final state)
 * @param activities every activity in log order
 * @param syscalls per pid, every syscall name used and how often (for the syscall allowlist)
 * @param rootPid the first process of the trace
 * @param phase the recording phase this trace belongs to ("install", "import", ...)
 */
public record BehaviorModel(
    String phase,
    Map<Integer, ProcessInfo> processes,
    List<Activity> activities,
    Map<Integer, Map<String, SyscallUse>> syscalls,
    int rootPid) {

  /** How often a pid called a syscall, and where first. */
  public record SyscallUse(
      String name, long count, dev.recordinstall.strace.TraceEvent.Loc first) {}
}
