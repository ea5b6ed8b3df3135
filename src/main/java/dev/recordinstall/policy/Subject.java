package dev.recordinstall.policy;

import dev.recordinstall.model.Activity;
import dev.recordinstall.model.BehaviorModel;
import dev.recordinstall.model.ProcessInfo;
import dev.recordinstall.strace.TraceEvent.Loc;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One thing a rule looks at: an activity, a process, an exec attempt, a syscall use or a phase,
 * with its fields reachable by name. Fields are computed lazily by {@link #get}: values are String,
 * Long, Boolean or List&lt;String&gt;, null when absent. The field names are the policy's
 * vocabulary (docs/policy.md).
 */
final class Subject {
  /** The kinds of subject, as written in a rule's {@code kind}. */
  static final List<String> KINDS =
      List.of(
          "phase",
          "process",
          "exec",
          "syscall",
          "file",
          "exec-created",
          "net",
          "dns",
          "dns-answer",
          "tls",
          "http",
          "call",
          "signal",
          "integrity");

  final String kind;
  final PhaseView view;
  final int pid;
  final Loc loc;
  final Object item;

  Subject(String kind, PhaseView view, int pid, Loc loc, Object item) {
    this.kind = kind;
    this.view = view;
    this.pid = pid;
    this.loc = loc;
    this.item = item;
  }

  ProcessInfo process() {
    return view.model == null ? null : view.model.processes().get(pid);
  }

  /** Field value by name, or null. */
  Object get(String field) {
    switch (field) {
      case "kind":
        return kind;
      case "phase":
        return view.facts.name();
      case "pid":
        return (long) pid;
      case "role":
        {
          ProcessInfo p = process();
          return p == null || p.role() == null ? null : p.role().name();
        }
      case "parentRole":
        {
          ProcessInfo p = process();
          ProcessInfo pp = p == null ? null : view.model.processes().get(p.parent());
          return pp == null || pp.role() == null ? null : pp.role().name();
        }
      case "exe":
        return exePath(process());
      case "comm":
        return basename(exePath(process()));
      case "parentComm":
        {
          ProcessInfo p = process();
          ProcessInfo pp = p == null ? null : view.model.processes().get(p.parent());
          return basename(exePath(pp));
        }
      case "command":
        {
          ProcessInfo p = process();
          return p == null ? null : p.command();
        }
      case "ancestorRoles":
        return view.ancestorRoles(pid);
      case "thread":
        {
          ProcessInfo p = process();
          return p != null && p.isThread();
        }
      default:
        return specific(field);
    }
  }

  private Object specific(String field) {
    if (item instanceof Activity.FileAccess f) {
      switch (field) {
        case "op":
          return f.op() == null ? null : f.op().name();
        case "path":
          return f.path();
        case "path2":
          return f.path2();
        case "paths":
          return f.path2() == null ? listOf(f.path()) : listOf(f.path(), f.path2());
        case "written":
          // The path(s) whose content or existence changes: a symlink or hard link creates only
          // path2 (path is its target); a rename changes both.
          if (f.op() == Activity.FileOp.SYMLINK || f.op() == Activity.FileOp.LINK) {
            return listOf(f.path2());
          }
          if (f.op() == Activity.FileOp.RENAME) return listOf(f.path(), f.path2());
          return listOf(f.path());
        case "name":
          return basename(f.path());
        case "mode":
          return (long) f.mode();
        case "errno":
          return f.errno();
        case "ok":
          return f.ok();
        case "syscall":
          return f.syscall();
        case "procTarget":
          return procTarget(f.path());
        case "newDir":
          return view.newDir(f);
        default:
          return null;
      }
    }
    if (item instanceof Activity.ExecutableCreated e) {
      switch (field) {
        case "path":
          return e.path();
        case "name":
          return basename(e.path());
        case "how":
          return e.how();
        default:
          return null;
      }
    }
    if (item instanceof Activity.Network n) {
      switch (field) {
        case "op":
          return n.op() == null ? null : n.op().name();
        case "fd":
          return n.fd();
        case "family":
          return n.family();
        case "type":
          return n.type();
        case "protocol":
          return n.protocol();
        case "address":
          return n.address();
        case "port":
          return (long) n.port();
        case "hostName":
          return n.hostName();
        case "bytes":
          return n.bytes();
        case "payload":
          return n.payload() == null ? null : new String(n.payload(), StandardCharsets.ISO_8859_1);
        case "errno":
          return n.errno();
        case "ok":
          return n.errno() == null;
        case "syscall":
          return n.syscall();
        default:
          return null;
      }
    }
    if (item instanceof Activity.DnsQuery d) {
      switch (field) {
        case "name":
          return d.name();
        case "qtype":
          return d.qtype();
        case "server":
          return d.server();
        default:
          return null;
      }
    }
    if (item instanceof Activity.DnsAnswer d) {
      switch (field) {
        case "name":
          return d.name();
        case "addresses":
          return d.addresses();
        default:
          return null;
      }
    }
    if (item instanceof Activity.TlsHello t) {
      switch (field) {
        case "sni":
        case "name":
          return t.sni();
        case "address":
          return t.address();
        case "port":
          return (long) t.port();
        default:
          return null;
      }
    }
    if (item instanceof Activity.HttpRequest h) {
      switch (field) {
        case "host":
        case "name":
          return h.host();
        case "requestLine":
          return h.requestLine();
        case "address":
          return h.address();
        case "port":
          return (long) h.port();
        default:
          return null;
      }
    }
    if (item instanceof Activity.NotableCall c) {
      switch (field) {
        case "syscall":
          return c.syscall();
        case "targetPid":
          return (long) c.targetPid();
        case "targetInTree":
          return c.targetInTree();
        case "errno":
          return c.errno();
        case "ok":
          return c.errno() == null;
        default:
          if (field.startsWith("arg.") && c.details() != null) {
            return c.details().get(field.substring(4));
          }
          return null;
      }
    }
    if (item instanceof Activity.SignalSeen s) {
      switch (field) {
        case "signal":
          return s.signal();
        case "senderPid":
          return (long) s.senderPid();
        case "senderInTree":
          return s.senderPid() <= 0 ? null : view.model.processes().containsKey(s.senderPid());
        default:
          return null;
      }
    }
    if (item instanceof Activity.Integrity i) {
      switch (field) {
        case "integrity":
          return i.kind() == null ? null : i.kind().name();
        case "detail":
          return i.detail();
        default:
          return null;
      }
    }
    if (item instanceof ProcessInfo.Exec e) {
      switch (field) {
        case "path":
          return e.path();
        case "name":
          return basename(e.path());
        case "argv":
          return e.argv() == null ? List.of() : e.argv();
        case "args":
          return e.argv() == null ? "" : String.join(" ", e.argv());
        case "ok":
          return e.ok();
        case "errno":
          return e.errno();
        default:
          return null;
      }
    }
    if (item instanceof ProcessInfo p) {
      switch (field) {
        case "exitCode":
          return p.exitCode() == null ? null : (long) p.exitCode();
        case "killedBy":
          return p.killedBy();
        case "exited":
          return p.exitCode() != null || p.killedBy() != null;
        case "execFailed":
          return p.execs() != null
              && !p.execs().isEmpty()
              && p.execs().stream().noneMatch(ProcessInfo.Exec::ok);
        case "name":
          return basename(exePath(p));
        default:
          return null;
      }
    }
    if (item instanceof BehaviorModel.SyscallUse u) {
      switch (field) {
        case "syscall":
        case "name":
          return u.name();
        case "count":
          return u.count();
        default:
          return null;
      }
    }
    if (item instanceof PhaseFacts f) {
      switch (field) {
        case "name":
          return f.name();
        case "exitStatus":
          return f.exitStatus() == null ? null : (long) f.exitStatus();
        case "timedOut":
          return f.timedOut();
        case "traced":
          return f.traced();
        case "traceComplete":
          return f.traceComplete();
        case "tracerExitStatus":
          return f.tracerExitStatus() == null ? null : (long) f.tracerExitStatus();
        case "parseErrors":
          return f.parseErrors();
        case "tracerDisagrees":
          return f.tracerDisagrees();
        case "outputLimited":
          return f.outputLimited();
        default:
          return null;
      }
    }
    return null;
  }

  /**
   * For a path under /proc/&lt;n&gt;/: "self" when n is the acting pid (or /proc/self,
   * /proc/thread-self), "tree" when n is another process of the traced tree, "outside" otherwise;
   * null for any other path.
   */
  private String procTarget(String path) {
    if (path == null || !path.startsWith("/proc/")) return null;
    int end = path.indexOf('/', 6);
    String seg = end < 0 ? path.substring(6) : path.substring(6, end);
    if (seg.equals("self") || seg.equals("thread-self")) return "self";
    if (seg.isEmpty() || seg.length() > 9) return null;
    for (int i = 0; i < seg.length(); i++) {
      if (!Character.isDigit(seg.charAt(i))) return null;
    }
    int n = Integer.parseInt(seg);
    if (n == pid) return "self";
    ProcessInfo me = process();
    ProcessInfo target = view.model.processes().get(n);
    // Threads of one process share it: /proc/<tgid>/... or /proc/<tid>/... of a sibling is self.
    if (me != null && (me.tgid() == n || (target != null && target.tgid() == me.tgid()))) {
      return "self";
    }
    return target != null ? "tree" : "outside";
  }

  static String exePath(ProcessInfo p) {
    if (p == null || p.execs() == null) return null;
    for (int i = p.execs().size() - 1; i >= 0; i--) {
      ProcessInfo.Exec e = p.execs().get(i);
      if (e.ok()) return e.path();
    }
    return null;
  }

  static String basename(String path) {
    if (path == null) return null;
    int slash = path.lastIndexOf('/');
    return slash < 0 ? path : path.substring(slash + 1);
  }

  private static List<String> listOf(String... s) {
    List<String> l = new ArrayList<>();
    for (String x : s) if (x != null) l.add(x);
    return l;
  }

  /** A per-phase view of the model with cached process-tree lookups. */
  static final class PhaseView {
    final BehaviorModel model;
    final PhaseFacts facts;
    private final Map<Integer, List<String>> ancestorRolesCache = new java.util.HashMap<>();
    private final Map<Integer, List<String>> pathCache = new java.util.HashMap<>();
    private java.util.Set<String> createdDirs;

    PhaseView(BehaviorModel model, PhaseFacts facts) {
      this.model = model;
      this.facts = facts;
    }

    /**
     * The outermost directory that this phase created (a successful mkdir) and that holds the
     * access's path (the path itself counts for a mkdir), or null. A directory the phase made is
     * one nothing else on the machine had: a fresh HOME has no ~/.keras until keras makes it.
     */
    String newDir(Activity.FileAccess f) {
      if (createdDirs == null) {
        createdDirs = new java.util.HashSet<>();
        if (model != null) {
          for (Activity a : model.activities()) {
            if (a instanceof Activity.FileAccess m
                && m.op() == Activity.FileOp.MKDIR
                && m.ok()
                && m.path() != null) {
              createdDirs.add(m.path());
            }
          }
        }
      }
      String p = f.path();
      if (p == null || createdDirs.isEmpty()) return null;
      String found = f.op() == Activity.FileOp.MKDIR && createdDirs.contains(p) ? p : null;
      // Walk up at most a bounded number of levels (paths come from the trace: hostile input).
      int guard = 0;
      for (int i = p.lastIndexOf('/'); i > 0 && guard++ < 256; i = p.lastIndexOf('/', i - 1)) {
        String parent = p.substring(0, i);
        if (createdDirs.contains(parent)) found = parent;
      }
      return found;
    }

    /** Roles of the strict ancestors, nearest first. */
    List<String> ancestorRoles(int pid) {
      return ancestorRolesCache.computeIfAbsent(
          pid,
          k -> {
            List<String> out = new ArrayList<>();
            if (model == null) return out;
            ProcessInfo p = model.processes().get(k);
            int guard = 0;
            while (p != null && p.parent() != 0 && guard++ < 4096) {
              ProcessInfo parent = model.processes().get(p.parent());
              if (parent == null) break;
              out.add(parent.role() == null ? "UNKNOWN" : parent.role().name());
              p = parent;
            }
            return out;
          });
    }

    /** Commands from the phase root down to pid. */
    List<String> processPath(int pid) {
      return pathCache.computeIfAbsent(
          pid,
          k -> {
            List<String> out = new ArrayList<>();
            if (model == null) return out;
            ProcessInfo p = model.processes().get(k);
            int guard = 0;
            while (p != null && guard++ < 64) {
              String c = p.command();
              out.add(0, p.pid() + " " + (c.isEmpty() ? "(no exec seen)" : c));
              if (p.parent() == 0 || p.parent() == p.pid()) break;
              p = model.processes().get(p.parent());
            }
            return out;
          });
    }
  }
}
