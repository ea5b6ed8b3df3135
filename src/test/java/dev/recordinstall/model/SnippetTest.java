package dev.recordinstall.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.recordinstall.model.Activity.FileAccess;
import dev.recordinstall.model.Activity.FileOp;
import dev.recordinstall.model.Activity.IntegrityKind;
import dev.recordinstall.model.Activity.NetOp;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The model over strace text: hand-written snippets per activity kind and a real recording. */
class SnippetTest {
  static <T extends Activity> List<T> of(BehaviorModel m, Class<T> c) {
    return m.activities().stream().filter(c::isInstance).map(c::cast).collect(Collectors.toList());
  }

  static List<String> files(BehaviorModel m, FileOp op) {
    return of(m, FileAccess.class).stream()
        .filter(f -> f.op() == op)
        .map(
            f ->
                f.path()
                    + (f.path2() == null ? "" : " -> " + f.path2())
                    + (f.errno() == null ? "" : " " + f.errno()))
        .toList();
  }

  static void noTrouble(BehaviorModel m) {
    List<Activity.Integrity> bad = of(m, Activity.Integrity.class);
    assertTrue(bad.isEmpty(), bad.toString());
  }

  @Test
  void roles() throws Exception {
    BehaviorModel m = TestTraces.model("snippets/roles.strace", "install");
    noTrouble(m);
    Map<Integer, ProcessInfo> p = m.processes();
    assertEquals(Role.PIP_FRONTEND, p.get(100).role());
    assertEquals(Role.PIP_HELPER, p.get(101).role());
    assertEquals(100, p.get(101).parent());
    assertFalse(p.get(101).execs().get(0).ok());
    assertEquals(Role.PIP_FRONTEND, p.get(102).role(), "build isolation's nested pip");
    assertEquals(Role.BUILD_BACKEND, p.get(103).role());
    assertEquals("/tmp/pip-req-build-x", p.get(103).cwd());
    assertTrue(p.get(104).isThread());
    assertEquals(Role.BUILD_BACKEND, p.get(104).role());
    assertEquals(Role.BUILD_TOOL, p.get(105).role());
    assertEquals(Role.BUILD_TOOL, p.get(106).role());
    assertEquals(Role.PACKAGE_CHILD, p.get(107).role());
    assertEquals(
        List.of("/work/pyproject.toml", "/tmp/pip-req-build-x/src/x.c"), files(m, FileOp.READ));
    String tree = ProcessTree.render(m);
    assertTrue(tree.contains("  103 BUILD_BACKEND exit 0 +1 thread  /venv/bin/python"), tree);
  }

  @Test
  void files() throws Exception {
    BehaviorModel m = TestTraces.model("snippets/files.strace", "import");
    noTrouble(m);
    assertEquals(List.of("/home/u/.ssh/id_rsa", "/etc/shadow EACCES"), files(m, FileOp.READ));
    assertEquals(List.of("/home/u/.local/bin/x", "/tmp/s.sh"), files(m, FileOp.CREATE));
    assertEquals(
        List.of("/home/u/a/c ENOENT", "/root/.aws/credentials ENOENT", "/home/u"),
        files(m, FileOp.PROBE));
    assertEquals(List.of("/home/u"), files(m, FileOp.LIST));
    assertEquals(List.of("/home/u/junk", "/tmp/d", "/tmp/b"), files(m, FileOp.DELETE));
    assertEquals(
        List.of("/tmp/a -> /tmp/b", "/home/u/x -> /home/u/.bashrc"), files(m, FileOp.RENAME));
    assertEquals(List.of("/home/u/lib/evil.so -> /home/u/bin/evil"), files(m, FileOp.SYMLINK));
    assertEquals(List.of("/tmp/b -> /tmp/c"), files(m, FileOp.LINK));
    assertEquals(List.of("/tmp/rel"), files(m, FileOp.TRUNCATE));
    FileAccess suid =
        of(m, FileAccess.class).stream()
            .filter(f -> f.op() == FileOp.CHMOD && f.path().equals("/tmp/b"))
            .findFirst()
            .orElseThrow();
    assertEquals(04755, suid.mode());
    assertEquals(
        List.of(
            "/home/u/.local/bin/x created with mode 0755",
            "/home/u/.local/bin/x ELF header written",
            "/tmp/s.sh #! header written",
            "/tmp/s.sh fchmod 0755",
            "/tmp/b chmod 04755"),
        of(m, Activity.ExecutableCreated.class).stream()
            .map(x -> x.path() + " " + x.how())
            .toList());
  }

