package dev.recordinstall.analyze;

import static org.junit.jupiter.api.Assertions.*;

import dev.recordinstall.policy.Finding;
import dev.recordinstall.policy.Policy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Rules on strace text: a fake run.json plus a small trace in real strace syntax (-f -ttt -yy) go
 * through the real parser, the model builder, the default policy and the analyzer. Each case says
 * which rule must fire (hit) or that the trace must come out clean (ok).
 */
class SnippetRulesTest {
  @TempDir Path dir;

  static final String PIP =
      "100 1700000000.000001 execve(\"/w/venv/bin/python\", [\"/w/venv/bin/python\", \"-m\","
          + " \"pip\", \"install\", \"demo\"], 0x7ffc0 /* 10 vars */) = 0\n"
          + "100 1700000000.000100 clone(child_stack=NULL,"
          + " flags=CLONE_CHILD_CLEARTID|CLONE_CHILD_SETTID|SIGCHLD, child_tidptr=0x7f00) = 101\n"
          + "101 1700000000.000200 execve(\"/w/venv/bin/python\", [\"/w/venv/bin/python\","
          + " \"/w/venv/lib/python3.11/site-packages/pip/_vendor/pyproject_hooks/_in_process/_in_process.py\","
          + " \"build_wheel\", \"/tmp/tmpabc\"], 0x7ffc0 /* 10 vars */) = 0\n";
  static final String PIP_END =
      "101 1700000000.800000 exit_group(0)                = ?\n"
          + "101 1700000000.800001 +++ exited with 0 +++\n"
          + "100 1700000000.800100 --- SIGCHLD {si_signo=SIGCHLD, si_code=CLD_EXITED, si_pid=101,"
          + " si_uid=0, si_status=0, si_utime=0, si_stime=0} ---\n"
          + "100 1700000000.900000 exit_group(0)                = ?\n"
          + "100 1700000000.900001 +++ exited with 0 +++\n";
  static final String IMP =
      "200 1700000001.000001 execve(\"/w/venv/bin/python\", [\"/w/venv/bin/python\", \"-I\","
          + " \"-c\", \"import demo\"], 0x7ffc0 /* 10 vars */) = 0\n";
  static final String IMP_END =
      "200 1700000001.900000 exit_group(0)                = ?\n"
          + "200 1700000001.900001 +++ exited with 0 +++\n";

  /** A child of {@code parent} running {@code argv} and exiting with {@code code}. */
  static String child(int parent, int pid, String path, String argvJson, int code) {
    return parent
        + " 1700000000.300000 clone(child_stack=NULL,"
        + " flags=CLONE_CHILD_CLEARTID|CLONE_CHILD_SETTID|SIGCHLD, child_tidptr=0x7f00) = "
        + pid
        + "\n"
        + pid
        + " 1700000000.300100 execve(\""
        + path
        + "\", "
        + argvJson
        + ", 0x7ffc0 /* 10 vars */) = 0\n"
        + pid
        + " 1700000000.300200 exit_group("
        + code
        + ") = ?\n"
        + pid
        + " 1700000000.300300 +++ exited with "
        + code
        + " +++\n"
        + parent
        + " 1700000000.300400 wait4(-1, [{WIFEXITED(s) && WEXITSTATUS(s) == "
        + code
        + "}], 0, NULL) = "
        + pid
        + "\n";
  }

  record Case(String name, String phase, String body, String expectRule) {
    @Override
    public String toString() {
      return name;
    }
  }

  static Case install(String name, String body, String rule) {
    return new Case(name, "install", PIP + body + PIP_END, rule);
  }

  static Case imp(String name, String body, String rule) {
    return new Case(name, "import", IMP + body + IMP_END, rule);
  }

