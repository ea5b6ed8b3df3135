package dev.recordinstall.model;

import static dev.recordinstall.model.Ev.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.recordinstall.model.Activity.FileAccess;
import dev.recordinstall.model.Activity.FileOp;
import dev.recordinstall.model.Activity.IntegrityKind;
import dev.recordinstall.model.Activity.NetOp;
import dev.recordinstall.strace.Arg;
import dev.recordinstall.strace.TraceEvent;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The model builder on parser output built by hand (one case per activity kind). */
class ModelBuilderTest {
  static final String PY = "/venv/bin/python";

  static <T extends Activity> List<T> of(BehaviorModel m, Class<T> c) {
    return m.activities().stream().filter(c::isInstance).map(c::cast).collect(Collectors.toList());
  }

  static List<FileAccess> files(BehaviorModel m, FileOp op) {
    return of(m, FileAccess.class).stream().filter(f -> f.op() == op).toList();
  }

  /** pip frontend with a helper, a build backend, a compiler under it and a nested pip. */
  @Test
  void rolesOfAnInstall() {
    Ev e = new Ev();
    e.exec(100, ok(0), PY, "python", "-m", "pip", "install", "pkg");
    e.sys(100, "vfork", ok(101));
    e.exec(101, err("ENOENT"), "/root/.cargo/bin/lsb_release", "lsb_release", "-a");
    e.exec(101, ok(0), "/usr/bin/lsb_release", "lsb_release", "-a");
    e.exited(101, 0);
    e.clone(100, 102);
    e.exec(
        102,
        ok(0),
        PY,
        PY,
        "/venv/lib/pip/_vendor/pyproject_hooks/_in_process/_in_process.py",
        "build_wheel",
        "/tmp/x");
    e.clone(102, 103);
    e.exec(103, ok(0), "/usr/bin/x86_64-linux-gnu-gcc", "x86_64-linux-gnu-gcc", "-c", "a.c");
    e.clone(103, 104);
    e.exec(104, ok(0), "/usr/lib/gcc/x86_64-linux-gnu/12/cc1", "cc1", "a.c");
    e.exited(104, 0).exited(103, 0);
    e.clone(102, 105);
    e.exec(105, ok(0), "/usr/bin/curl", "curl", "http://x.invalid/");
    e.exited(105, 0).exited(102, 0);
    e.clone(100, 106);
    e.exec(106, ok(0), PY, PY, "/venv/lib/pip/__pip-runner__.py", "install", "--prefix", "/tmp/o");
    e.exited(106, 0).exited(100, 0);
    BehaviorModel m = e.build("install");
    assertEquals(Role.PIP_FRONTEND, m.processes().get(100).role());
    assertEquals(Role.PIP_HELPER, m.processes().get(101).role());
    assertEquals(2, m.processes().get(101).execs().size());
    assertFalse(m.processes().get(101).execs().get(0).ok());
    assertEquals("ENOENT", m.processes().get(101).execs().get(0).errno());
    assertEquals(Role.BUILD_BACKEND, m.processes().get(102).role());
    assertEquals(Role.BUILD_TOOL, m.processes().get(103).role());
    assertEquals(Role.BUILD_TOOL, m.processes().get(104).role());
    assertEquals(Role.PACKAGE_CHILD, m.processes().get(105).role());
    assertEquals(Role.PIP_FRONTEND, m.processes().get(106).role());
    assertEquals(100, m.processes().get(102).parent());
    assertEquals(0, m.processes().get(100).exitCode());
    assertEquals(100, m.rootPid());
    assertEquals("install", m.phase());
    assertTrue(ProcessTree.render(m).contains("    104 BUILD_TOOL exit 0  cc1 a.c"));
    // no integrity trouble in a clean trace
    assertTrue(of(m, Activity.Integrity.class).isEmpty(), m.activities().toString());
  }