  @Test
  void dnsQueryIsDecodedFromAFailedSend() throws Exception {
    BehaviorModel m = TestTraces.model("snippets/dns-failed-send.strace", "import");
    List<Activity.DnsQuery> q = of(m, Activity.DnsQuery.class);
    assertEquals(1, q.size());
    assertEquals(
        "c2VjcmV0.leak.invalid A 203.0.113.53",
        q.get(0).name() + " " + q.get(0).qtype() + " " + q.get(0).server());
  }

  @Test
  void network() throws Exception {
    BehaviorModel m = TestTraces.model("snippets/net.strace", "import");
    noTrouble(m);
    Activity.DnsQuery q = of(m, Activity.DnsQuery.class).get(0);
    assertEquals("evil.example A 127.0.0.53", q.name() + " " + q.qtype() + " " + q.server());
    assertEquals(
        List.of("192.0.2.7", "2001:db8::7"), of(m, Activity.DnsAnswer.class).get(0).addresses());
    List<Activity.Network> n = of(m, Activity.Network.class);
    List<String> connects =
        n.stream()
            .filter(x -> x.op() == NetOp.CONNECT)
            .map(x -> x.address() + ":" + x.port() + " " + x.hostName() + " " + x.errno())
            .toList();
    assertEquals(
        List.of(
            "127.0.0.53:53 null null",
            "2001:db8::7:443 evil.example EINPROGRESS",
            "192.0.2.7:80 evil.example null",
            "/var/run/nscd/socket:-1 null ENOENT"),
        connects);
    assertEquals("files.pythonhosted.example", of(m, Activity.TlsHello.class).get(0).sni());
    Activity.HttpRequest h = of(m, Activity.HttpRequest.class).get(0);
    assertEquals("dl.evil.example", h.host());
    assertEquals("192.0.2.7", h.address());
    List<String> sockets =
        n.stream()
            .filter(x -> x.op() == NetOp.SOCKET)
            .map(x -> x.family() + " " + x.type() + " " + x.protocol() + " " + x.errno())
            .toList();
    assertTrue(sockets.contains("AF_INET SOCK_RAW IPPROTO_ICMP null"), sockets.toString());
    assertTrue(sockets.contains("AF_PACKET SOCK_RAW htons(ETH_P_ALL) EPERM"), sockets.toString());
    assertTrue(sockets.contains("AF_NETLINK SOCK_RAW NETLINK_ROUTE null"), sockets.toString());
    Activity.Network icmp =
        n.stream()
            .filter(x -> x.op() == NetOp.SEND && "198.51.100.9".equals(x.address()))
            .findFirst()
            .orElseThrow();
    assertEquals(8, icmp.bytes());
    Activity.Network acc = n.stream().filter(x -> x.op() == NetOp.ACCEPT).findFirst().orElseThrow();
    assertEquals("192.0.2.50:5555", acc.address() + ":" + acc.port());
    assertEquals(
        4444, n.stream().filter(x -> x.op() == NetOp.BIND).findFirst().orElseThrow().port());
    assertTrue(n.stream().anyMatch(x -> x.op() == NetOp.LISTEN));
    assertTrue(n.stream().anyMatch(x -> x.op() == NetOp.RECV && x.bytes() == 512));
  }

  @Test
  void notableCallsSignalsAndKills() throws Exception {
    BehaviorModel m = TestTraces.model("snippets/notable.strace", "import");
    List<Activity.NotableCall> n = of(m, Activity.NotableCall.class);
    List<String> names = n.stream().map(Activity.NotableCall::syscall).toList();
    assertEquals(
        List.of(
            "ptrace",
            "process_vm_readv",
            "prctl",
            "prctl",
            "setuid",
            "setresgid",
            "capset",
            "memfd_create",
            "unshare",
            "mount",
            "finit_module",
            "bpf",
            "personality",
            "seccomp",
            "kill",
            "kill",
            "tgkill"),
        names);
    assertEquals("PTRACE_ATTACH", n.get(0).details().get("request"));
    assertTrue(n.get(0).targetInTree());
    assertFalse(n.get(1).targetInTree(), "process_vm_readv on pid 1");
    assertEquals("PR_SET_NAME", n.get(2).details().get("option"));
    assertEquals("BPF_PROG_LOAD", n.get(11).details().get("cmd"));
    assertFalse(n.get(14).targetInTree());
    assertTrue(n.get(15).targetInTree());
    assertEquals("SIGKILL", n.get(15).details().get("signal"));
    assertEquals(
        List.of("/memfd:payload ELF header written"),
        of(m, Activity.ExecutableCreated.class).stream()
            .map(x -> x.path() + " " + x.how())
            .toList());
    ProcessInfo.Exec x = m.processes().get(300).execs().get(1);
    assertEquals("/memfd:payload (deleted)", x.path());
    assertEquals("ENOEXEC", x.errno());
    assertEquals("SIGKILL", m.processes().get(301).killedBy());
    assertEquals("SIGABRT", m.processes().get(300).killedBy());
    List<Activity.SignalSeen> sig = of(m, Activity.SignalSeen.class);
    assertEquals("SIGCHLD from 301", sig.get(0).signal() + " from " + sig.get(0).senderPid());
    assertTrue(of(m, Activity.Integrity.class).isEmpty());
  }

