package dev.recordinstall.model;

import dev.recordinstall.strace.Arg;
import dev.recordinstall.strace.TraceEvent;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Repairs the process tree of a trace taken outside a pid namespace (bwrap --unshare-pid) without
 * strace's {@code --pidns-translation}: inside the namespace, clone/fork/vfork return the child's
 * pid <em>in the namespace</em> (2, 3...) while strace labels the child's lines with its host pid,
 * so the model could not link children to parents. {@link ModelBuilder} feeds every event through
 * this filter first (so analyze, scan, batch, {@code model} and {@code tree} all get it); it
 * rewrites
 *
 * <ul>
 *   <li>the return value of a clone-family call made inside the namespace to the host pid of the
 *       child, matched with the next pid that appears without a parent and whose first line is not
 *       older than the call (the child's first line comes either before the parent's call returns,
 *       or shortly after it);
 *   <li>pid arguments of kill/tkill/tgkill/pidfd_open/ptrace/process_vm_*, wait4 and waitid that
 *       name a namespace pid already mapped (1 is the namespace's init), keeping the namespace pid
 *       as the argument's raw text, the way the parser gives a translated pid.
 * </ul>
 *
 * <p>Only processes descending from a {@code clone(CLONE_NEWPID)} are treated; traces without one
 * pass through unchanged. Events after an unresolved clone are held (bounded) so that order is
 * kept. A heuristic: when two processes fork at the same moment, children may be swapped between
 * them. The exact fix is strace's {@code --pidns-translation}, which the recorder passes and the
 * parser applies ({@code = 2 /* 18879 in strace's PID NS *}{@code /} becomes 18879): as soon as a
 * translated value is seen, this filter steps aside and passes every event through unchanged.
 */
final class PidNamespaceTranslator implements Consumer<TraceEvent> {
  static final int MAX_HELD = 50_000;

  private final Consumer<TraceEvent> sink;
  private final Set<Integer> seen = new HashSet<>();
  private final Set<Integer> inNs = new HashSet<>();
  private final Set<Integer> claimed = new HashSet<>();

  /** Namespace pid -> host pid, per namespace init (nested namespaces are rare; one map). */
  private final Map<Integer, Integer> nsToHost = new HashMap<>();

  /** Pids first seen before the namespace existed: the sandbox's outer process and its tracer. */
  private final Set<Integer> outside = new HashSet<>();

  /** Pids without a parent yet, with the time of their first line, in order of appearance. */
  private final java.util.LinkedHashMap<Integer, Long> unclaimed = new java.util.LinkedHashMap<>();

  private final ArrayDeque<Pending> waiting = new ArrayDeque<>();
  private final List<Object> held = new ArrayList<>();
  private boolean namespaced;
  private boolean translatedByStrace;
  private int lastPid = Integer.MIN_VALUE;

  /** A clone event whose child has not been identified yet; {@code slot} is its index in held. */
  private static final class Pending {
    final TraceEvent.Syscall call;
    final int slot;

    Pending(TraceEvent.Syscall call, int slot) {
      this.call = call;
      this.slot = slot;
    }
  }

  PidNamespaceTranslator(Consumer<TraceEvent> sink) {
    this.sink = sink;
  }

  @Override
  public void accept(TraceEvent e) {
    if (!translatedByStrace && isTranslatedByStrace(e)) {
      translatedByStrace = true;
      giveUp(); // nothing held can need the heuristic any more
    }
    if (translatedByStrace) {
      sink.accept(e);
      return;
    }
    int pid = e.pid();
    if (pid > 0 && pid != lastPid && seen.add(pid)) {
      if (!namespaced) outside.add(pid);
      else if (!claimed.contains(pid)) unclaimed.put(pid, e.timeMicros());
    }
    lastPid = pid;
    TraceEvent out = e;
    if (e instanceof TraceEvent.Syscall s) {
      String n = s.name();
      if (isClone(n) && s.ok()) {
        if (Args.idents(s.args()).contains("CLONE_NEWPID")) {
          // The namespace's init: its pid is a host pid (the caller is outside).
          namespaced = true;
          Long v = s.ret().value();
          if (v != null && v > 0 && v <= Integer.MAX_VALUE) {
            int init = (int) (long) v;
            inNs.add(init);
            claimed.add(init);
            unclaimed.remove(init);
            outside.remove(init);
            nsToHost.put(1, init);
          }
        } else if (namespaced && !outside.contains(pid)) {
          held.add(s);
          waiting.add(new Pending(s, held.size() - 1));
          resolve();
          flushResolved();
          return;
        }
      } else if (namespaced && !outside.contains(pid)) {
        out = null; // pid arguments to translate
      }
    } else if (e instanceof TraceEvent.SignalReceived && namespaced && !outside.contains(pid)) {
      out = null; // si_pid to translate
    }
    if (out == null) {
      // Behind an unresolved clone, a pid may name its child (wait4 right after the fork):
      // translate when the event leaves, once every earlier clone is resolved.
      if (held.isEmpty()) out = translate(e);
      else {
        held.add(new Deferred(e));
        resolve();
        flushResolved();
        if (held.size() > MAX_HELD) giveUp();
        return;
      }
    }
    if (held.isEmpty()) {
      sink.accept(out);
    } else {
      held.add(out);
      resolve();
      flushResolved();
      if (held.size() > MAX_HELD) giveUp();
    }
  }

  /** Flushes everything (call at the end of the trace). */
  void finish() {
    resolve();
    giveUp();
  }

  /**
   * Matches waiting clones, oldest first, with the earliest parentless pid that is not the caller
   * and whose first line is not older than the clone call.
   */
  private void resolve() {
    if (waiting.isEmpty() || unclaimed.isEmpty()) return;
    List<Pending> still = new ArrayList<>();
    while (!waiting.isEmpty()) {
      Pending p = waiting.poll();
      Integer host = null;
      for (Map.Entry<Integer, Long> u : unclaimed.entrySet()) {
        if (u.getKey() == p.call.pid()) continue;
        if (u.getValue() >= 0 && p.call.timeMicros() >= 0 && u.getValue() < p.call.timeMicros()) {
          continue;
        }
        host = u.getKey();
        break;
      }
      if (host == null) {
        still.add(p);
        continue;
      }
      unclaimed.remove(host);
      TraceEvent.Syscall s = p.call;
      Long nsPid = s.ret().value();
      claimed.add(host);
      inNs.add(host);
      if (nsPid != null && nsPid > 0 && nsPid <= Integer.MAX_VALUE) {
        nsToHost.put((int) (long) nsPid, host);
      }
      held.set(p.slot, withReturn(s, host));
    }
    waiting.addAll(still);
  }

  private void flushResolved() {
    if (held.isEmpty()) return;
    int firstUnresolved = waiting.isEmpty() ? held.size() : waiting.peek().slot;
    if (firstUnresolved == 0) return;
    for (int i = 0; i < firstUnresolved; i++) emit(held.get(i));
    List<Object> rest = new ArrayList<>(held.subList(firstUnresolved, held.size()));
    held.clear();
    held.addAll(rest);
    List<Pending> shifted = new ArrayList<>();
    for (Pending p : waiting) shifted.add(new Pending(p.call, p.slot - firstUnresolved));
    waiting.clear();
    waiting.addAll(shifted);
  }

  private void giveUp() {
    for (Object o : held) emit(o);
    held.clear();
    waiting.clear();
  }

  /** A held event whose pids are translated when it leaves. */
  private record Deferred(TraceEvent event) {}

  private void emit(Object held) {
    sink.accept(held instanceof Deferred d ? translate(d.event()) : (TraceEvent) held);
  }

  private TraceEvent translate(TraceEvent e) {
    if (e instanceof TraceEvent.Syscall s) return translateArgs(s);
    if (e instanceof TraceEvent.SignalReceived r) return translateSender(r);
    return e;
  }

  /** {@code --- SIGTERM {si_pid=2, ...} ---}: the sender's namespace pid. */
  private TraceEvent translateSender(TraceEvent.SignalReceived r) {
    if (!(r.info() instanceof Arg.Struct st)) return r;
    List<Arg.Field> fields = new ArrayList<>(st.fields());
    for (int i = 0; i < fields.size(); i++) {
      Arg.Field f = fields.get(i);
      if (!f.name().equals("si_pid")) continue;
      List<Arg> one = new ArrayList<>(List.of(f.value()));
      if (f.value() == null || !mapArg(one, 0)) return r;
      fields.set(i, new Arg.Field(f.name(), one.get(0)));
      return new TraceEvent.SignalReceived(
          r.pid(), r.timeMicros(), r.loc(), r.signal(), new Arg.Struct(List.copyOf(fields)));
    }
    return r;
  }

  private TraceEvent translateArgs(TraceEvent.Syscall s) {
    int idx;
    switch (s.name()) {
      case "kill":
      case "tkill":
      case "pidfd_open":
      case "process_vm_readv":
      case "process_vm_writev":
      case "wait4":
      case "waitid":
        idx = s.name().equals("waitid") ? 1 : 0;
        break;
      case "tgkill":
        idx = 0; // tgid; the tid (arg 1) is translated below
        break;
      case "ptrace":
        idx = 1;
        break;
      default:
        return s;
    }
    List<Arg> args = new ArrayList<>(s.args());
    boolean changed = mapArg(args, idx);
    if (s.name().equals("tgkill")) changed |= mapArg(args, 1);
    if (!changed) return s;
    return new TraceEvent.Syscall(
        s.pid(),
        s.timeMicros(),
        s.loc(),
        s.name(),
        List.copyOf(args),
        s.ret(),
        s.durationMicros(),
        s.resumed(),
        s.unfinishedAtEnd());
  }

  private boolean mapArg(List<Arg> args, int idx) {
    if (idx >= args.size() || !(args.get(idx) instanceof Arg.Int i)) return false;
    long v = i.value();
    long abs = Math.abs(v);
    // 0: own group, -1: every process it may signal; 1 is the namespace's init
    if (v == 0 || v == -1 || abs > Integer.MAX_VALUE) return false;
    Integer host = nsToHost.get((int) abs);
    if (host == null) return false;
    long mapped = v < 0 ? -host : host;
    args.set(idx, new Arg.Int(mapped, i.raw()));
    return true;
  }

  private static TraceEvent.Syscall withReturn(TraceEvent.Syscall s, int host) {
    TraceEvent.Return r = s.ret();
    TraceEvent.Return nr =
        new TraceEvent.Return(
            (long) host,
            false,
            null,
            null,
            r.fd(),
            r.extra(),
            r.unavailable(),
            r.raw()); // the namespace pid, as the parser keeps it for a translated value
    return new TraceEvent.Syscall(
        s.pid(),
        s.timeMicros(),
        s.loc(),
        s.name(),
        s.args(),
        nr,
        s.durationMicros(),
        s.resumed(),
        s.unfinishedAtEnd());
  }

  /**
   * A return value that strace itself translated into its own pid namespace: the parser keeps the
   * namespace pid in {@code raw} and strace's pid in {@code value} ({@code = 2 /* 18879 in strace's
   * PID NS *}{@code /}), so a decimal raw text that differs from the value gives it away.
   */
  static boolean isTranslatedByStrace(TraceEvent e) {
    // Only pid-returning calls: umask() = 022 is octal text whose decimal reading differs too.
    if (!(e instanceof TraceEvent.Syscall s) || s.ret() == null || !isClone(s.name())) return false;
    Long v = s.ret().value();
    String raw = s.ret().raw();
    if (v == null || raw == null || raw.isEmpty() || raw.length() > 10 || raw.charAt(0) == '0')
      return false;
    for (int i = 0; i < raw.length(); i++) if (!Character.isDigit(raw.charAt(i))) return false;
    return Long.parseLong(raw) != v;
  }

  private static boolean isClone(String n) {
    return n.equals("clone") || n.equals("clone3") || n.equals("fork") || n.equals("vfork");
  }
}
