package dev.recordinstall.policy;

import dev.recordinstall.model.Activity;
import dev.recordinstall.model.BehaviorModel;
import dev.recordinstall.model.ProcessInfo;
import dev.recordinstall.model.Role;
import dev.recordinstall.strace.TraceEvent.Loc;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A tiny builder of behaviour models for rule tests, plus the standard test variables. */
final class Fx {
  static final String HOME = "/ri/home";
  static final String VENV = "/ri/venv";
  static final String SP = VENV + "/lib/python3.11/site-packages";
  static final String TMP = "/ri/tmp";
  static final String MARKER = "RI-BAIT-7f3a9c1e22";

  static PolicyVars vars() {
    Map<String, List<String>> m = new LinkedHashMap<>();
    m.put("VENV", List.of(VENV));
    m.put("VENV_BIN", List.of(VENV + "/bin"));
    m.put("SITE_PACKAGES", List.of(SP));
    m.put("HOME", List.of(HOME));
    m.put("TMP", List.of(TMP));
    m.put("PIP_CACHE", List.of(HOME + "/.cache/pip"));
    m.put("PYTHON_PREFIX", List.of("/root/.pyenv/versions/3.11.7"));
    m.put("INDEX_HOSTS", List.of("pypi.org", "files.pythonhosted.org"));
    m.put("BAIT_FILES", List.of(HOME + "/.ssh/id_rsa", HOME + "/.aws/credentials"));
    m.put("BAIT_MARKERS", PolicyVars.encodedMarkers(List.of(MARKER)));
    return PolicyVars.of(m);
  }

  final String phase;
  final Map<Integer, ProcessInfo> procs = new LinkedHashMap<>();
  final List<Activity> acts = new ArrayList<>();
  final Map<Integer, Map<String, BehaviorModel.SyscallUse>> sys = new LinkedHashMap<>();
  int line = 1;
  int root = 0;

  Fx(String phase) {
    this.phase = phase;
  }

  static Fx install() {
    Fx f = new Fx("install");
    f.proc(100, 0, Role.PIP_FRONTEND, VENV + "/bin/python", "pip", "install", "x");
    f.proc(101, 100, Role.BUILD_BACKEND, VENV + "/bin/python", "setup.py", "bdist_wheel");
    return f;
  }

  static Fx imports() {
    Fx f = new Fx("import");
    f.proc(200, 0, Role.IMPORT, VENV + "/bin/python", "-c", "import x");
    return f;
  }

  Loc loc() {
    return new Loc(phase + ".strace", line++);
  }

  Fx proc(int pid, int parent, Role role, String exe, String... args) {
    List<String> argv = new ArrayList<>();
    argv.add(exe);
    argv.addAll(List.of(args));
    List<ProcessInfo.Exec> execs = new ArrayList<>();
    execs.add(new ProcessInfo.Exec(exe, argv, true, null, loc()));
    procs.put(pid, new ProcessInfo(pid, parent, role, execs, "/", 0, null, 0, 1, loc()));
    if (root == 0) root = pid;
    return this;
  }

  /** A thread (tgid = leader) of process {@code leader}, with the leader's role. */
  Fx thread(int tid, int leader) {
    ProcessInfo l = procs.get(leader);
    procs.put(
        tid, new ProcessInfo(tid, leader, l.role(), List.of(), "/", 0, null, 0, 1, loc(), leader));
    return this;
  }

  Fx replace(ProcessInfo p) {
    procs.put(p.pid(), p);
    return this;
  }

  Fx exit(int pid, Integer code, String killedBy) {
    ProcessInfo p = procs.get(pid);
    return replace(
        new ProcessInfo(
            p.pid(),
            p.parent(),
            p.role(),
            p.execs(),
            p.cwd(),
            code,
            killedBy,
            0,
            1,
            p.firstSeen()));
  }

  Fx execs(int pid, ProcessInfo.Exec... e) {
    ProcessInfo p = procs.get(pid);
    return replace(
        new ProcessInfo(
            p.pid(),
            p.parent(),
            p.role(),
            List.of(e),
            p.cwd(),
            p.exitCode(),
            p.killedBy(),
            0,
            1,
            p.firstSeen()));
  }

  Fx file(int pid, Activity.FileOp op, String path) {
    return file(pid, op, path, null, null);
  }

  Fx file(int pid, Activity.FileOp op, String path, String path2, String errno) {
    acts.add(new Activity.FileAccess(pid, loc(), 0, op, path, path2, -1, errno, "openat"));
    return this;
  }

  Fx act(Activity a) {
    acts.add(a);
    return this;
  }

  Fx net(
      int pid,
      Activity.NetOp op,
      String fam,
      String type,
      String proto,
      String addr,
      int port,
      String host,
      String payload) {
    acts.add(
        new Activity.Network(
            pid,
            loc(),
            0,
            op,
            3,
            fam,
            type,
            proto,
            addr,
            port,
            host,
            payload == null ? -1 : payload.length(),
            payload == null ? null : payload.getBytes(StandardCharsets.ISO_8859_1),
            null,
            op.name().toLowerCase()));
    return this;
  }

  Fx call(int pid, String syscall, Map<String, String> details, int target, boolean inTree) {
    acts.add(new Activity.NotableCall(pid, loc(), 0, syscall, details, target, inTree, null));
    return this;
  }

  Fx syscall(int pid, String name) {
    sys.computeIfAbsent(pid, k -> new LinkedHashMap<>())
        .put(name, new BehaviorModel.SyscallUse(name, 1, loc()));
    return this;
  }

  Fx integrity(int pid, Activity.IntegrityKind k, String detail) {
    acts.add(new Activity.Integrity(pid, loc(), 0, k, detail));
    return this;
  }

  BehaviorModel model() {
    return new BehaviorModel(phase, procs, acts, sys, root);
  }

  CompiledPolicy.PhaseInput input() {
    return new CompiledPolicy.PhaseInput(
        model(), new PhaseFacts(phase, 0, false, true, true, 0, 0));
  }

  private static CompiledPolicy defaultCompiled;

  static synchronized CompiledPolicy policy() {
    if (defaultCompiled == null) defaultCompiled = Policy.loadDefault().compile(vars());
    return defaultCompiled;
  }

  List<Finding> eval() {
    return policy().evaluate(List.of(input()));
  }

  List<String> ruleIds() {
    return eval().stream().map(Finding::ruleId).distinct().sorted().toList();
  }
}
