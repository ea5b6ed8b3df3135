package dev.recordinstall.model;

import dev.recordinstall.model.Activity.FileOp;
import dev.recordinstall.model.Activity.IntegrityKind;
import dev.recordinstall.model.Activity.NetOp;
import dev.recordinstall.model.BehaviorModel.SyscallUse;
import dev.recordinstall.strace.Arg;
import dev.recordinstall.strace.TraceEvent;
import dev.recordinstall.strace.TraceEvent.Loc;
import dev.recordinstall.strace.TraceEvent.Syscall;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Builds a {@link BehaviorModel} from parsed trace events in one streaming pass: {@link
 * #accept(TraceEvent)} each event in log order, then {@link #finish()} once.
 *
 * <p>Events of a pid whose creating clone/fork has not returned yet (strace prints the child's
 * first calls before the parent's {@code <... clone resumed>}) are held back, bounded, and replayed
 * as soon as the parent's call returns, so every child inherits the right role, cwd and fds.
 * Activities are returned in log order (by line). Never throws on hostile input; every bound that
 * is hit is reported as an {@link IntegrityKind#LIMIT_REACHED} activity.
 */
public final class ModelBuilder {
  /** Bounds. */
  public record Limits(
      int maxFdsPerTable,
      int maxPayloadBytes,
      int maxPendingEvents,
      int maxActivities,
      int maxIoActivitiesPerSocket,
      int maxDnsNames) {
    public static Limits defaults() {
      return new Limits(4096, 512, 200_000, 5_000_000, 256, 100_000);
    }
  }

  private final Limits limits;
  private String phase;
  private final Map<Integer, Proc> procs = new LinkedHashMap<>();
  private final Map<Integer, ArrayList<TraceEvent>> pending = new LinkedHashMap<>();
  private final ArrayDeque<Integer> replay = new ArrayDeque<>();
  private int pendingCount;
  private final ArrayList<Activity> activities = new ArrayList<>();
  private final Map<Integer, Map<String, Use>> syscalls = new HashMap<>();
  private final Map<String, String> ipNames = new HashMap<>();
  private final Set<String> dirs = new HashSet<>();
  private final Set<String> limitsHit = new HashSet<>();
  private final PidNamespaceTranslator pidns = new PidNamespaceTranslator(this::take);
  private int rootPid = -1;
  private int lastPid = Integer.MIN_VALUE;
  private Proc lastProc;
  private int phaseRootPid = -1;
  private List<Integer> survivorCandidates;
  private Loc rootEndLoc;
  private long rootEndTime = -1;
  private boolean finished;

  private ModelBuilder(String phase, Limits limits) {
    this.phase = phase;
    this.limits = limits;
  }

  /**
   * A builder for one phase's trace. {@code phase} is "venv", "install", "import" or null (then
   * inferred from the first non-bwrap exec: pip means install, another python means import).
   */
  public static ModelBuilder create(String phase) {
    return new ModelBuilder(phase, Limits.defaults());
  }

  public static ModelBuilder create(String phase, Limits limits) {
    return new ModelBuilder(phase, limits);
  }

  /** Builds the model of already-parsed events (tests, small traces). */
  public static BehaviorModel build(String phase, Iterable<? extends TraceEvent> events) {
    ModelBuilder b = create(phase);
    for (TraceEvent e : events) b.accept(e);
    return b.finish();
  }

  /**
   * Parses a strace log (plain or .gz) with the strace parser and builds its model in one pass.
   * Parse errors become {@link IntegrityKind#PARSE_ERROR} activities.
   */
  public static BehaviorModel fromLog(java.nio.file.Path log, String phase)
      throws java.io.IOException {
    ModelBuilder b = create(phase);
    dev.recordinstall.strace.StraceParser.parse(log, b::accept);
    return b.finish();
  }

  /** The phase: as given, or as inferred from the first non-bwrap exec (null if unknown yet). */
  public String phase() {
    return phase;
  }

  // ------------------------------------------------------------------ state

  private static final class Use {
    long n;
    final Loc first;

    Use(Loc first) {
      this.first = first;
    }
  }

  /** An open file description (shared by dup'd fds and across fork). */
  static final class Desc {
    final String kind; // file, dir, socket, pipe, pidfd, memfd, other
    String path;
    String family;
    String type;
    String protocol;
    String peerAddr;
    int peerPort = -1;
    boolean firstSendDone;
    boolean headerChecked;
    boolean openedForWrite;
    boolean listed;
    int ioActs;
    int pidTarget;

    Desc(String kind, String path) {
      this.kind = kind;
      this.path = path;
    }

    boolean isSocket() {
      return kind.equals("socket");
    }
  }

  record Slot(Desc desc, boolean cloexec) {}

  static final class FdTable {
    final HashMap<Long, Slot> slots;

    FdTable(HashMap<Long, Slot> slots) {
      this.slots = slots;
    }

    FdTable copy() {
      return new FdTable(new HashMap<>(slots));
    }
  }

  static final class Fs {
    String cwd;

    Fs(String cwd) {
      this.cwd = cwd;
    }
  }

  static final class Proc {
    final int pid;
    int parent;
    int tgid;
    Role role = Role.UNKNOWN;
    Role parentRole; // null for the root
    boolean underBackend;
    boolean phaseRoot;
    boolean execOk;
    final List<ProcessInfo.Exec> execs = new ArrayList<>();
    Fs fs;
    FdTable fds;
    Integer exitCode;
    String killedBy;

    /**
     * A call that never returned, held until the process's next event: its own death line means it
     * died inside the call (bwrap's init SIGKILLed at teardown shows a never-resumed {@code
     * syscall_0xfffffffffffffff6}): the trace is complete. Anything else, or the end of the log,
     * makes it an {@link IntegrityKind#UNFINISHED_AT_END}.
     */
    Activity.Integrity unfinished;

    long start = -1;
    long end = -1;
    Loc firstSeen;
    boolean alive = true;
    long exitCall = -1; // time of its exit/exit_group call
    Map<String, Use> uses;

    Proc(int pid) {
      this.pid = pid;
      this.tgid = pid;
    }
  }

  // ------------------------------------------------------------------ entry

  /**
   * Feeds the next event (log order). Events pass through {@link PidNamespaceTranslator} first,
   * which links the children of a pid namespace traced without {@code --pidns-translation} (and
   * steps aside on a translated trace).
   */
  public void accept(TraceEvent e) {
    if (finished || e == null) return;
    try {
      pidns.accept(e);
    } catch (RuntimeException ex) {
      unusable(e, "pid-namespace repair", ex);
    }
  }

  /** Hostile input must never stop the pass: report and continue. */
  private void unusable(TraceEvent e, String who, RuntimeException ex) {
    integrity(
        e.pid(),
        e.loc(),
        e.timeMicros(),
        IntegrityKind.PARSE_ERROR,
        who + " could not use this event: " + ex);
  }

  /** An event after the pid-namespace repair. */
  private void take(TraceEvent e) {
    try {
      route(e);
      while (!replay.isEmpty()) {
        int pid = replay.poll();
        List<TraceEvent> held = pending.remove(pid);
        if (held == null) continue;
        pendingCount -= held.size();
        for (TraceEvent h : held) dispatch(h);
      }
    } catch (RuntimeException ex) {
      unusable(e, "model", ex);
    }
  }

  private void route(TraceEvent e) {
    if (e instanceof TraceEvent.ParseError pe) {
      integrity(
          pe.pid(),
          pe.loc(),
          pe.timeMicros(),
          IntegrityKind.PARSE_ERROR,
          bound(pe.message() + ": " + pe.text(), 400));
      return;
    }
    if (e instanceof TraceEvent.TracerMessage tm) {
      tracerMessage(tm);
      return;
    }
    int pid = e.pid();
    if (rootPid == -1) {
      rootPid = pid;
      Proc root = new Proc(pid);
      root.fs = new Fs(null);
      root.fds = new FdTable(new HashMap<>());
      procs.put(pid, root);
    }
    if (pid == lastPid && lastProc != null) {
      dispatch(e, lastProc);
      return;
    }
    Proc known = procs.get(pid);
    if (known != null) {
      lastPid = pid;
      lastProc = known;
      dispatch(e, known);
      return;
    }
    {
      ArrayList<TraceEvent> list = pending.computeIfAbsent(pid, k -> new ArrayList<>());
      list.add(e);
      if (++pendingCount > limits.maxPendingEvents()) {
        limit(
            e,
            "pending",
            "too many events of processes whose parent is unknown; " + "treating them as orphans");
        flushPendingAsOrphans();
      }
      return;
    }
  }

  private void flushPendingAsOrphans() {
    List<Integer> pids = new ArrayList<>(pending.keySet());
    for (Integer pid : pids) {
      if (!procs.containsKey(pid)) {
        Proc p = new Proc(pid);
        p.fs = new Fs(null);
        p.fds = new FdTable(new HashMap<>());
        p.parentRole = Role.UNKNOWN;
        procs.put(pid, p);
      }
      replay.add(pid);
    }
    while (!replay.isEmpty()) {
      int pid = replay.poll();
      List<TraceEvent> held = pending.remove(pid);
      if (held == null) continue;
      pendingCount -= held.size();
      for (TraceEvent h : held) dispatch(h);
    }
  }

  private void dispatch(TraceEvent e) {
    Proc p = procs.get(e.pid());
    if (p != null) dispatch(e, p);
  }

  private void dispatch(TraceEvent e, Proc p) {
    if (p.unfinished != null) {
      if (!(e instanceof TraceEvent.Exited) && !(e instanceof TraceEvent.Killed)) {
        emitUnfinished(p);
      }
      p.unfinished = null;
    }
    if (p.firstSeen == null) {
      p.firstSeen = e.loc();
      if (p.start < 0) p.start = e.timeMicros();
    }
    if (e instanceof Syscall s) {
      syscall(p, s);
    } else if (e instanceof TraceEvent.Exited x) {
      ended(p, x.timeMicros(), x.loc());
      p.exitCode = x.status();
    } else if (e instanceof TraceEvent.Killed k) {
      ended(p, k.timeMicros(), k.loc());
      p.killedBy = k.signal();
    } else if (e instanceof TraceEvent.SignalReceived sr) {
      int sender = 0;
      if (sr.info() instanceof Arg.Struct st) sender = (int) Args.longOr(st.get("si_pid"), 0);
      add(new Activity.SignalSeen(p.pid, sr.loc(), sr.timeMicros(), sr.signal(), sender));
    } else if (e instanceof TraceEvent.Superseded sup) {
      Proc former = procs.get(sup.formerPid());
      if (former != null && former != p) {
        if (!former.execs.isEmpty()) {
          ProcessInfo.Exec x = former.execs.get(former.execs.size() - 1);
          if (p.execs.isEmpty() || !x.loc().equals(p.execs.get(p.execs.size() - 1).loc())) {
            p.execs.add(x);
          }
        }
        former.alive = false;
        former.end = sup.timeMicros();
      }
    }
  }

  private void ended(Proc p, long time, Loc loc) {
    p.alive = false;
    p.end = time;
    if (p.pid == rootPid && survivorCandidates == null) {
      survivorCandidates = new ArrayList<>();
      rootEndLoc = loc;
      rootEndTime = time;
      for (Proc q : procs.values()) {
        if (q.alive && q.tgid != p.tgid) survivorCandidates.add(q.pid);
      }
      survivorCandidates.addAll(pending.keySet());
    }
  }

  private static final Pattern ATTACHED =
      Pattern.compile(
          "Process \\d+ attached|\\[ ?Process PID=\\d+ runs in (64|32) bit mode\\. ?\\]");
  private static final Pattern DETACHED = Pattern.compile("Process (\\d+) detached");

  private void tracerMessage(TraceEvent.TracerMessage tm) {
    String t = tm.text() == null ? "" : tm.text().trim();
    if (t.startsWith("strace: ")) t = t.substring(8);
    if (ATTACHED.matcher(t).matches()) return;
    Matcher m = DETACHED.matcher(t);
    String detail =
        m.matches() ? "tracing of pid " + m.group(1) + " stopped before it ended (" + t + ")" : t;
    integrity(tm.pid(), tm.loc(), tm.timeMicros(), IntegrityKind.TRACER_ERROR, bound(detail, 400));
  }

  // ------------------------------------------------------------------ finish

  /** Ends the pass and returns the model. Call once; later calls return the same content. */
  public BehaviorModel finish() {
    if (!finished) {
      pidns.finish();
      flushPendingAsOrphans();
      for (Proc p : procs.values()) {
        if (p.unfinished != null) emitUnfinished(p);
      }
      finished = true;
    }
    List<Activity> acts = new ArrayList<>(activities);
    Proc root = procs.get(rootPid);
    if (root != null && root.alive) {
      Loc last = lastLoc();
      acts.add(
          new Activity.Integrity(
              rootPid,
              last,
              -1,
              IntegrityKind.TRUNCATED,
              "the root process " + rootPid + " has no exit record: the trace is cut short"));
    }
    if (survivorCandidates != null) {
      for (int pid : survivorCandidates) {
        Proc q = procs.get(pid);
        if (q == null) continue;
        if (!q.alive && q.end >= 0 && q.end <= rootEndTime) continue;
        if (q.exitCall >= 0 && q.exitCall <= rootEndTime) continue; // was already exiting
        if (q.role == Role.SETUP) continue; // bwrap's own pid-namespace init, torn down with it
        acts.add(
            new Activity.Integrity(
                pid,
                rootEndLoc,
                rootEndTime,
                IntegrityKind.SURVIVOR,
                "pid "
                    + pid
                    + " ("
                    + q.role
                    + ") was still alive when the root process exited: "
                    + bound(String.join(" ", argv(q)), 200)));
      }
    }
    acts.sort(Comparator.comparingLong(a -> a.loc() == null ? Long.MAX_VALUE : a.loc().line()));
    Map<Integer, ProcessInfo> out = new LinkedHashMap<>();
    for (Proc q : procs.values()) {
      out.put(
          q.pid,
          new ProcessInfo(
              q.pid,
              q.parent,
              q.role,
              List.copyOf(q.execs),
              q.fs == null ? null : q.fs.cwd,
              q.exitCode,
              q.killedBy,
              q.start,
              q.end,
              q.firstSeen,
              q.tgid));
    }
    Map<Integer, Map<String, SyscallUse>> sc = new TreeMap<>();
    for (Map.Entry<Integer, Map<String, Use>> en : syscalls.entrySet()) {
      Map<String, SyscallUse> m = new TreeMap<>();
      for (Map.Entry<String, Use> u : en.getValue().entrySet()) {
        m.put(u.getKey(), new SyscallUse(u.getKey(), u.getValue().n, u.getValue().first));
      }
      sc.put(en.getKey(), Collections.unmodifiableMap(m));
    }
    return new BehaviorModel(
        phase,
        Collections.unmodifiableMap(out),
        Collections.unmodifiableList(acts),
        Collections.unmodifiableMap(sc),
        rootPid < 0 ? 0 : rootPid);
  }

  private Loc lastLoc() {
    Loc best = null;
    for (Proc q : procs.values()) {
      if (q.firstSeen != null && (best == null || q.firstSeen.line() > best.line())) {
        best = q.firstSeen;
      }
    }
    for (int i = activities.size() - 1; i >= 0 && i >= activities.size() - 1; i--) {
      Loc l = activities.get(i).loc();
      if (l != null && (best == null || l.line() > best.line())) best = l;
    }
    return best;
  }

  private static List<String> argv(Proc q) {
    for (int i = q.execs.size() - 1; i >= 0; i--) {
      if (q.execs.get(i).ok()) return q.execs.get(i).argv();
    }
    return List.of();
  }

  // ------------------------------------------------------------------ syscalls

  private void syscall(Proc p, Syscall s) {
    String name = s.name() == null ? "?" : s.name();
    Map<String, Use> uses = p.uses;
    if (uses == null) uses = p.uses = syscalls.computeIfAbsent(p.pid, k -> new HashMap<>());
    Use u = uses.get(name);
    if (u == null) {
      if (uses.size() < 1024) uses.put(name, u = new Use(s.loc()));
    }
    if (u != null) u.n++;
    learnCwd(p, s);
    if ((name.equals("exit_group") || name.equals("exit")) && p.exitCall < 0) {
      p.exitCall = s.timeMicros();
    }
    if (s.unfinishedAtEnd() || s.ret() == null) {
      if (!name.equals("exit") && !name.equals("exit_group")) {
        if (p.unfinished != null) emitUnfinished(p);
        p.unfinished =
            new Activity.Integrity(
                p.pid,
                s.loc(),
                s.timeMicros(),
                IntegrityKind.UNFINISHED_AT_END,
                name + "(" + Args.render(s.arg(0), 120) + ", ...) never returned in the log");
      }
      if (name.equals("execve") || name.equals("execveat")) exec(p, s);
      return;
    }
    switch (name) {
      case "clone":
      case "clone3":
      case "fork":
      case "vfork":
        fork(p, s, name);
        break;
      case "execve":
      case "execveat":
        exec(p, s);
        break;
      case "chdir":
        if (s.ok()) p.fs.cwd = resolve(p, null, Args.text(s.arg(0)));
        break;
      case "fchdir":
        if (s.ok()) {
          String d = fdPath(p, s.arg(0));
          if (d != null) p.fs.cwd = d;
        }
        break;
      case "getcwd":
        if (s.ok()) {
          String c = Args.text(s.arg(0));
          if (c != null && c.startsWith("/")) p.fs.cwd = c;
        }
        break;
      case "open":
        open(p, s, null, 0, 1, 2);
        break;
      case "openat":
        open(p, s, s.arg(0), 1, 2, 3);
        break;
      case "openat2":
        open(p, s, s.arg(0), 1, 2, -1);
        break;
      case "creat":
        open(p, s, null, 0, -1, 1);
        break;
      case "memfd_create":
        if (s.ok()) {
          Desc md = new Desc("memfd", "/memfd:" + Args.text(s.arg(0)));
          md.openedForWrite = true; // an ELF written to a memfd: the fileless-exec technique
          putFd(p, s.ret().value(), md, Args.idents(s.args()).contains("MFD_CLOEXEC"));
        }
        notable(p, s);
        break;
      case "stat":
      case "lstat":
      case "stat64":
      case "lstat64":
      case "access":
      case "readlink":
      case "statfs":
      case "getxattr":
      case "lgetxattr":
      case "listxattr":
      case "llistxattr":
      case "utime":
      case "utimes":
        file(p, s, FileOp.PROBE, null, s.arg(0), null, null, -1);
        break;
      case "newfstatat":
      case "fstatat64":
      case "statx":
      case "faccessat":
      case "faccessat2":
      case "readlinkat":
      case "utimensat":
      case "futimesat":
        if (isEmptyString(s.arg(1))) break; // AT_EMPTY_PATH: an fstat
        if (s.arg(1) instanceof Arg.Ident) break; // NULL path (utimensat on fd)
        file(p, s, FileOp.PROBE, s.arg(0), s.arg(1), null, null, -1);
        break;
      case "getdents":
      case "getdents64":
        {
          Desc d = lookup(p, s.arg(0));
          if (d != null && !d.listed) {
            d.listed = true;
            fileAbs(p, s, FileOp.LIST, d.path, null, -1);
          }
          break;
        }
      case "unlink":
      case "rmdir":
        file(p, s, FileOp.DELETE, null, s.arg(0), null, null, -1);
        break;
      case "unlinkat":
        file(p, s, FileOp.DELETE, s.arg(0), s.arg(1), null, null, -1);
        break;
      case "rename":
        file(p, s, FileOp.RENAME, null, s.arg(0), null, s.arg(1), -1);
        break;
      case "renameat":
      case "renameat2":
        file(p, s, FileOp.RENAME, s.arg(0), s.arg(1), s.arg(2), s.arg(3), -1);
        break;
      case "link":
        file(p, s, FileOp.LINK, null, s.arg(0), null, s.arg(1), -1);
        break;
      case "linkat":
        file(p, s, FileOp.LINK, s.arg(0), s.arg(1), s.arg(2), s.arg(3), -1);
        break;
      case "symlink":
        symlink(p, s, Args.text(s.arg(0)), null, s.arg(1));
        break;
      case "symlinkat":
        symlink(p, s, Args.text(s.arg(0)), s.arg(1), s.arg(2));
        break;
      case "chmod":
        chmod(p, s, resolve(p, null, Args.text(s.arg(0))), s.arg(1));
        break;
      case "fchmodat":
      case "fchmodat2":
        chmod(p, s, resolve(p, s.arg(0), Args.text(s.arg(1))), s.arg(2));
        break;
      case "fchmod":
        chmod(p, s, fdPath(p, s.arg(0)), s.arg(1));
        break;
      case "chown":
      case "lchown":
      case "chown32":
      case "lchown32":
        file(p, s, FileOp.CHOWN, null, s.arg(0), null, null, -1);
        break;
      case "fchownat":
        if (isEmptyString(s.arg(1))) {
          fileAbs(p, s, FileOp.CHOWN, fdPath(p, s.arg(0)), null, -1);
        } else {
          file(p, s, FileOp.CHOWN, s.arg(0), s.arg(1), null, null, -1);
        }
        break;
      case "fchown":
        fileAbs(p, s, FileOp.CHOWN, fdPath(p, s.arg(0)), null, -1);
        break;
      case "mkdir":
        mkdir(p, s, resolve(p, null, Args.text(s.arg(0))), s.arg(1));
        break;
      case "mkdirat":
        mkdir(p, s, resolve(p, s.arg(0), Args.text(s.arg(1))), s.arg(2));
        break;
      case "mknod":
        file(p, s, FileOp.CREATE, null, s.arg(0), null, null, mode(s.arg(1)));
        break;
      case "mknodat":
        file(p, s, FileOp.CREATE, s.arg(0), s.arg(1), null, null, mode(s.arg(2)));
        break;
      case "truncate":
      case "truncate64":
        file(p, s, FileOp.TRUNCATE, null, s.arg(0), null, null, -1);
        break;
      case "ftruncate":
      case "ftruncate64":
        fileAbs(p, s, FileOp.TRUNCATE, fdPath(p, s.arg(0)), null, -1);
        break;
      case "close":
        p.fds.slots.remove(Args.longOr(s.arg(0), Long.MIN_VALUE)); // closed even on EINTR
        break;
      case "close_range":
        closeRange(p, s);
        break;
      case "dup":
        if (s.ok()) dupTo(p, s.arg(0), s.ret().value(), false);
        break;
      case "dup2":
      case "dup3":
        if (s.ok()) {
          dupTo(
              p,
              s.arg(0),
              Args.longOr(s.arg(1), s.ret().value()),
              Arg.flagNames(s.arg(2)).contains("O_CLOEXEC"));
        }
        break;
      case "fcntl":
      case "fcntl64":
        fcntl(p, s);
        break;
      case "pipe":
      case "pipe2":
        pipe(p, s);
        break;
      case "socket":
        socket(p, s);
        break;
      case "socketpair":
        socketpair(p, s);
        break;
      case "connect":
        connect(p, s);
        break;
      case "bind":
        bindOrListen(p, s, NetOp.BIND);
        break;
      case "listen":
        bindOrListen(p, s, NetOp.LISTEN);
        break;
      case "accept":
      case "accept4":
        accept(p, s);
        break;
      case "sendto":
        {
          Desc d = lookup(p, s.arg(0));
          send(p, s, d, Args.sockAddr(s.arg(4)), Args.payload(s.arg(1), limits.maxPayloadBytes()));
          break;
        }
      case "sendmsg":
        {
          Desc d = lookup(p, s.arg(0));
          Arg hdr = s.arg(1);
          send(
              p,
              s,
              d,
              Args.sockAddr(Args.member(hdr, "msg_name")),
              Args.payload(Args.member(hdr, "msg_iov"), limits.maxPayloadBytes()));
          break;
        }
      case "sendmmsg":
      case "recvmmsg":
        mmsg(p, s, name.equals("sendmmsg"));
        break;
      case "recvfrom":
        {
          Desc d = lookup(p, s.arg(0));
          recv(
              p,
              s,
              d,
              Args.sockAddr(s.arg(4)),
              s.ok() ? Args.payload(s.arg(1), limits.maxPayloadBytes()) : null);
          break;
        }
      case "recvmsg":
        {
          Desc d = lookup(p, s.arg(0));
          Arg hdr = s.arg(1);
          recv(
              p,
              s,
              d,
              Args.sockAddr(Args.member(hdr, "msg_name")),
              s.ok() ? Args.payload(Args.member(hdr, "msg_iov"), limits.maxPayloadBytes()) : null);
          break;
        }
      case "write":
      case "writev":
      case "pwrite64":
      case "pwritev":
      case "pwritev2":
      case "send":
        write(p, s, name);
        break;
      case "read":
      case "readv":
      case "recv":
        {
          Desc d = lookup(p, s.arg(0));
          if (d != null && d.isSocket()) {
            recv(p, s, d, null, s.ok() ? Args.payload(s.arg(1), limits.maxPayloadBytes()) : null);
          }
          break;
        }
      case "pidfd_open":
        if (s.ok()) {
          Desc d = new Desc("pidfd", null);
          d.pidTarget = (int) Args.longOr(s.arg(0), 0);
          putFd(p, s.ret().value(), d, true);
        }
        break;
      default:
        if (NOTABLE.contains(name)) {
          notable(p, s);
        } else if (s.ok() && s.ret().fd() != null) {
          // epoll_create, eventfd, signalfd, inotify_init, timerfd, perf_event_open...: a new fd
          Arg.Fd f = s.ret().fd();
          putFd(p, f.fd(), descFromDecoration(f), false);
        }
    }
  }

  static final Set<String> NOTABLE =
      Set.of(
          "setuid",
          "setgid",
          "setuid32",
          "setgid32",
          "setreuid",
          "setregid",
          "setresuid",
          "setresgid",
          "setfsuid",
          "setfsgid",
          "setgroups",
          "capset",
          "prctl",
          "ptrace",
          "process_vm_readv",
          "process_vm_writev",
          "memfd_create",
          "kill",
          "tgkill",
          "tkill",
          "pidfd_send_signal",
          "mount",
          "umount",
          "umount2",
          "unshare",
          "setns",
          "init_module",
          "finit_module",
          "delete_module",
          "bpf",
          "personality",
          "seccomp",
          "chroot",
          "pivot_root",
          "reboot",
          "kexec_load",
          "kexec_file_load",
          "iopl",
          "ioperm",
          "swapon",
          "swapoff",
          "perf_event_open",
          "userfaultfd",
          "keyctl",
          "add_key",
          "request_key",
          "sethostname",
          "setdomainname",
          "settimeofday",
          "clock_settime",
          "adjtimex",
          "acct",
          "open_by_handle_at",
          "fsopen",
          "fsmount",
          "move_mount",
          "open_tree");

  // ------------------------------------------------------------------ processes

  private void fork(Proc p, Syscall s, String name) {
    if (!s.ok()) return;
    Long v = s.ret().value();
    if (v == null || v <= 0 || v > Integer.MAX_VALUE) return;
    attachChild(p, s, (int) (long) v);
  }

  private Proc attachChild(Proc p, Syscall s, int child) {
    List<String> flags = Args.idents(s.args());
    boolean thread = flags.contains("CLONE_THREAD");
    Proc c = procs.get(child);
    boolean fresh = c == null;
    if (fresh) {
      c = new Proc(child);
      procs.put(child, c);
    } else if (c.parent != 0) {
      return c; // already known (pid reuse is not modelled)
    }
    c.parent = p.pid;
    c.start = s.timeMicros();
    if (thread) {
      c.tgid = p.tgid;
      c.parentRole = p.parentRole;
      c.phaseRoot = p.phaseRoot;
      c.execOk = p.execOk;
    } else {
      c.parentRole = p.role;
    }
    c.role = p.role;
    c.underBackend = p.underBackend || p.role == Role.BUILD_BACKEND;
    if (fresh || c.fds == null || c.fds.slots.isEmpty()) {
      c.fds = flags.contains("CLONE_FILES") ? p.fds : p.fds.copy();
    }
    if (fresh || c.fs == null || c.fs.cwd == null) {
      c.fs = flags.contains("CLONE_FS") ? p.fs : new Fs(p.fs.cwd);
    }
    if (pending.containsKey(child)) replay.add(child);
    return c;
  }

  private void exec(Proc p, Syscall s) {
    boolean at = s.name().equals("execveat");
    String raw = Args.text(s.arg(at ? 1 : 0));
    String path;
    if (at && (raw == null || raw.isEmpty())) {
      path = fdPath(p, s.arg(0));
    } else {
      path = resolve(p, at ? s.arg(0) : null, raw);
    }
    List<String> argv = Args.strings(s.arg(at ? 2 : 1), 256);
    boolean ok = s.ok();
    String errno = s.ret() == null ? "unfinished" : s.ret().errno();
    if (s.ret() != null && s.ret().unknown() && errno == null) ok = false;
    if (p.execs.size() < 1024) {
      p.execs.add(new ProcessInfo.Exec(path, List.copyOf(argv), ok, ok ? null : errno, s.loc()));
    }
    add(
        new Activity.FileAccess(
            p.pid,
            s.loc(),
            s.timeMicros(),
            FileOp.EXEC,
            path,
            null,
            -1,
            ok ? null : errno,
            s.name()));
    Role r = roleFor(p, path == null ? "" : path, argv, ok);
    if (r != null) p.role = r;
    if (ok) {
      p.execOk = true;
      // close-on-exec; exec also unshares a CLONE_FILES table
      FdTable t = new FdTable(new HashMap<>());
      for (Map.Entry<Long, Slot> en : p.fds.slots.entrySet()) {
        if (!en.getValue().cloexec()) t.slots.put(en.getKey(), en.getValue());
      }
      p.fds = t;
      if (p.tgid != p.pid) p.tgid = p.pid;
    }
  }

  /** New role after an exec attempt, or null to keep the current one. */
  private Role roleFor(Proc p, String path, List<String> argv, boolean ok) {
    if ("venv".equals(phase)) return Role.SETUP;
    if (p.phaseRoot) return null;
    if (p.parentRole == null || p.parentRole == Role.SETUP) {
      if (RoleRules.isBwrap(path, argv)) return Role.SETUP;
      if (!ok) return null;
      if (phaseRootPid == -1) {
        if (phase == null) {
          if (RoleRules.isPip(path, argv)) phase = "install";
          else if (RoleRules.isPython(path, argv)) phase = "import";
        }
        phaseRootPid = p.pid;
        p.phaseRoot = true;
        return RoleRules.phaseRootRole(phase);
      }
      return Role.UNKNOWN;
    }
    if (!ok && p.execOk) return null; // a failed exec leaves a running image as it was
    return RoleRules.afterExec(p.parentRole, p.underBackend, path, argv);
  }

  // ------------------------------------------------------------------ paths and fds

  /** AT_FDCWD</dir> decorations tell the cwd even when chdir happened before tracing. */
  private void learnCwd(Proc p, Syscall s) {
    Arg a = s.arg(0);
    if (a instanceof Arg.Fd f && f.fd() == -100) {
      String deco = f.decoration();
      if (deco == null || deco.equals(p.fs.cwd)) return;
      String d = f.path();
      if (d != null) p.fs.cwd = d;
    }
  }

  private static boolean isEmptyString(Arg a) {
    if (a instanceof Arg.Named n) a = n.value();
    return a instanceof Arg.Str st && st.length() == 0;
  }

  /** Resolves a path argument against a dirfd argument (null = cwd). */
  private String resolve(Proc p, Arg dirfd, String path) {
    if (path == null) return null;
    if (path.startsWith("/")) return PathNames.normalize(path);
    String base;
    if (dirfd == null) {
      base = p.fs.cwd;
    } else if (dirfd instanceof Arg.Fd f) {
      base = f.path();
      if (base == null) base = f.fd() == -100 ? p.fs.cwd : tablePath(p, f.fd());
    } else if (dirfd instanceof Arg.Ident id && id.name().equals("AT_FDCWD")) {
      base = p.fs.cwd;
    } else {
      Long fd = Arg.asLong(dirfd);
      base = fd == null ? null : fd == -100 ? p.fs.cwd : tablePath(p, fd);
    }
    return PathNames.resolve(base, path);
  }

  private String tablePath(Proc p, long fd) {
    Slot sl = p.fds.slots.get(fd);
    return sl == null ? null : sl.desc().path;
  }

  private String fdPath(Proc p, Arg a) {
    if (a instanceof Arg.Fd f && f.path() != null) return f.path();
    Long fd = Arg.asLong(a);
    return fd == null ? null : tablePath(p, fd);
  }

  /** The description behind an fd argument; learns it from the decoration when unknown. */
  private Desc lookup(Proc p, Arg a) {
    Long fd = Arg.asLong(a);
    if (fd == null) return null;
    Slot sl = p.fds.slots.get(fd);
    if (a instanceof Arg.Fd f && f.decoration() != null && !f.decoration().isEmpty()) {
      String deco = f.decoration();
      Desc fromDeco = null;
      if (sl == null) {
        fromDeco = descFromDecoration(f);
      } else {
        Desc d = sl.desc();
        boolean decoIsPath = deco.charAt(0) == '/';
        if (d.isSocket()) {
          if (decoIsPath) {
            fromDeco = descFromDecoration(f); // fd reused behind our back
          } else if (d.peerAddr == null && deco.indexOf("->") > 0) {
            peerFromDecoration(d, f);
          }
        } else if (decoIsPath) {
          if (d.path != null && d.kind.equals("file") && !deco.equals(d.path)) {
            String dp = f.path();
            if (!dp.equals(d.path)) fromDeco = descFromDecoration(f);
          }
        } else if (isSocketDecoration(deco)) {
          fromDeco = descFromDecoration(f);
        }
      }
      if (fromDeco != null) {
        putFd(p, fd, fromDeco, sl != null && sl.cloexec());
        return fromDeco;
      }
    }
    return sl == null ? null : sl.desc();
  }

  private static final Pattern SOCK_DECO = Pattern.compile("([A-Za-z0-9-]+):\\[(.*)\\]");

  private static boolean isSocketDecoration(String deco) {
    return deco.startsWith("TCP")
        || deco.startsWith("UDP")
        || deco.startsWith("UNIX")
        || deco.startsWith("NETLINK")
        || deco.startsWith("RAW")
        || deco.startsWith("PACKET")
        || deco.startsWith("UDPLITE")
        || deco.startsWith("SCTP")
        || deco.startsWith("socket:");
  }

  static Desc descFromDecoration(Arg.Fd f) {
    String deco = f.decoration();
    if (deco == null) return new Desc("other", null);
    String path = f.path();
    if (path != null) return new Desc("file", path);
    if (deco.startsWith("pipe:")) return new Desc("pipe", null);
    if (isSocketDecoration(deco)) {
      Desc d = new Desc("socket", null);
      String proto = deco;
      Matcher m = SOCK_DECO.matcher(deco);
      if (m.matches()) proto = m.group(1);
      switch (proto) {
        case "TCP":
          d.family = "AF_INET";
          d.type = "SOCK_STREAM";
          break;
        case "TCPv6":
          d.family = "AF_INET6";
          d.type = "SOCK_STREAM";
          break;
        case "UDP":
          d.family = "AF_INET";
          d.type = "SOCK_DGRAM";
          break;
        case "UDPv6":
          d.family = "AF_INET6";
          d.type = "SOCK_DGRAM";
          break;
        case "UNIX":
        case "UNIX-STREAM":
          d.family = "AF_UNIX";
          d.type = "SOCK_STREAM";
          break;
        case "UNIX-DGRAM":
          d.family = "AF_UNIX";
          d.type = "SOCK_DGRAM";
          break;
        case "NETLINK":
          d.family = "AF_NETLINK";
          break;
        case "RAW":
          d.family = "AF_INET";
          d.type = "SOCK_RAW";
          break;
        case "RAWv6":
          d.family = "AF_INET6";
          d.type = "SOCK_RAW";
          break;
        case "PACKET":
          d.family = "AF_PACKET";
          break;
        default:
          break;
      }
      peerFromDecoration(d, f);
      return d;
    }
    Desc d = new Desc("other", null);
    if (deco.startsWith("pid:")) d.pidTarget = (int) parseLong(deco.substring(4), 0);
    if (deco.startsWith("anon_inode:[pidfd]") || deco.contains("pidfd")) {
      return new Desc("pidfd", null);
    }
    return d;
  }

  private static final Pattern PEER = Pattern.compile(".*->\\[?([^\\]]*?)\\]?:(\\d+)\\]?");

  private static void peerFromDecoration(Desc d, Arg.Fd f) {
    String deco = f.decoration();
    if (deco == null) return;
    Matcher m = SOCK_DECO.matcher(deco);
    if (!m.matches()) return;
    String inner = m.group(2);
    int arrow = inner.indexOf("->");
    if (arrow < 0) return;
    String peer = inner.substring(arrow + 2);
    if (d.family != null && d.family.equals("AF_UNIX")) {
      d.peerAddr = peer;
      return;
    }
    int colon = peer.lastIndexOf(':');
    if (colon <= 0) return;
    String host = peer.substring(0, colon);
    if (host.startsWith("[") && host.endsWith("]")) host = host.substring(1, host.length() - 1);
    d.peerAddr = host;
    d.peerPort = (int) parseLong(peer.substring(colon + 1), -1);
  }

  private static long parseLong(String s, long dflt) {
    try {
      return Long.parseLong(s.trim());
    } catch (NumberFormatException e) {
      return dflt;
    }
  }

  private void putFd(Proc p, Long fd, Desc d, boolean cloexec) {
    if (fd == null || fd < 0) return;
    if (p.fds.slots.size() >= limits.maxFdsPerTable() && !p.fds.slots.containsKey(fd)) {
      limitOnce(
          "fds:" + p.pid,
          p.pid,
          null,
          -1,
          "fd table of pid "
              + p.pid
              + " is full ("
              + limits.maxFdsPerTable()
              + " fds); later fds are known only from their decorations");
      return;
    }
    p.fds.slots.put(fd, new Slot(d, cloexec));
  }

  private void dupTo(Proc p, Arg oldArg, Long newFd, boolean cloexec) {
    Desc d = lookup(p, oldArg);
    if (d == null) d = new Desc("other", null);
    putFd(p, newFd, d, cloexec);
  }

  private void fcntl(Proc p, Syscall s) {
    String cmd = Args.ident(s.arg(1));
    if (cmd == null || !s.ok()) return;
    if (cmd.equals("F_DUPFD") || cmd.equals("F_DUPFD_CLOEXEC")) {
      dupTo(p, s.arg(0), s.ret().value(), cmd.equals("F_DUPFD_CLOEXEC"));
    } else if (cmd.equals("F_SETFD")) {
      Long fd = Arg.asLong(s.arg(0));
      Slot sl = fd == null ? null : p.fds.slots.get(fd);
      if (sl != null) {
        boolean ce =
            Arg.flagNames(s.arg(2)).contains("FD_CLOEXEC")
                || (Arg.asLong(s.arg(2)) != null && (Arg.asLong(s.arg(2)) & 1) == 1);
        p.fds.slots.put(fd, new Slot(sl.desc(), ce));
      }
    }
  }

  private void closeRange(Proc p, Syscall s) {
    if (!s.ok()) return;
    long first = Args.longOr(s.arg(0), 0);
    long last = Args.longOr(s.arg(1), Long.MAX_VALUE);
    if (last < 0) last = Long.MAX_VALUE; // ~0U printed as -1 or similar
    List<String> fl = Args.idents(s.args());
    if (fl.contains("CLOSE_RANGE_UNSHARE")) p.fds = p.fds.copy();
    boolean cloexec = fl.contains("CLOSE_RANGE_CLOEXEC");
    Iterator<Map.Entry<Long, Slot>> it = p.fds.slots.entrySet().iterator();
    while (it.hasNext()) {
      Map.Entry<Long, Slot> en = it.next();
      long fd = en.getKey();
      if (fd < first || fd > last) continue;
      if (cloexec) en.setValue(new Slot(en.getValue().desc(), true));
      else it.remove();
    }
  }

  private void pipe(Proc p, Syscall s) {
    if (!s.ok() || !(s.arg(0) instanceof Arg.Array arr)) return;
    boolean ce = Args.idents(s.args()).contains("O_CLOEXEC");
    for (Arg x : arr.items()) {
      Long fd = Arg.asLong(x);
      Desc d =
          x instanceof Arg.Fd f && f.decoration() != null
              ? descFromDecoration(f)
              : new Desc("pipe", null);
      putFd(p, fd, d, ce);
    }
  }

  // ------------------------------------------------------------------ files

  private static int mode(Arg a) {
    Long v = Arg.asLong(a);
    if (v == null && a instanceof Arg.Flags f) {
      for (Arg x : f.parts()) {
        if (x instanceof Arg.Int i) v = i.value();
      }
    }
    return v == null ? -1 : (int) (v & 07777);
  }

  private static final int F_CREAT = 1;
  private static final int F_WRITE = 2;
  private static final int F_DIR = 4;
  private static final int F_PATH = 8;
  private static final int F_TRUNC = 16;
  private static final int F_CLOEXEC = 32;
  private static final int F_TMPFILE = 64;

  private static int openFlags(Arg a) {
    if (a instanceof Arg.Named n) a = n.value();
    if (a instanceof Arg.Ident id) return openFlag(id.name());
    int bits = 0;
    if (a instanceof Arg.Flags f) {
      for (Arg x : f.parts()) {
        if (x instanceof Arg.Ident id) bits |= openFlag(id.name());
      }
    }
    return bits;
  }

  private static int openFlag(String n) {
    switch (n) {
      case "O_CREAT":
        return F_CREAT;
      case "O_WRONLY":
      case "O_RDWR":
        return F_WRITE;
      case "O_DIRECTORY":
        return F_DIR;
      case "O_PATH":
        return F_PATH;
      case "O_TRUNC":
        return F_TRUNC;
      case "O_CLOEXEC":
        return F_CLOEXEC;
      case "O_TMPFILE":
        return F_TMPFILE | F_DIR;
      default:
        return 0;
    }
  }

  private void open(Proc p, Syscall s, Arg dirfd, int pathIdx, int flagsIdx, int modeIdx) {
    String path = resolve(p, dirfd, Args.text(s.arg(pathIdx)));
    int fl;
    int mode = -1;
    if (s.name().equals("openat2")) {
      Arg how = s.arg(2);
      fl = openFlags(Args.member(how, "flags"));
      mode = mode(Args.member(how, "mode"));
    } else if (flagsIdx < 0) {
      fl = F_CREAT | F_WRITE | F_TRUNC;
    } else {
      fl = openFlags(s.arg(flagsIdx));
    }
    boolean tmpfile = (fl & F_TMPFILE) != 0;
    boolean creat = (fl & F_CREAT) != 0 || tmpfile;
    if (creat && modeIdx >= 0) mode = mode(s.arg(modeIdx));
    if (!creat) mode = -1;
    boolean write = (fl & F_WRITE) != 0;
    boolean dir = (fl & F_DIR) != 0 && !tmpfile;
    FileOp op;
    if ((fl & F_PATH) != 0 || (dir && !creat)) op = FileOp.PROBE;
    else if (creat) op = FileOp.CREATE;
    else if ((fl & F_TRUNC) != 0 && write) op = FileOp.TRUNCATE;
    else if (write) op = FileOp.WRITE;
    else op = FileOp.READ;
    fileAbs(p, s, op, path, null, mode);
    if (!s.ok()) return;
    Arg.Fd rf = s.ret().fd();
    String real = rf != null && rf.path() != null ? rf.path() : path;
    Desc d = new Desc(dir ? "dir" : "file", real);
    d.openedForWrite = write || creat;
    putFd(p, s.ret().value(), d, (fl & F_CLOEXEC) != 0);
    if (dir && s.ok()) remember(real);
    if (creat && mode > 0 && (mode & 0111) != 0 && !dir && !tmpfile) {
      add(
          new Activity.ExecutableCreated(
              p.pid,
              s.loc(),
              s.timeMicros(),
              real,
              "created with mode 0" + Integer.toOctalString(mode)));
    }
  }

  private void remember(String dir) {
    if (dir != null && dirs.size() < 200_000) dirs.add(dir);
  }

  private void file(
      Proc p, Syscall s, FileOp op, Arg dirfd, Arg path, Arg dirfd2, Arg path2, int mode) {
    String a = resolve(p, dirfd, Args.text(path));
    String b = path2 == null ? null : resolve(p, dirfd2, Args.text(path2));
    fileAbs(p, s, op, a, b, mode);
    if (op == FileOp.RENAME && s.ok() && a != null && dirs.contains(a)) remember(b);
  }

  private void fileAbs(Proc p, Syscall s, FileOp op, String path, String path2, int mode) {
    String errno = s.ok() ? null : s.ret().errno() != null ? s.ret().errno() : "?";
    add(
        new Activity.FileAccess(
            p.pid, s.loc(), s.timeMicros(), op, path, path2, mode, errno, s.name()));
  }

  private void symlink(Proc p, Syscall s, String target, Arg dirfd, Arg linkArg) {
    String link = resolve(p, dirfd, Args.text(linkArg));
    String t = target;
    if (t != null && !t.startsWith("/") && link != null) {
      t = PathNames.resolve(PathNames.parent(link), t);
    }
    fileAbs(p, s, FileOp.SYMLINK, t, link, -1);
  }

  private void chmod(Proc p, Syscall s, String path, Arg modeArg) {
    int m = mode(modeArg);
    fileAbs(p, s, FileOp.CHMOD, path, null, m);
    if (s.ok() && m > 0 && (m & 0111) != 0 && path != null && !dirs.contains(path)) {
      add(
          new Activity.ExecutableCreated(
              p.pid, s.loc(), s.timeMicros(), path, s.name() + " 0" + Integer.toOctalString(m)));
    }
  }

  private void mkdir(Proc p, Syscall s, String path, Arg modeArg) {
    fileAbs(p, s, FileOp.MKDIR, path, null, mode(modeArg));
    if (s.ok()) remember(path);
  }

  private void write(Proc p, Syscall s, String name) {
    Desc d = lookup(p, s.arg(0));
    if (d == null) return;
    if (d.isSocket()) {
      send(p, s, d, null, Args.payload(s.arg(1), limits.maxPayloadBytes()));
      return;
    }
    if (!d.openedForWrite || d.headerChecked || !s.ok()) return;
    d.headerChecked = true;
    if (name.startsWith("pwrite") && Args.longOr(s.arg(3), -1) != 0) return;
    byte[] b = Args.payload(s.arg(1), 8);
    if (b == null || b.length < 2) return;
    String how = null;
    if (b.length >= 4 && b[0] == 0x7f && b[1] == 'E' && b[2] == 'L' && b[3] == 'F') {
      how = "ELF header written";
    } else if (b[0] == '#' && b[1] == '!') {
      how = "#! header written";
    }
    if (how != null) {
      add(new Activity.ExecutableCreated(p.pid, s.loc(), s.timeMicros(), d.path, how));
    }
  }

  // ------------------------------------------------------------------ network

  private static String sockType(List<String> names) {
    for (String n : names) {
      if (n.startsWith("SOCK_") && !n.equals("SOCK_CLOEXEC") && !n.equals("SOCK_NONBLOCK")) {
        return n;
      }
    }
    return null;
  }

  private void socket(Proc p, Syscall s) {
    String fam = Args.ident(s.arg(0));
    if (fam == null) fam = Args.render(s.arg(0), 40);
    List<String> tf = Arg.flagNames(s.arg(1));
    String type = sockType(tf);
    String proto = Args.ident(s.arg(2));
    if (proto == null && s.arg(2) != null) proto = Args.render(s.arg(2), 40);
    if (s.ok()) {
      Desc d = new Desc("socket", null);
      d.family = fam;
      d.type = type;
      d.protocol = proto;
      putFd(p, s.ret().value(), d, tf.contains("SOCK_CLOEXEC"));
    }
    net(p, s, NetOp.SOCKET, s.ok() ? s.ret().value() : -1, fam, type, proto, null, -1, -1, null);
  }

  private void socketpair(Proc p, Syscall s) {
    if (s.ok() && s.arg(3) instanceof Arg.Array arr) {
      List<String> tf = Arg.flagNames(s.arg(1));
      for (Arg x : arr.items()) {
        Desc d = new Desc("socket", null);
        d.family = Args.ident(s.arg(0));
        d.type = sockType(tf);
        putFd(p, Arg.asLong(x), d, tf.contains("SOCK_CLOEXEC"));
      }
    }
    net(
        p,
        s,
        NetOp.SOCKET,
        -1,
        Args.ident(s.arg(0)),
        sockType(Arg.flagNames(s.arg(1))),
        Args.ident(s.arg(2)),
        null,
        -1,
        -1,
        null);
  }

  private void connect(Proc p, Syscall s) {
    Desc d = lookup(p, s.arg(0));
    Args.SockAddr sa = Args.sockAddr(s.arg(1));
    if (d != null && sa != null && !"AF_UNSPEC".equals(sa.family())) {
      d.peerAddr = sa.address();
      d.peerPort = sa.port();
      d.firstSendDone = false;
      if (d.family == null) d.family = sa.family();
    }
    netFor(p, s, NetOp.CONNECT, d, sa, -1, null);
  }

  private void bindOrListen(Proc p, Syscall s, NetOp op) {
    Desc d = lookup(p, s.arg(0));
    Args.SockAddr sa = op == NetOp.BIND ? Args.sockAddr(s.arg(1)) : null;
    if (op == NetOp.LISTEN) {
      net(
          p,
          s,
          op,
          Args.longOr(s.arg(0), -1),
          d == null ? null : d.family,
          d == null ? null : d.type,
          d == null ? null : d.protocol,
          null,
          -1,
          -1,
          null);
    } else {
      netFor(p, s, op, d, sa, -1, null);
    }
  }

  private void accept(Proc p, Syscall s) {
    Desc l = lookup(p, s.arg(0));
    Args.SockAddr sa = Args.sockAddr(s.arg(1));
    if (s.ok()) {
      Desc d = new Desc("socket", null);
      if (l != null) {
        d.family = l.family;
        d.type = l.type;
        d.protocol = l.protocol;
      }
      if (sa != null) {
        d.peerAddr = sa.address();
        d.peerPort = sa.port();
      }
      putFd(p, s.ret().value(), d, Args.idents(s.args()).contains("SOCK_CLOEXEC"));
    }
    netFor(p, s, NetOp.ACCEPT, l, sa, -1, null);
  }

  private void mmsg(Proc p, Syscall s, boolean send) {
    Desc d = lookup(p, s.arg(0));
    if (!(s.arg(1) instanceof Arg.Array arr)) {
      if (send) send(p, s, d, null, null);
      return;
    }
    int n = 0;
    for (Arg m : arr.items()) {
      if (++n > 16) break;
      Arg hdr = Args.member(m, "msg_hdr");
      if (hdr == null) continue;
      Args.SockAddr sa = Args.sockAddr(Args.member(hdr, "msg_name"));
      byte[] pl = Args.payload(Args.member(hdr, "msg_iov"), limits.maxPayloadBytes());
      if (send) send(p, s, d, sa, pl);
      else if (s.ok()) recv(p, s, d, sa, pl);
    }
  }

  private void send(Proc p, Syscall s, Desc d, Args.SockAddr dest, byte[] payload) {
    String addr = dest != null ? dest.address() : d != null ? d.peerAddr : null;
    int port = dest != null ? dest.port() : d != null ? d.peerPort : -1;
    boolean stream = d != null && "SOCK_STREAM".equals(d.type);
    long bytes = s.ok() && s.ret().value() != null ? s.ret().value() : -1;
    if (d == null || d.ioActs < limits.maxIoActivitiesPerSocket()) {
      if (d != null) d.ioActs++;
      netFor(p, s, NetOp.SEND, d, dest == null ? null : dest, bytes, payload);
    } else {
      limitOnce(
          "io:" + System.identityHashCode(d),
          p.pid,
          s.loc(),
          s.timeMicros(),
          "more than "
              + limits.maxIoActivitiesPerSocket()
              + " sends/receives on fd "
              + Args.render(s.arg(0), 80)
              + "; later ones are not listed");
    }
    // A failed send still shows the bytes the process tried to send: a DNS query to an unreachable
    // server (no network in the sandbox) is as telling as one that went out.
    if (payload == null) return;
    if (port == 53) {
      DnsDecoder.Message m = stream ? DnsDecoder.decodeTcp(payload) : DnsDecoder.decode(payload);
      if (m != null && !m.response()) {
        for (DnsDecoder.Question q : m.questions()) {
          add(new Activity.DnsQuery(p.pid, s.loc(), s.timeMicros(), q.name(), q.qtype(), addr));
        }
      }
    }
    if (d != null && !d.firstSendDone && isInet(d) && !"SOCK_DGRAM".equals(d.type)) {
      d.firstSendDone = true;
      String sni = TlsDecoder.sni(payload);
      if (sni != null) {
        add(new Activity.TlsHello(p.pid, s.loc(), s.timeMicros(), sni, addr, port));
      } else {
        HttpDecoder.Request r = HttpDecoder.decode(payload);
        if (r != null) {
          add(
              new Activity.HttpRequest(
                  p.pid, s.loc(), s.timeMicros(), r.host(), r.requestLine(), addr, port));
        }
      }
    }
  }

  private static boolean isInet(Desc d) {
    return "AF_INET".equals(d.family) || "AF_INET6".equals(d.family);
  }

  private void recv(Proc p, Syscall s, Desc d, Args.SockAddr src, byte[] payload) {
    if (d != null && !d.isSocket()) return;
    long bytes = s.ok() && s.ret().value() != null ? s.ret().value() : -1;
    if (d == null || d.ioActs < limits.maxIoActivitiesPerSocket()) {
      if (d != null) d.ioActs++;
      netFor(p, s, NetOp.RECV, d, src, bytes, payload);
    }
    int port = src != null ? src.port() : d != null ? d.peerPort : -1;
    if (port != 53 || payload == null) return;
    boolean stream = d != null && "SOCK_STREAM".equals(d.type);
    DnsDecoder.Message m = stream ? DnsDecoder.decodeTcp(payload) : DnsDecoder.decode(payload);
    if (m == null || !m.response() || m.questions().isEmpty()) return;
    String name = m.questions().get(0).name();
    List<String> addrs = m.addresses();
    add(new Activity.DnsAnswer(p.pid, s.loc(), s.timeMicros(), name, List.copyOf(addrs)));
    for (String a : addrs) {
      if (ipNames.size() < limits.maxDnsNames() || ipNames.containsKey(a)) ipNames.put(a, name);
    }
  }

  private void netFor(
      Proc p, Syscall s, NetOp op, Desc d, Args.SockAddr sa, long bytes, byte[] payload) {
    String addr = sa != null ? sa.address() : d != null ? d.peerAddr : null;
    int port = sa != null ? sa.port() : d != null ? d.peerPort : -1;
    String fam = d != null && d.family != null ? d.family : sa != null ? sa.family() : null;
    net(
        p,
        s,
        op,
        Args.longOr(s.arg(0), -1),
        fam,
        d == null ? null : d.type,
        d == null ? null : d.protocol,
        addr,
        port,
        bytes,
        payload);
  }

  private void net(
      Proc p,
      Syscall s,
      NetOp op,
      long fd,
      String fam,
      String type,
      String proto,
      String addr,
      int port,
      long bytes,
      byte[] payload) {
    String errno = s.ok() ? null : s.ret().errno() != null ? s.ret().errno() : "?";
    String host = addr == null ? null : ipNames.get(addr);
    add(
        new Activity.Network(
            p.pid,
            s.loc(),
            s.timeMicros(),
            op,
            fd,
            fam,
            type,
            proto,
            addr,
            port,
            host,
            bytes,
            payload,
            errno,
            s.name()));
  }

  // ------------------------------------------------------------------ notable calls

  private boolean inTree(int pid) {
    return procs.containsKey(pid) || pending.containsKey(pid);
  }

  private void notable(Proc p, Syscall s) {
    String name = s.name();
    Map<String, String> det = new LinkedHashMap<>();
    int target = 0;
    Arg targetArg = null;
    boolean targetInTree = false;
    boolean hasTarget = false;
    switch (name) {
      case "prctl":
        det.put("option", opt(s.arg(0)));
        if (s.arg(1) != null) det.put("arg2", Args.render(s.arg(1), 120));
        break;
      case "ptrace":
        det.put("request", opt(s.arg(0)));
        targetArg = s.arg(1);
        hasTarget = true;
        break;
      case "process_vm_readv":
      case "process_vm_writev":
        targetArg = s.arg(0);
        hasTarget = true;
        break;
      case "kill":
        targetArg = s.arg(0);
        det.put("signal", opt(s.arg(1)));
        hasTarget = true;
        break;
      case "tkill":
        targetArg = s.arg(0);
        det.put("signal", opt(s.arg(1)));
        hasTarget = true;
        break;
      case "tgkill":
        targetArg = s.arg(1);
        det.put("tgid", Args.render(s.arg(0), 20));
        det.put("signal", opt(s.arg(2)));
        hasTarget = true;
        break;
      case "pidfd_send_signal":
        {
          det.put("signal", opt(s.arg(1)));
          Desc d = lookup(p, s.arg(0));
          if (d != null && d.pidTarget > 0) target = d.pidTarget;
          hasTarget = target != 0;
          break;
        }
      case "memfd_create":
        det.put("name", bound(String.valueOf(Args.text(s.arg(0))), 200));
        det.put("flags", Args.render(s.arg(1), 80));
        break;
      case "mount":
        det.put("source", Args.render(s.arg(0), 200));
        det.put("target", Args.render(s.arg(1), 200));
        det.put("fstype", Args.render(s.arg(2), 60));
        det.put("flags", Args.render(s.arg(3), 200));
        break;
      case "unshare":
        det.put("flags", Args.render(s.arg(0), 200));
        break;
      case "setns":
        det.put("fd", Args.render(s.arg(0), 200));
        det.put("nstype", Args.render(s.arg(1), 60));
        break;
      case "bpf":
        det.put("cmd", opt(s.arg(0)));
        break;
      case "personality":
        det.put("persona", Args.render(s.arg(0), 120));
        break;
      case "seccomp":
        det.put("operation", opt(s.arg(0)));
        det.put("flags", Args.render(s.arg(1), 120));
        break;
      case "setuid":
      case "setuid32":
      case "setfsuid":
        det.put("uid", Args.render(s.arg(0), 40));
        break;
      case "setgid":
      case "setgid32":
      case "setfsgid":
        det.put("gid", Args.render(s.arg(0), 40));
        break;
      case "init_module":
        det.put("params", Args.render(s.arg(2), 200));
        break;
      case "finit_module":
        det.put("module", Args.render(s.arg(0), 200));
        break;
      default:
        break;
    }
    if (targetArg != null) target = (int) Args.longOr(targetArg, 0);
    det.put("args", Args.render(new Arg.Array(s.args(), false), 300));
    String nsPid = hasTarget ? Args.namespacePid(targetArg) : null;
    if (nsPid != null) det.put("namespacePid", nsPid); // as the tracee named it
    if (hasTarget) {
      if (target > 0) targetInTree = targetInTree || inTree(target);
      else if (target == 0) targetInTree = true; // own process group
      else if (target == -1) targetInTree = false; // every process it may signal
      else targetInTree = inTree(-target); // a process group named by its leader
    }
    String errno = s.ok() ? null : s.ret().errno() != null ? s.ret().errno() : "?";
    add(
        new Activity.NotableCall(
            p.pid, s.loc(), s.timeMicros(), name, Map.copyOf(det), target, targetInTree, errno));
  }

  private static String opt(Arg a) {
    String n = Args.ident(a);
    return n != null ? n : Args.render(a, 60);
  }

  // ------------------------------------------------------------------ output helpers

  private void add(Activity a) {
    if (activities.size() >= limits.maxActivities()) {
      if (limitsHit.add("activities")) {
        activities.add(
            new Activity.Integrity(
                a.pid(),
                a.loc(),
                a.timeMicros(),
                IntegrityKind.LIMIT_REACHED,
                "more than "
                    + limits.maxActivities()
                    + " activities; later ones are dropped (integrity notes are still kept)"));
      }
      if (!(a instanceof Activity.Integrity)) return;
    }
    activities.add(a);
  }

  private void emitUnfinished(Proc p) {
    Activity.Integrity u = p.unfinished;
    p.unfinished = null;
    integrity(u.pid(), u.loc(), u.timeMicros(), u.kind(), u.detail());
  }

  private void integrity(int pid, Loc loc, long time, IntegrityKind kind, String detail) {
    if (activities.size() >= limits.maxActivities() + 100_000) return;
    activities.add(new Activity.Integrity(pid, loc, time, kind, detail));
  }

  private void limit(TraceEvent e, String key, String detail) {
    limitOnce(key, e.pid(), e.loc(), e.timeMicros(), detail);
  }

  private void limitOnce(String key, int pid, Loc loc, long time, String detail) {
    if (limitsHit.size() < 10_000 && limitsHit.add(key)) {
      integrity(pid, loc, time, IntegrityKind.LIMIT_REACHED, detail);
    }
  }

  private static String bound(String s, int max) {
    if (s == null) return "";
    return s.length() > max ? s.substring(0, max) + "…" : s;
  }
}