  static List<Case> cases() {
    List<Case> c = new ArrayList<>();
    // file
    c.add(
        imp(
            "ssh key read",
            "200 1700000001.1 openat(AT_FDCWD</w>, \"/root/.ssh/id_rsa\", O_RDONLY|O_CLOEXEC) = 3</root/.ssh/id_rsa>\n",
            "file.sensitive"));
    c.add(
        imp(
            "passwd read",
            "200 1700000001.1 openat(AT_FDCWD</w>, \"/etc/passwd\", O_RDONLY|O_CLOEXEC) = 3</etc/passwd>\n",
            null));
    c.add(
        imp(
            "proc environ of pid 1",
            "200 1700000001.1 openat(AT_FDCWD</w>, \"/proc/1/environ\", O_RDONLY|O_CLOEXEC) = 3</proc/1/environ>\n",
            "file.proc-other"));
    c.add(
        imp(
            "own proc status",
            "200 1700000001.1 openat(AT_FDCWD</w>, \"/proc/self/status\", O_RDONLY|O_CLOEXEC) = 3</proc/200/status>\n",
            null));
    c.add(
        install(
            "etc write",
            "101 1700000000.4 openat(AT_FDCWD</tmp/tmpabc>, \"/etc/ld.so.preload\", O_WRONLY|O_CREAT|O_APPEND|O_CLOEXEC, 0666) = -1 EROFS (Read-only file system)\n",
            "file.write-outside"));
    c.add(
        install(
            "tmp write",
            "101 1700000000.4 openat(AT_FDCWD</tmp/tmpabc>, \"/tmp/tmpabc/build/a.txt\", O_WRONLY|O_CREAT|O_TRUNC|O_CLOEXEC, 0666) = 3</tmp/tmpabc/build/a.txt>\n",
            null));
    c.add(
        install(
            "bashrc append",
            "101 1700000000.4 openat(AT_FDCWD</tmp/tmpabc>, \"/root/.bashrc\", O_WRONLY|O_CREAT|O_APPEND|O_CLOEXEC, 0666) = 3</root/.bashrc>\n",
            "file.persistence"));
    c.add(
        install(
            "pth by setup.py",
            "101 1700000000.4 openat(AT_FDCWD</tmp/tmpabc>, \"/w/venv/lib/python3.11/site-packages/zz.pth\", O_WRONLY|O_CREAT|O_TRUNC|O_CLOEXEC, 0666) = 3</w/venv/lib/python3.11/site-packages/zz.pth>\n",
            "file.site-packages-write"));
    c.add(
        install(
            "pth by pip",
            "100 1700000000.85 openat(AT_FDCWD</w>, \"/w/venv/lib/python3.11/site-packages/zz.pth\", O_WRONLY|O_CREAT|O_TRUNC|O_CLOEXEC, 0666) = 3</w/venv/lib/python3.11/site-packages/zz.pth>\n",
            null));
    // process
    c.add(
        install(
            "sh from setup.py",
            child(101, 102, "/bin/sh", "[\"sh\", \"-c\", \"id\"]", 0),
            "process.exec-shell"));
    c.add(
        install(
            "gcc from setup.py",
            child(101, 102, "/usr/bin/gcc", "[\"gcc\", \"-c\", \"x.c\"]", 0),
            null));
    c.add(
        install(
            "curl from setup.py",
            child(101, 102, "/usr/bin/curl", "[\"curl\", \"-s\", \"http://x.invalid/\"]", 0),
            "process.exec-downloader"));
    c.add(
        install(
            "child exits 3",
            child(101, 102, "/w/venv/bin/python", "[\"python\", \"-c\", \"exit(3)\"]", 3),
            "exit.nonzero"));
    c.add(
        install(
            "lsb_release by pip",
            child(100, 102, "/usr/bin/lsb_release", "[\"lsb_release\", \"-a\"]", 0),
            null));
    c.add(
        imp(
            "kill pid 1",
            "200 1700000001.1 kill(1, SIGKILL) = -1 EPERM (Operation not permitted)\n",
            "process.outside-tree"));
    c.add(
        imp(
            "prctl rename",
            "200 1700000001.1 prctl(PR_SET_NAME, \"kworker/0:1\") = 0\n",
            "process.masquerade"));
    // syscall
    c.add(
        imp(
            "memfd_create",
            "200 1700000001.1 memfd_create(\"x\", MFD_CLOEXEC) = 3</memfd:x (deleted)>\n",
            "syscall.not-allowed"));
    c.add(
        imp(
            "plain syscalls",
            "200 1700000001.1 getrandom(\"\\x01\\x02\", 2, GRND_NONBLOCK) = 2\n200 1700000001.2 mbind(0x7f0000000000, 4096, MPOL_PREFERRED, NULL, 0, 0) = 0\n",
            null));
    c.add(
        imp(
            "ptrace traceme",
            "200 1700000001.1 ptrace(PTRACE_TRACEME) = -1 EPERM (Operation not permitted)\n",
            "tamper.ptrace-traceme"));
    // network
    c.add(
        imp(
            "connect TEST-NET",
            "200 1700000001.1 socket(AF_INET, SOCK_STREAM|SOCK_CLOEXEC, IPPROTO_TCP) = 3<TCP:[1234]>\n200 1700000001.2 connect(3<TCP:[1234]>, {sa_family=AF_INET, sin_port=htons(443), sin_addr=inet_addr(\"192.0.2.1\")}, 16) = -1 ENETUNREACH (Network is unreachable)\n",
            "net.connect-non-index"));
    c.add(
        imp(
            "nscd unix socket",
            "200 1700000001.1 socket(AF_UNIX, SOCK_STREAM|SOCK_CLOEXEC|SOCK_NONBLOCK, 0) = 3<UNIX:[99]>\n200 1700000001.2 connect(3<UNIX:[99]>, {sa_family=AF_UNIX, sun_path=\"/var/run/nscd/socket\"}, 110) = -1 ENOENT (No such file or directory)\n",
            null));
    c.add(
        imp(
            "raw icmp",
            "200 1700000001.1 socket(AF_INET, SOCK_RAW, IPPROTO_ICMP) = -1 EPERM (Operation not permitted)\n",
            "net.raw-socket"));
    c.add(
        imp(
            "netlink route",
            "200 1700000001.1 socket(AF_NETLINK, SOCK_RAW|SOCK_CLOEXEC, NETLINK_ROUTE) = 3<NETLINK:[5]>\n200 1700000001.2 bind(3<NETLINK:[5]>, {nl_family=AF_NETLINK, nl_pid=0, nl_groups=00000000}, 12) = 0\n",
            null));
    c.add(
        imp(
            "udp to 9999",
            "200 1700000001.1 socket(AF_INET, SOCK_DGRAM|SOCK_CLOEXEC, IPPROTO_IP) = 3<UDP:[77]>\n200 1700000001.2 sendto(3<UDP:[77]>, \"hello\", 5, 0, {sa_family=AF_INET, sin_port=htons(9999), sin_addr=inet_addr(\"198.51.100.7\")}, 16) = 5\n",
            "net.udp-non-dns"));
    c.add(
        imp(
            "dns query",
            "200 1700000001.1 socket(AF_INET, SOCK_DGRAM|SOCK_CLOEXEC|SOCK_NONBLOCK, IPPROTO_IP) = 3<UDP:[78]>\n200 1700000001.2 sendto(3<UDP:[78]>, \"\\x12\\x34\\x01\\x00\\x00\\x01\\x00\\x00\\x00\\x00\\x00\\x00\\x04evil\\x07example\\x00\\x00\\x01\\x00\\x01\", 29, MSG_NOSIGNAL, {sa_family=AF_INET, sin_port=htons(53), sin_addr=inet_addr(\"127.0.0.53\")}, 16) = 29\n",
            "net.dns-non-index"));
    c.add(
        imp(
            "bait in payload",
            "200 1700000001.1 socket(AF_INET, SOCK_STREAM|SOCK_CLOEXEC, IPPROTO_TCP) = 3<TCP:[1235]>\n200 1700000001.2 sendto(3<TCP:[1235]>, \"POST / HTTP/1.1\\r\\nHost: x.invalid\\r\\n\\r\\nk=RI-BAIT-0123456789\", 54, 0, NULL, 0) = 54\n",
            "net.bait-exfil"));
    // tamper / parse
    c.add(
        new Case(
            "truncated",
            "import",
            IMP + "200 1700000001.1 read(0</dev/null>, \"\", 4096) = 0\n",
            "tamper.trace-truncated"));
    c.add(imp("garbage line", "200 1700000001.1 this is not strace output (\n", "parse.error"));
    return c;
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void rule(Case c) throws Exception {
    String other = c.phase().equals("install") ? "import" : "install";
    Files.writeString(dir.resolve(c.phase() + ".strace"), c.body());
    Files.writeString(
        dir.resolve(other + ".strace"), other.equals("install") ? PIP + PIP_END : IMP + IMP_END);
    Files.writeString(
        dir.resolve("run.json"),
        AnalyzerTest.runJson("ok", null, 0, true)
            .replace("/ri/venv", "/w/venv")
            .replace("/ri/home", "/root")
            .replace("\"/ri/tmp\"", "\"/tmp\"")
            .replace("/ri", "/w"));
    AnalysisResult r = Analyzer.analyze(dir, Policy.loadDefault());
    List<String> ids = r.findings().stream().map(Finding::ruleId).distinct().toList();
    if (c.expectRule() == null) {
      assertEquals(AnalysisResult.CLEAN, r.status(), r.reason() + " " + describe(r));
    } else {
      assertTrue(
          ids.contains(c.expectRule()), "expected " + c.expectRule() + ", got " + describe(r));
    }
  }

  static String describe(AnalysisResult r) {
    StringBuilder sb = new StringBuilder(r.status() + ":");
    for (Finding f : r.findings())
      sb.append("\n  ").append(f.ruleId()).append(" ").append(f.message());
    return sb.toString();
  }
}