  @Test
  void legacySetupPyAndImportAndBwrap() {
    Ev e = new Ev();
    e.exec(1, ok(0), "/usr/bin/bwrap", "bwrap", "--ro-bind", "/", "/", "python");
    e.clone(1, 2);
    e.exec(2, ok(0), "/usr/bin/bwrap", "bwrap");
    e.clone(2, 3);
    e.exec(3, ok(0), PY, "python", "-c", "import pkg");
    e.clone(3, 4);
    e.exec(4, ok(0), "/usr/bin/gcc", "gcc", "x.c");
    e.exited(4, 0).exited(3, 0).exited(2, 0).exited(1, 0);
    BehaviorModel m = e.build(null);
    assertEquals("import", m.phase());
    assertEquals(Role.SETUP, m.processes().get(1).role());
    assertEquals(Role.SETUP, m.processes().get(2).role());
    assertEquals(Role.IMPORT, m.processes().get(3).role());
    assertEquals(Role.PACKAGE_CHILD, m.processes().get(4).role(), "a compiler under import");

    Ev s = new Ev();
    s.exec(10, ok(0), PY, "pip", "install", "old");
    s.clone(10, 11);
    s.exec(
        11,
        ok(0),
        PY,
        PY,
        "-u",
        "-c",
        "import io, os, sys, setuptools, tokenize; sys.argv[0] = '/tmp/pip-x/old/setup.py'",
        "bdist_wheel");
    s.exited(11, 0).exited(10, 0);
    BehaviorModel ms = s.build("install");
    assertEquals(Role.BUILD_BACKEND, ms.processes().get(11).role());
  }

  /** strace prints a child's first calls before the parent's clone returns. */
  @Test
  void childSeenBeforeItsCloneReturns() {
    Ev e = new Ev();
    e.exec(1, ok(0), PY, "python", "-m", "pip", "install", "x");
    e.sys(1, "chdir", ok(0), str("/work"));
    e.sys(1, "openat", okFd(5, "/work/secret"), cwd("/work"), str("secret"), flags("O_RDONLY"));
    e.sys(2, "close", ok(0), fd(0, null));
    e.sys(2, "read", ok(3), fd(5, null), str("abc"), num(10));
    e.exec(2, ok(0), "/usr/bin/uname", "uname", "-rs");
    e.sys(1, "vfork", ok(2));
    e.exited(2, 0).exited(1, 0);
    BehaviorModel m = e.build("install");
    ProcessInfo c = m.processes().get(2);
    assertEquals(1, c.parent());
    assertEquals(Role.PIP_HELPER, c.role());
    assertEquals("/work", c.cwd());
    assertTrue(of(m, Activity.Integrity.class).isEmpty(), m.activities().toString());
    // activities stay in log order
    long last = 0;
    for (Activity a : m.activities()) {
      assertTrue(a.loc().line() >= last);
      last = a.loc().line();
    }
  }

