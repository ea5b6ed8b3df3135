package dev.recordinstall.model;

import dev.recordinstall.strace.TraceEvent.Loc;
import java.util.List;

/**
 * One process of the traced tree, final state. CONTRACT: model (issue 4) -> policy (5).
 *
 * @param parent parent pid, 0 for the root or when unknown
 * @param execs every execve/execveat attempt in order (failed ones too)
 * @param exitCode exit status, or null when killed or never seen exiting
 * @param killedBy signal name when killed, else null
 * @param startMicros,endMicros timestamps, -1 when unknown
 * @param tgid thread-group id: equals {@code pid} for a process, the leader's pid for a thread
 *     (threads share their process's role, fd table and cwd)
 */
public record ProcessInfo(
    int pid,
    int parent,
    Role role,
    List<Exec> execs,
    String cwd,
    Integer exitCode,
    String killedBy,
    long startMicros,
    long endMicros,
    Loc firstSeen,
    int tgid) {

  /** The original constructor (before {@code tgid}): a process, not a thread. */
  public ProcessInfo(
      int pid,
      int parent,
      Role role,
      List<Exec> execs,
      String cwd,
      Integer exitCode,
      String killedBy,
      long startMicros,
      long endMicros,
      Loc firstSeen) {
    this(pid, parent, role, execs, cwd, exitCode, killedBy, startMicros, endMicros, firstSeen, pid);
  }

  /** True for a thread (a task sharing its leader's process). */
  public boolean isThread() {
    return tgid != pid;
  }

  /** One exec attempt. {@code ok} false when execve returned an error ({@code errno}). */
  public record Exec(String path, List<String> argv, boolean ok, String errno, Loc loc) {}

  /** argv of the last successful exec, or empty. */
  public List<String> argv() {
    for (int i = execs.size() - 1; i >= 0; i--) {
      if (execs.get(i).ok()) return execs.get(i).argv();
    }
    return List.of();
  }

  /** A one-line command for display, bounded in length. */
  public String command() {
    String s = String.join(" ", argv());
    return s.length() > 300 ? s.substring(0, 300) + "…" : s;
  }
}