  @Test
  void integrity() throws Exception {
    BehaviorModel m = TestTraces.model("snippets/integrity.strace", "import");
    Map<IntegrityKind, List<Activity.Integrity>> by =
        of(m, Activity.Integrity.class).stream()
            .collect(Collectors.groupingBy(Activity.Integrity::kind));
    assertEquals(401, by.get(IntegrityKind.SURVIVOR).get(0).pid());
    assertEquals(1, by.get(IntegrityKind.PARSE_ERROR).size());
    assertTrue(by.get(IntegrityKind.TRACER_ERROR).get(0).detail().contains("401"));
    assertTrue(by.get(IntegrityKind.UNFINISHED_AT_END).get(0).detail().startsWith("nanosleep"));
    assertFalse(by.containsKey(IntegrityKind.TRUNCATED));
  }

  /** A real trace: python under bwrap --unshare-net doing DNS, TLS, HTTP, raw ICMP, exec, kill. */
  @Test
  void realNetdemoRecording() throws Exception {
    BehaviorModel m = TestTraces.model("traces/netdemo.strace", null);
    assertEquals("import", m.phase());
    noTrouble(m);
    Map<Integer, ProcessInfo> p = m.processes();
    ProcessInfo root = p.get(m.rootPid());
    assertEquals(Role.SETUP, root.role());
    assertEquals(3, root.exitCode());
    ProcessInfo py =
        p.values().stream()
            .filter(x -> x.role() == Role.IMPORT && !x.isThread() && !x.execs().isEmpty())
            .findFirst()
            .orElseThrow();
    assertEquals(m.rootPid(), py.parent());
    assertTrue(
        p.values().stream()
            .anyMatch(
                x -> x.role() == Role.PACKAGE_CHILD && x.command().equals("/tmp/ri-netdemo-x.sh")));
    assertEquals("evil.example", of(m, Activity.DnsQuery.class).get(0).name());
    assertTrue(
        of(m, Activity.Network.class).stream()
            .anyMatch(
                x ->
                    x.op() == NetOp.CONNECT
                        && "192.0.2.7".equals(x.address())
                        && "evil.example".equals(x.hostName())
                        && "ENETUNREACH".equals(x.errno())));
    assertEquals("c2.evil.example", of(m, Activity.TlsHello.class).get(0).sni());
    assertEquals("dl.evil.example", of(m, Activity.HttpRequest.class).get(0).host());
    assertTrue(
        of(m, Activity.Network.class).stream()
            .anyMatch(
                x ->
                    x.op() == NetOp.SOCKET
                        && "SOCK_RAW".equals(x.type())
                        && "IPPROTO_ICMP".equals(x.protocol())));
    assertTrue(
        of(m, Activity.ExecutableCreated.class).stream()
            .anyMatch(x -> x.path().equals("/tmp/ri-netdemo-x.sh")));
    Activity.NotableCall kill =
        of(m, Activity.NotableCall.class).stream()
            .filter(x -> x.syscall().equals("kill"))
            .findFirst()
            .orElseThrow();
    assertTrue(kill.targetInTree());
    assertEquals("SIGTERM", p.get(kill.targetPid()).killedBy());
  }

  /** bwrap --unshare-pid traced from outside: clone returns namespace pids. */
  @Test
  void realPidNamespaceRecording() throws Exception {
    BehaviorModel m = TestTraces.model("traces/pidns.strace", "import");
    noTrouble(m);
    Map<Integer, ProcessInfo> p = m.processes();
    ProcessInfo sh =
        p.values().stream().filter(x -> x.command().startsWith("sh -c")).findFirst().orElseThrow();
    assertEquals(Role.IMPORT, sh.role());
    List<ProcessInfo> kids = p.values().stream().filter(x -> x.parent() == sh.pid()).toList();
    assertEquals(
        List.of("/bin/true", "/bin/echo hi"),
        kids.stream()
            .map(ProcessInfo::command)
            .sorted(java.util.Comparator.reverseOrder())
            .toList());
    for (ProcessInfo k : kids) assertEquals(Role.PACKAGE_CHILD, k.role());
    Activity.NotableCall kill =
        of(m, Activity.NotableCall.class).stream()
            .filter(x -> x.syscall().equals("kill"))
            .findFirst()
            .orElseThrow();
    assertEquals("3", kill.details().get("namespacePid"));
    assertTrue(kill.targetInTree());
    assertEquals("/bin/true", p.get(kill.targetPid()).command());
  }
}