  @Test
  void fileActivities() {
    Ev e = new Ev();
    e.exec(1, ok(0), PY, "python", "-c", "import pkg");
    e.sys(
        1,
        "openat",
        okFd(3, "/home/u/.ssh/id_rsa"),
        cwd("/home/u"),
        str(".ssh/id_rsa"),
        flags("O_RDONLY", "O_CLOEXEC"));
    e.sys(1, "openat", err("ENOENT"), cwd("/home/u"), str("/etc/../etc/shadow"), flags("O_RDONLY"));
    e.sys(
        1,
        "openat",
        okFd(4, "/tmp/x.sh"),
        cwd("/home/u"),
        str("/tmp/x.sh"),
        flags("O_WRONLY", "O_CREAT", "O_TRUNC"),
        oct(0755));
    e.sys(1, "write", ok(9), fd(4, "/tmp/x.sh"), str("#!/bin/sh"), num(9));
    e.sys(1, "open", okFd(5, "/tmp/b"), str("/tmp/b"), flags("O_RDWR", "O_CREAT"), oct(0644));
    e.sys(1, "write", ok(4), fd(5, "/tmp/b"), bytes(new byte[] {0x7f, 'E', 'L', 'F'}), num(4));
    e.sys(
        1,
        "openat",
        okFd(6, "/tmp/c"),
        cwd("/home/u"),
        str("/tmp/c"),
        flags("O_WRONLY", "O_TRUNC"));
    e.sys(1, "newfstatat", ok(0), cwd("/home/u"), str("a/./b/../c"), new Arg.Raw("{...}"), num(0));
    e.sys(
        1,
        "newfstatat",
        ok(0),
        fd(3, "/home/u/.ssh/id_rsa"),
        str(""),
        new Arg.Raw("{}"),
        id("AT_EMPTY_PATH"));
    e.sys(1, "access", err("EACCES"), str("/root/.aws/credentials"), id("R_OK"));
    e.sys(
        1,
        "openat",
        okFd(7, "/home/u"),
        cwd("/home/u"),
        str("."),
        flags("O_RDONLY", "O_DIRECTORY"));
    e.sys(1, "getdents64", ok(100), fd(7, "/home/u"), new Arg.Raw("[...]"), num(32768));
    e.sys(1, "getdents64", ok(0), fd(7, "/home/u"), new Arg.Raw("[]"), num(32768));
    e.sys(1, "unlinkat", ok(0), fd(7, "/home/u"), str("junk"), num(0));
    e.sys(1, "rename", ok(0), str("/tmp/a"), str("/tmp/b"));
    e.sys(1, "renameat2", ok(0), cwd("/home/u"), str("x"), fd(7, "/home/u"), str("y"), num(0));
    e.sys(1, "linkat", ok(0), cwd("/home/u"), str("x"), cwd("/home/u"), str("z"), num(0));
    e.sys(1, "symlink", ok(0), str("../lib/x"), str("/home/u/bin/x"));
    e.sys(1, "chmod", ok(0), str("/tmp/b"), oct(0755));
    e.sys(1, "mkdir", ok(0), str("/tmp/d"), oct(0777));
    e.sys(1, "chmod", ok(0), str("/tmp/d"), oct(0755));
    e.sys(1, "fchmod", ok(0), fd(6, "/tmp/c"), oct(0700));
    e.sys(1, "rmdir", ok(0), str("/tmp/d"));
    e.sys(1, "truncate", ok(0), str("rel"), num(0));
    e.sys(1, "fchownat", ok(0), cwd("/home/u"), str("x"), num(0), num(0), num(0));
    e.exited(1, 0);
    BehaviorModel m = e.build("import");
    FileAccess key = files(m, FileOp.READ).get(0);
    assertEquals("/home/u/.ssh/id_rsa", key.path());
    assertTrue(key.ok());
    FileAccess shadow = files(m, FileOp.READ).get(1);
    assertEquals("/etc/shadow", shadow.path());
    assertEquals("ENOENT", shadow.errno());
    FileAccess created = files(m, FileOp.CREATE).get(0);
    assertEquals("/tmp/x.sh", created.path());
    assertEquals(0755, created.mode());
    assertEquals("/tmp/c", files(m, FileOp.TRUNCATE).get(0).path());
    assertEquals(
        List.of("/home/u/a/c", "/root/.aws/credentials", "/home/u"),
        files(m, FileOp.PROBE).stream().map(FileAccess::path).toList());
    assertEquals("EACCES", files(m, FileOp.PROBE).get(1).errno());
    assertEquals(1, files(m, FileOp.LIST).size(), "a directory is listed once");
    assertEquals("/home/u/junk", files(m, FileOp.DELETE).get(0).path());
    assertEquals("/tmp/d", files(m, FileOp.DELETE).get(1).path());
    FileAccess r0 = files(m, FileOp.RENAME).get(0);
    assertEquals("/tmp/a", r0.path());
    assertEquals("/tmp/b", r0.path2());
    assertEquals("/home/u/y", files(m, FileOp.RENAME).get(1).path2());
    assertEquals("/home/u/z", files(m, FileOp.LINK).get(0).path2());
    FileAccess sl = files(m, FileOp.SYMLINK).get(0);
    assertEquals("/home/u/lib/x", sl.path());
    assertEquals("/home/u/bin/x", sl.path2());
    assertEquals(0755, files(m, FileOp.CHMOD).get(0).mode());
    assertEquals(0777, files(m, FileOp.MKDIR).get(0).mode());
    assertEquals("/home/u/rel", files(m, FileOp.TRUNCATE).get(1).path());
    assertEquals("/home/u/x", files(m, FileOp.CHOWN).get(0).path());
    List<String> exe =
        of(m, Activity.ExecutableCreated.class).stream()
            .map(x -> x.path() + " " + x.how())
            .toList();
    assertEquals(
        List.of(
            "/tmp/x.sh created with mode 0755",
            "/tmp/x.sh #! header written",
            "/tmp/b ELF header written",
            "/tmp/b chmod 0755",
            "/tmp/c fchmod 0700"),
        exe);
  }

