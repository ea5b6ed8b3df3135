package dev.recordinstall.model;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Text view of a model's process tree: one line per process, indented under its parent. */
public final class ProcessTree {
  private ProcessTree() {}

  /**
   * Renders the tree. Threads are folded into a count on their process's line. Each line: pid,
   * role, exit, command (or the last attempted exec when none succeeded).
   */
  public static String render(BehaviorModel m) {
    Map<Integer, List<ProcessInfo>> children = new LinkedHashMap<>();
    Map<Integer, Integer> threads = new LinkedHashMap<>();
    List<ProcessInfo> roots = new ArrayList<>();
    for (ProcessInfo p : m.processes().values()) {
      if (p.isThread()) {
        threads.merge(p.tgid(), 1, Integer::sum);
        continue;
      }
      int parent = leaderOf(m, p.parent());
      if (p.parent() == 0 || !m.processes().containsKey(parent)) roots.add(p);
      else children.computeIfAbsent(parent, k -> new ArrayList<>()).add(p);
    }
    StringBuilder sb = new StringBuilder();
    sb.append("phase ")
        .append(m.phase() == null ? "?" : m.phase())
        .append(" (root pid ")
        .append(m.rootPid())
        .append(", ")
        .append(m.processes().size())
        .append(" tasks)\n");
    ArrayList<Object[]> stack = new ArrayList<>();
    for (int i = roots.size() - 1; i >= 0; i--) stack.add(new Object[] {roots.get(i), 0});
    int lines = 0;
    while (!stack.isEmpty()) {
      Object[] top = stack.remove(stack.size() - 1);
      ProcessInfo p = (ProcessInfo) top[0];
      int depth = (Integer) top[1];
      if (++lines > 100_000) {
        sb.append("… (more processes not shown)\n");
        break;
      }
      sb.append("  ".repeat(Math.min(depth, 40)));
      sb.append(p.pid()).append(' ').append(p.role());
      if (p.killedBy() != null) sb.append(" killed by ").append(p.killedBy());
      else if (p.exitCode() != null) sb.append(" exit ").append(p.exitCode());
      else sb.append(" (no exit)");
      Integer t = threads.get(p.pid());
      if (t != null) sb.append(" +").append(t).append(t == 1 ? " thread" : " threads");
      String cmd = p.command();
      if (cmd.isEmpty() && !p.execs().isEmpty()) {
        ProcessInfo.Exec last = p.execs().get(p.execs().size() - 1);
        cmd = "[exec failed " + last.errno() + "] " + last.path();
      } else if (cmd.isEmpty()) {
        cmd = "[no exec]";
      }
      sb.append("  ").append(oneLine(cmd)).append('\n');
      List<ProcessInfo> kids = children.getOrDefault(p.pid(), List.of());
      for (int i = kids.size() - 1; i >= 0; i--) stack.add(new Object[] {kids.get(i), depth + 1});
    }
    return sb.toString();
  }

  private static int leaderOf(BehaviorModel m, int pid) {
    ProcessInfo p = m.processes().get(pid);
    return p == null ? pid : p.tgid();
  }

  private static String oneLine(String s) {
    StringBuilder sb = new StringBuilder(s.length());
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      sb.append(c < 0x20 || c == 0x7F ? '?' : c);
    }
    return sb.toString();
  }
}