  @Test
  void fdTableDupCloexecAndSharing() {
    Ev e = new Ev();
    e.exec(1, ok(0), PY, "python", "-c", "import pkg");
    e.sys(1, "socket", ok(3), id("AF_INET"), flags("SOCK_STREAM"), id("IPPROTO_TCP"));
    e.sys(1, "connect", ok(0), fd(3, null), inet("192.0.2.1", 80), num(16));
    e.sys(1, "dup2", ok(1), fd(3, null), fd(1, null));
    e.sys(1, "fcntl", ok(10), fd(3, null), id("F_DUPFD_CLOEXEC"), num(10));
    e.sys(1, "pipe2", ok(0), array(num(4), num(5)), id("O_CLOEXEC"));
    e.clone(1, 2, "CLONE_VM", "CLONE_FILES", "SIGCHLD");
    e.sys(2, "close", ok(0), fd(3, null));
    e.sys(1, "write", ok(5), fd(3, null), str("hello"), num(5)); // closed through CLONE_FILES
    e.clone(1, 3);
    e.exec(3, ok(0), "/bin/sh", "sh");
    e.sys(3, "write", ok(5), fd(1, null), str("GET / HTTP/1.0\r\nHost: a.invalid\r\n\r\n"), num(5));
    e.sys(3, "write", ok(5), fd(10, null), str("x"), num(1)); // cloexec: gone after exec
    e.exited(3, 0).exited(2, 0).exited(1, 0);
    BehaviorModel m = e.build("import");
    List<Activity.Network> sends =
        of(m, Activity.Network.class).stream().filter(n -> n.op() == NetOp.SEND).toList();
    assertEquals(1, sends.size(), sends.toString());
    assertEquals(3, sends.get(0).pid());
    assertEquals("192.0.2.1", sends.get(0).address());
    assertEquals(80, sends.get(0).port());
    Activity.HttpRequest h = of(m, Activity.HttpRequest.class).get(0);
    assertEquals("a.invalid", h.host());
    assertEquals("GET / HTTP/1.0", h.requestLine());
  }

  @Test
  void dnsThenConnectNamesTheHostAndTlsSni() throws Exception {
    Ev e = new Ev();
    e.exec(1, ok(0), PY, "python", "-c", "import pkg");
    e.sys(
        1,
        "socket",
        okFd(3, "UDP:[1234]"),
        id("AF_INET"),
        flags("SOCK_DGRAM", "SOCK_CLOEXEC", "SOCK_NONBLOCK"),
        id("IPPROTO_IP"));
    e.sys(1, "connect", ok(0), fd(3, "UDP:[1234]"), inet("127.0.0.53", 53), num(16));
    byte[] q = DecodersTest.res("dns-query.bin");
    Arg msg =
        struct(
            "msg_hdr",
            struct(
                "msg_name",
                id("NULL"),
                "msg_iov",
                array(struct("iov_base", bytes(q), "iov_len", num(q.length)))),
            "msg_len",
            num(q.length));
    e.sys(
        1,
        "sendmmsg",
        ok(1),
        fd(3, "UDP:[127.0.0.1:40000->127.0.0.53:53]"),
        array(msg),
        num(1),
        id("MSG_NOSIGNAL"));
    byte[] r = DecodersTest.res("dns-response.bin");
    e.sys(
        1,
        "recvfrom",
        ok(r.length),
        fd(3, "UDP:[127.0.0.1:40000->127.0.0.53:53]"),
        bytes(r),
        num(2048),
        num(0),
        inet("127.0.0.53", 53),
        new Arg.InOut(num(28), num(16)));
    e.sys(
        1,
        "socket",
        ok(4),
        id("AF_INET6"),
        flags("SOCK_STREAM", "SOCK_CLOEXEC"),
        id("IPPROTO_TCP"));
    e.sys(1, "connect", err("EINPROGRESS"), fd(4, null), inet6("2001:db8::7", 443), num(28));
    byte[] hello = DecodersTest.res("tls-clienthello.bin");
    e.sys(1, "write", ok(hello.length), fd(4, null), bytes(hello), num(hello.length));
    e.sys(1, "write", ok(3), fd(4, null), str("GET"), num(3));
    e.exited(1, 0);
    BehaviorModel m = e.build("import");
    Activity.DnsQuery dq = of(m, Activity.DnsQuery.class).get(0);
    assertEquals("evil.example", dq.name());
    assertEquals("A", dq.qtype());
    assertEquals("127.0.0.53", dq.server());
    Activity.DnsAnswer da = of(m, Activity.DnsAnswer.class).get(0);
    assertEquals(List.of("192.0.2.7", "2001:db8::7"), da.addresses());
    Activity.Network conn =
        of(m, Activity.Network.class).stream()
            .filter(n -> n.op() == NetOp.CONNECT && n.port() == 443)
            .findFirst()
            .orElseThrow();
    assertEquals("evil.example", conn.hostName());
    assertEquals("AF_INET6", conn.family());
    assertEquals("EINPROGRESS", conn.errno());
    Activity.TlsHello t = of(m, Activity.TlsHello.class).get(0);
    assertEquals("files.pythonhosted.example", t.sni());
    assertEquals(443, t.port());
    assertEquals(1, of(m, Activity.TlsHello.class).size());
    Activity.Network sock = of(m, Activity.Network.class).get(0);
    assertEquals(NetOp.SOCKET, sock.op());
    assertEquals("SOCK_DGRAM", sock.type());
  }

  @Test
  void rawAndPacketSocketsAndBindListenAccept() {
    Ev e = new Ev();
    e.exec(1, ok(0), PY, "python", "-c", "import pkg");
    e.sys(1, "socket", ok(3), id("AF_INET"), id("SOCK_RAW"), id("IPPROTO_ICMP"));
    e.sys(
        1,
        "sendto",
        ok(8),
        fd(3, null),
        str("\u0008\0\0\0"),
        num(8),
        num(0),
        inet("198.51.100.9", 0),
        num(16));
    e.sys(
        1,
        "socket",
        err("EPERM"),
        id("AF_PACKET"),
        id("SOCK_RAW"),
        new Arg.Call("htons", List.of(id("ETH_P_ALL"))));
    e.sys(
        1,
        "socket",
        ok(4),
        id("AF_NETLINK"),
        flags("SOCK_RAW", "SOCK_CLOEXEC"),
        id("NETLINK_ROUTE"));
    e.sys(1, "socket", ok(5), id("AF_INET"), id("SOCK_STREAM"), id("IPPROTO_IP"));
    e.sys(1, "bind", ok(0), fd(5, null), inet("0.0.0.0", 4444), num(16));
    e.sys(1, "listen", ok(0), fd(5, null), num(5));
    e.sys(
        1,
        "accept4",
        ok(6),
        fd(5, null),
        inet("192.0.2.50", 5555),
        new Arg.InOut(num(16), num(16)),
        id("SOCK_CLOEXEC"));
    e.sys(1, "recvfrom", ok(3), fd(6, null), str("cmd"), num(100), num(0), id("NULL"), id("NULL"));
    e.exited(1, 0);
    BehaviorModel m = e.build("import");
    List<Activity.Network> n = of(m, Activity.Network.class);
    assertEquals("IPPROTO_ICMP", n.get(0).protocol());
    assertEquals("SOCK_RAW", n.get(0).type());
    assertEquals(NetOp.SEND, n.get(1).op());
    assertEquals("198.51.100.9", n.get(1).address());
    assertEquals("AF_PACKET", n.get(2).family());
    assertEquals("EPERM", n.get(2).errno());
    assertEquals("AF_NETLINK", n.get(3).family());
    assertEquals(NetOp.BIND, n.get(5).op());
    assertEquals(4444, n.get(5).port());
    assertEquals(NetOp.LISTEN, n.get(6).op());
    assertEquals(NetOp.ACCEPT, n.get(7).op());
    assertEquals("192.0.2.50", n.get(7).address());
    assertEquals(NetOp.RECV, n.get(8).op());
    assertEquals("192.0.2.50", n.get(8).address());
    assertEquals("cmd", new String(n.get(8).payload()));
  }

  @Test
  void notableCallsAndSignals() {
    Ev e = new Ev();
    e.exec(1, ok(0), PY, "python", "-c", "import pkg");
    e.clone(1, 2);
    e.sys(1, "ptrace", err("EPERM"), id("PTRACE_ATTACH"), num(2));
    e.sys(1, "kill", ok(0), num(4242), id("SIGTERM"));
    e.sys(1, "kill", ok(0), num(2), id("SIGKILL"));
    e.sys(1, "prctl", ok(0), id("PR_SET_NAME"), str("kworker"));
    e.sys(1, "setuid", err("EPERM"), num(0));
    e.sys(1, "memfd_create", okFd(7, "/memfd:x (deleted)"), str("x"), id("MFD_CLOEXEC"));
    e.sys(
        1,
        "execveat",
        err("ENOENT"),
        fd(7, "/memfd:x (deleted)"),
        str(""),
        argv("x"),
        new Arg.Raw("0x0"),
        id("AT_EMPTY_PATH"));
    e.sys(1, "unshare", err("EPERM"), flags("CLONE_NEWUSER", "CLONE_NEWNS"));
    e.add(new TraceEvent.SignalReceived(2, 0, e.loc(), "SIGKILL", null));
    e.add(new TraceEvent.Killed(2, 0, e.loc(), "SIGKILL", false));
    e.add(
        new TraceEvent.SignalReceived(
            1, 0, e.loc(), "SIGCHLD", struct("si_signo", id("SIGCHLD"), "si_pid", num(2))));
    e.exited(1, 0);
    BehaviorModel m = e.build("import");
    List<Activity.NotableCall> n = of(m, Activity.NotableCall.class);
    assertEquals("PTRACE_ATTACH", n.get(0).details().get("request"));
    assertEquals(2, n.get(0).targetPid());
    assertTrue(n.get(0).targetInTree());
    assertEquals("EPERM", n.get(0).errno());
    assertEquals(4242, n.get(1).targetPid());
    assertFalse(n.get(1).targetInTree(), "pid 4242 is outside the traced tree");
    assertEquals("SIGTERM", n.get(1).details().get("signal"));
    assertTrue(n.get(2).targetInTree());
    assertEquals("PR_SET_NAME", n.get(3).details().get("option"));
    assertEquals("setuid", n.get(4).syscall());
    assertEquals("x", n.get(5).details().get("name"));
    assertEquals("unshare", n.get(6).syscall());
    assertEquals("/memfd:x (deleted)", m.processes().get(1).execs().get(1).path());
    assertEquals("SIGKILL", m.processes().get(2).killedBy());
    List<Activity.SignalSeen> sig = of(m, Activity.SignalSeen.class);
    assertEquals(2, sig.get(1).senderPid());
  }

  @Test
  void integrity() {
    Ev e = new Ev();
    e.add(new TraceEvent.TracerMessage(0, -1, e.loc(), "strace: Process 1 attached"));
    e.exec(1, ok(0), PY, "python", "-c", "import pkg");
    e.clone(1, 2);
    e.exec(2, ok(0), "/bin/sleep", "sleep", "1000");
    e.clone(1, 3);
    e.exited(3, 0);
    e.add(new TraceEvent.ParseError(1, 0, e.loc(), 5, "unbalanced quote", "1 open(\"x"));
    e.exited(1, 0);
    e.add(new TraceEvent.TracerMessage(0, -1, e.loc(), "strace: ptrace(PTRACE_SEIZE, 9): EPERM"));
    e.add(new TraceEvent.Syscall(2, 0, e.loc(), "nanosleep", List.of(), null, 0, false, true));
    BehaviorModel m = e.build("import");
    List<Activity.Integrity> i = of(m, Activity.Integrity.class);
    List<IntegrityKind> kinds = i.stream().map(Activity.Integrity::kind).toList();
    assertTrue(kinds.contains(IntegrityKind.SURVIVOR), kinds.toString());
    assertEquals(
        2,
        i.stream().filter(x -> x.kind() == IntegrityKind.SURVIVOR).findFirst().orElseThrow().pid());
    assertEquals(1, kinds.stream().filter(k -> k == IntegrityKind.SURVIVOR).count());
    assertTrue(kinds.contains(IntegrityKind.PARSE_ERROR));
    assertTrue(kinds.contains(IntegrityKind.TRACER_ERROR));
    assertTrue(kinds.contains(IntegrityKind.UNFINISHED_AT_END));
    assertFalse(kinds.contains(IntegrityKind.TRUNCATED));

    Ev t = new Ev();
    t.exec(1, ok(0), PY, "python", "-c", "import pkg");
    t.sys(1, "read", ok(1), fd(0, null), str("x"), num(1));
    BehaviorModel mt = t.build("import");
    assertEquals(IntegrityKind.TRUNCATED, of(mt, Activity.Integrity.class).get(0).kind());
  }

  @Test
  void syscallCounts() {
    Ev e = new Ev();
    e.exec(1, ok(0), PY, "python", "-c", "import pkg");
    e.sys(1, "getpid", ok(1)).sys(1, "getpid", ok(1)).exited(1, 0);
    BehaviorModel m = e.build("import");
    assertEquals(2, m.syscalls().get(1).get("getpid").count());
    assertNotNull(m.syscalls().get(1).get("execve").first());
  }

  @Test
  void hostileEventsNeverThrow() {
    ModelBuilder b =
        ModelBuilder.create("install", new ModelBuilder.Limits(8, 16, 50, 1000, 4, 10));
    Ev e = new Ev();
    for (int i = 0; i < 200; i++) {
      e.sys(1, "openat", okFd(i, null), num(i), null, null);
      e.sys(1, "clone", ok(-5));
      e.sys(1, "connect", ok(0), num(3), struct("sa_family", num(1)));
      e.sys(1, "sendmmsg", ok(0), num(3), array(num(1), id("x")), null);
      e.sys(1 + i, "write", ok(1), (Arg) null);
      e.sys(1, "execve", ok(0));
      e.sys(1, "close_range", ok(0), num(0), new Arg.Raw("~0U"), null);
      e.sys(1, null, null);
      e.add(new TraceEvent.Superseded(3, 0, e.loc(), 1));
    }
    for (TraceEvent ev : e.events()) b.accept(ev);
    BehaviorModel m = b.finish();
    assertTrue(
        of(m, Activity.Integrity.class).stream()
            .anyMatch(x -> x.kind() == IntegrityKind.LIMIT_REACHED));
    assertNull(m.processes().get(99999));
  }

  @Test
  void aCallCutShortByItsOwnProcessDeathIsNotAnUnfinishedTrace() {
    // strace flushes a never-resumed call right before the process's own death line: bwrap's init
    // SIGKILLed at teardown inside syscall_0xfffffffffffffff6 (seen on real recordings)
    Ev e = new Ev();
    e.exec(1, ok(0), PY, "python", "-c", "import pkg");
    e.clone(1, 2);
    e.add(
        new TraceEvent.Syscall(
            2, 0, e.loc(), "syscall_0xfffffffffffffff6", List.of(num(1)), null, -1, false, true));
    e.add(new TraceEvent.Killed(2, 0, e.loc(), "SIGKILL", false));
    e.add(new TraceEvent.Syscall(1, 0, e.loc(), "wait4", List.of(num(-1)), null, -1, false, true));
    e.exited(1, 0);
    List<IntegrityKind> kinds =
        of(e.build("install"), Activity.Integrity.class).stream()
            .map(Activity.Integrity::kind)
            .toList();
    assertFalse(kinds.contains(IntegrityKind.UNFINISHED_AT_END), kinds.toString());

    // the same call with no death line after it (the log ends): reported
    Ev cut = new Ev();
    cut.exec(1, ok(0), PY, "python", "-c", "import pkg");
    cut.add(
        new TraceEvent.Syscall(1, 0, cut.loc(), "read", List.of(num(0)), null, -1, false, true));
    List<Activity.Integrity> i = of(cut.build("install"), Activity.Integrity.class);
    assertTrue(
        i.stream().anyMatch(x -> x.kind() == IntegrityKind.UNFINISHED_AT_END && x.pid() == 1),
        i.toString());

    // and followed by another event of the process (not its death): reported
    Ev more = new Ev();
    more.exec(1, ok(0), PY, "python", "-c", "import pkg");
    more.add(
        new TraceEvent.Syscall(1, 0, more.loc(), "read", List.of(num(0)), null, -1, false, true));
    more.sys(1, "getpid", ok(1));
    more.exited(1, 0);
    assertTrue(
        of(more.build("install"), Activity.Integrity.class).stream()
            .anyMatch(x -> x.kind() == IntegrityKind.UNFINISHED_AT_END));
  }
}
