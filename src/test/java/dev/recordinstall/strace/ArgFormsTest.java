package dev.recordinstall.strace;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Every argument and return form, through the argument parser directly. */
class ArgFormsTest {

  /** The arguments of {@code f(TEXT)}. */
  static List<Arg> args(String text) {
    return args(Limits.defaults(), text);
  }

  static List<Arg> args(Limits limits, String text) {
    byte[] b = (text + ")").getBytes(StandardCharsets.ISO_8859_1);
    ArgParser p = new ArgParser(limits);
    p.reset(b, 0, b.length);
    List<Arg> out = p.callArgs(false);
    assertEquals(b.length, p.pos(), "all consumed");
    return out;
  }

  static Arg one(String text) {
    List<Arg> a = args(text);
    assertEquals(1, a.size(), a::toString);
    return a.get(0);
  }

  static TraceEvent.Return ret(String text, long[] dur) {
    byte[] b = text.getBytes(StandardCharsets.ISO_8859_1);
    ArgParser p = new ArgParser(Limits.defaults());
    p.reset(b, 0, b.length);
    return p.ret(dur);
  }

  static Arg.Str str(String s) {
    return (Arg.Str) one(s);
  }

  static byte[] bytes(int... v) {
    byte[] b = new byte[v.length];
    for (int i = 0; i < v.length; i++) b[i] = (byte) v[i];
    return b;
  }

  @Test
  void integers() {
    assertEquals(new Arg.Int(42, "42"), one("42"));
    assertEquals(new Arg.Int(-1, "-1"), one("-1"));
    assertEquals(new Arg.Int(0x7f, "0x7f"), one("0x7f"));
    assertEquals(new Arg.Int(0644, "0644"), one("0644"));
    assertEquals(new Arg.Int(0, "0"), one("0"));
    assertEquals(new Arg.Int(3 * 4096, "3*4096"), one("3*4096"));
    assertEquals(-1L, Arg.asLong(one("0xffffffffffffffff")));
    assertEquals(-1L, Arg.asLong(one("18446744073709551615")));
  }

  @Test
  void stringsAndEscapes() {
    assertEquals("abc", str("\"abc\"").text());
    assertFalse(str("\"abc\"").truncated());
    assertTrue(str("\"abc\"...").truncated());
    assertArrayEquals(
        bytes('\n', '\t', '\r', 0x0b, '\f', '"', '\\'), str("\"\\n\\t\\r\\v\\f\\\"\\\\\"").bytes());
    assertArrayEquals(
        bytes(0x12, '4', 1, 0, 0, 0x7f, 0xff), str("\"\\0224\\1\\0\\0\\177\\377\"").bytes());
    assertArrayEquals(bytes('/', 'r'), str("\"\\x2f\\x72\"").bytes()); // -x / -xx
    assertEquals("héllo", new String(str("\"h\\303\\251llo\"").bytes(), StandardCharsets.UTF_8));
    assertEquals("", str("\"\"").text());
    assertThrows(ArgParser.Failure.class, () -> args("\"abc"));
    assertThrows(ArgParser.Failure.class, () -> args("\"\\q\""));
  }

  @Test
  void stringSizeIsBounded() {
    Limits small = new Limits(1 << 20, 64, 16, 65536, 100, 512);
    assertThrows(ArgParser.Failure.class, () -> args(small, "\"01234567890123456789\""));
    assertThrows(ArgParser.Failure.class, () -> args(small, "\"0123456789\\n0123456789\""));
  }

  @Test
  void escapedStringsAreCheckedAtOnceAndDecodedOnUse() {
    // the decoded length is known without decoding; decoding gives the same bytes every time
    Arg.Str s = str("\"\\177ELF\\2\\1\\0224\\x4g\\x41\\\\\\\"\\0\"...");
    assertEquals(14, s.length());
    assertTrue(s.truncated());
    byte[] b = s.bytes();
    assertArrayEquals(bytes(0x7f, 'E', 'L', 'F', 2, 1, 0x12, '4', 4, 'g', 'A', '\\', '"', 0), b);
    assertTrue(b == s.bytes(), "decoded once");
    assertArrayEquals(bytes(0x7f, 'E', 'L', 'F'), str("\"\\177ELF\\2\\1\"").prefix(4));
    assertArrayEquals(bytes(0x7f, 'E'), s.prefix(2));
    assertEquals(14, s.prefix(99).length);
    assertEquals(0, s.prefix(0).length);
    // content equality, unlike the byte-array record it replaced
    assertEquals(new Arg.Str(b.clone(), true), s);
    assertFalse(new Arg.Str(b.clone(), false).equals(s));
    // every bad escape is a failure when the line is parsed, at the backslash, wherever it is
    for (String bad :
        new String[] {"\"a\\400\"", "\"\\777b\"", "\"\\xg\"", "\"\\8\"", "\"\\0\\q\"", "\"\\1\\"}) {
      ArgParser.Failure f = assertThrows(ArgParser.Failure.class, () -> args(bad), bad);
      assertEquals('\\', (char) (bad + ")").charAt(f.pos), bad + ": " + f.getMessage());
    }
    // near the end of the range (fewer than three bytes after the backslash)
    assertArrayEquals(bytes(7), str("\"\\7\"").bytes());
    assertArrayEquals(bytes('\n'), str("\"\\n\"").bytes());
    // the length limit applies to the decoded bytes: 16 escapes of one byte each fit in 16
    Limits small = new Limits(1 << 20, 64, 16, 65536, 100, 512);
    assertEquals(16, ((Arg.Str) args(small, "\"" + "\\0".repeat(16) + "\"").get(0)).length());
    ArgParser.Failure f =
        assertThrows(ArgParser.Failure.class, () -> args(small, "\"" + "\\0".repeat(17) + "\""));
    assertEquals("string too long", f.getMessage());
  }

  @Test
  void identifiersAndFlags() {
    assertEquals(new Arg.Ident("O_RDONLY"), one("O_RDONLY"));
    Arg.Flags f = (Arg.Flags) one("O_RDONLY|O_CLOEXEC");
    assertEquals(List.of("O_RDONLY", "O_CLOEXEC"), Arg.flagNames(f));
    Arg.Flags mode = (Arg.Flags) one("S_IFREG|0644");
    assertEquals(new Arg.Int(0644, "0644"), mode.parts().get(1));
    // -X verbose: comments between the parts
    Arg.Flags v = (Arg.Flags) one("0x2 /* SOCK_DGRAM */|0x80000 /* SOCK_CLOEXEC */");
    assertEquals(2, v.parts().size());
  }

  @Test
  void arraysAndSignalSets() {
    assertEquals(
        new Arg.Array(List.of(new Arg.Ident("RTMIN"), new Arg.Ident("RT_1")), true),
        one("~[RTMIN RT_1]"));
    assertEquals(
        new Arg.Array(List.of(new Arg.Ident("CHLD"), new Arg.Ident("USR1")), false),
        one("[CHLD USR1]"));
    assertEquals(
        new Arg.Array(List.of(new Arg.Int(1, "1"), new Arg.Int(2, "2")), false), one("[1, 2]"));
    assertEquals(new Arg.Array(List.of(), false), one("[]"));
    Arg.Array polls = (Arg.Array) one("[{fd=3<UDP:[64686]>, events=POLLOUT}]");
    Arg.Struct pfd = (Arg.Struct) polls.items().get(0);
    assertEquals("UDP:[64686]", ((Arg.Fd) pfd.get("fd")).decoration());
  }

  @Test
  void structsNestingEllipsisComments() {
    Arg.Struct st = (Arg.Struct) one("{st_mode=S_IFCHR|0666, st_rdev=makedev(0x1, 0x3), ...}");
    assertEquals(3, st.fields().size());
    assertEquals(
        new Arg.Call("makedev", List.of(new Arg.Int(1, "0x1"), new Arg.Int(3, "0x3"))),
        st.get("st_rdev"));
    assertNull(st.fields().get(2).name());
    assertInstanceOf(Arg.Ellipsis.class, st.fields().get(2).value());
    Arg.Struct nested = (Arg.Struct) one("{a={b={c=[{d=1}]}}}");
    Arg.Struct b = (Arg.Struct) ((Arg.Struct) nested.get("a")).get("b");
    assertInstanceOf(Arg.Array.class, b.get("c"));
    // execve's environment pointer with its comment
    List<Arg> ex = args("\"/bin/sh\", [\"sh\"], 0x7ffdd7388b00 /* 35 vars */");
    assertEquals(3, ex.size());
    assertEquals(0x7ffdd7388b00L, Arg.asLong(ex.get(2)));
    // an indexed member name
    Arg.Struct cc = (Arg.Struct) one("{c_cc[VMIN]=1, c_cc[VTIME]=0}");
    assertEquals(new Arg.Int(1, "1"), cc.get("c_cc[VMIN]"));
  }

  @Test
  void nestingDepthIsBounded() {
    Limits shallow = new Limits(1 << 20, 4, 1 << 20, 65536, 100, 512);
    args(shallow, "[[1]]");
    assertThrows(ArgParser.Failure.class, () -> args(shallow, "[[[[[[1]]]]]]"));
    // deep hostile nesting with the default limit: an error, not a StackOverflowError
    String deep = "[".repeat(100_000) + "]".repeat(100_000);
    assertThrows(ArgParser.Failure.class, () -> args(deep));
    String deepCalls = "f(".repeat(50_000) + ")".repeat(50_000);
    assertThrows(ArgParser.Failure.class, () -> args(deepCalls));
  }

  @Test
  void fdDecorations() {
    assertEquals(new Arg.Fd(3, "/etc/passwd", false), one("3</etc/passwd>"));
    assertEquals("/etc/passwd", ((Arg.Fd) one("3</etc/passwd>")).path());
    assertEquals(
        new Arg.Fd(3, "/tmp/gtest/golden-tmp.txt", true),
        one("3</tmp/gtest/golden-tmp.txt>(deleted)"));
    assertEquals(new Arg.Fd(-100, "/tmp/gtest", false), one("AT_FDCWD</tmp/gtest>"));
    Arg.Fd tcp = (Arg.Fd) one("5<TCP:[127.0.0.1:37175->127.0.0.1:57982]>");
    assertEquals("TCP:[127.0.0.1:37175->127.0.0.1:57982]", tcp.decoration());
    assertNull(tcp.path());
    assertEquals(
        "UDPv6:[[::1]:33384->[::1]:9]",
        ((Arg.Fd) one("3<UDPv6:[[::1]:33384->[::1]:9]>")).decoration());
    Arg.Fd dev = (Arg.Fd) one("0</dev/null<char 1:3>>");
    assertEquals("/dev/null<char 1:3>", dev.decoration());
    assertEquals("/dev/null", dev.path());
    assertEquals("socket:[12345]", ((Arg.Fd) one("3<socket:[12345]>")).decoration());
    assertEquals("pipe:[64766]", ((Arg.Fd) one("3<pipe:[64766]>")).decoration());
    assertEquals(
        new Arg.Fd(3, "/memfd:golden-memfd", true), one("3</memfd:golden-memfd>(deleted)"));
    assertEquals(new Arg.Fd(3, "memfd:x", false), one("3<memfd:x>"));
    // -X verbose: the comment between the number and the decoration
    assertEquals(new Arg.Fd(-100, "/tmp/x", false), one("-100 /* AT_FDCWD */</tmp/x>"));
    // escapes in paths are decoded (strace escapes <, > and non-printables)
    assertEquals("/tmp/a\nb<c>", ((Arg.Fd) one("3</tmp/a\\nb\\74c\\76>")).path());
    assertThrows(ArgParser.Failure.class, () -> args("3</unterminated"));
    // a file name with an unbalanced '[' (an ANSI colour escape, as real strace 6.1 prints it):
    // brackets protect only socket-like decorations, a path's own '<' '>' are escaped
    assertEquals("/tmp/id_\u001b[31mevil", ((Arg.Fd) one("3</tmp/id_\\33[31mevil>")).path());
    assertEquals("/tmp/a[b", ((Arg.Fd) one("3</tmp/a[b>")).path());
    assertEquals("/tmp/a]b", ((Arg.Fd) one("3</tmp/a]b>")).path());
    assertEquals(new Arg.Fd(3, "/tmp/[x", true), one("3</tmp/[x>(deleted)"));
    // a unix socket's quoted name holds raw '[' ']' '<' '>' (only '"' and '\\' are escaped)
    assertEquals(
        "UNIX-STREAM:[1161472->1161471,\"/tmp/a[b]c[d\"]",
        ((Arg.Fd) one("5<UNIX-STREAM:[1161472->1161471,\"/tmp/a[b]c[d\"]>")).decoration());
    assertEquals(
        "UNIX-STREAM:[1162719,\"/tmp/q\"r>s<t]u\\v\"]",
        ((Arg.Fd) one("3<UNIX-STREAM:[1162719,\"/tmp/q\\\"r>s<t]u\\\\v\"]>")).decoration());
    assertThrows(ArgParser.Failure.class, () -> args("3<UNIX-STREAM:[1,\"/tmp/open]>"));
    List<Arg> two = args("3</root/.ssh/[id_rsa>, 0</dev/null<char 1:3>>");
    assertEquals(2, two.size(), two.toString());
  }

  @Test
  void callsAndAddresses() {
    Arg.Struct sa =
        (Arg.Struct)
            one("{sa_family=AF_INET, sin_port=htons(53), sin_addr=inet_addr(\"127.0.0.1\")}");
    assertEquals(53L, Arg.asLong(sa.get("sin_port")));
    assertEquals("127.0.0.1", Arg.asText(sa.get("sin_addr")));
    Arg.Struct sa6 =
        (Arg.Struct)
            one(
                "{sa_family=AF_INET6, sin6_port=htons(9), sin6_flowinfo=htonl(0),"
                    + " inet_pton(AF_INET6, \"::1\", &sin6_addr), sin6_scope_id=0}");
    Arg.Call pton = (Arg.Call) sa6.fields().get(3).value();
    assertNull(sa6.fields().get(3).name());
    assertEquals("inet_pton", pton.function());
    assertEquals(new Arg.Ref("sin6_addr"), pton.args().get(2));
    assertEquals(new Arg.Call("f", List.of()), one("f()"));
  }

  @Test
  void inOutAndWaitStatus() {
    assertEquals(new Arg.InOut(new Arg.Int(128, "128"), new Arg.Int(16, "16")), one("[128 => 16]"));
    Arg.Array st = (Arg.Array) one("[{WIFSIGNALED(s) && WTERMSIG(s) == SIGKILL}]");
    Arg.BinOp and = (Arg.BinOp) ((Arg.Struct) st.items().get(0)).fields().get(0).value();
    assertEquals("&&", and.op());
    assertEquals("==", ((Arg.BinOp) and.right()).op());
    Arg.BinOp shift = (Arg.BinOp) one("1<<20");
    assertEquals("<<", shift.op());
    assertInstanceOf(Arg.Named.class, one("flags=CLONE_VM"));
  }

  @Test
  void returns() {
    long[] d = new long[1];
    TraceEvent.Return r = ret("= -1 ENOENT (No such file or directory) <0.000048>", d);
    assertEquals(-1L, r.value());
    assertEquals("ENOENT", r.errno());
    assertEquals("No such file or directory", r.errText());
    assertEquals(48, d[0]);
    assertEquals("-1 ENOENT (No such file or directory)", r.raw());
    r = ret("= 0x1 (flags FD_CLOEXEC)", d);
    assertEquals(1L, r.value());
    assertEquals("flags FD_CLOEXEC", r.extra());
    assertEquals(-1, d[0]);
    r = ret("= 1 ([{fd=3, revents=POLLOUT|POLLERR|POLLHUP}]) <0.000018>", d);
    assertEquals("[{fd=3, revents=POLLOUT|POLLERR|POLLHUP}]", r.extra());
    assertEquals(18, d[0]);
    assertEquals("Timeout", ret("= 0 (Timeout)", d).extra());
    r = ret("= 3<TCP:[127.0.0.1:37175->127.0.0.1:57982]>", d);
    assertEquals(3L, Arg.asLong(r.fd()));
    r = ret("= ?", d);
    assertTrue(r.unknown());
    assertNull(r.value());
    r = ret("= ? ERESTARTNOHAND (To be restarted if no handler)", d);
    assertEquals("ERESTARTNOHAND", r.errno());
    assertTrue(ret("= ? <unavailable>", d).unavailable());
    assertEquals(1_500_000, ret("= 0 <1.500000>", d).value() + d[0]);
    assertThrows(ArgParser.Failure.class, () -> ret("= 0 junk", d));
    assertThrows(ArgParser.Failure.class, () -> ret("3", d));
  }

  @Test
  void pidNamespaceTranslation() {
    // strace --pidns-translation: the tracee's pid, then strace's in a comment
    assertEquals(new Arg.Int(18879, "2"), one("2 /* 18879 in strace's PID NS */"));
    List<Arg> kill = args("2 /* 18879 in strace's PID NS */, 0");
    assertEquals(List.of(new Arg.Int(18879, "2"), new Arg.Int(0, "0")), kill);
    Arg.Struct st = (Arg.Struct) one("{si_pid=1 /* 18878 in strace's PID NS */, si_uid=0}");
    assertEquals(18878L, Arg.asLong(st.get("si_pid")));
    Arg.Array tid = (Arg.Array) one("[3 /* 18880 in strace's PID NS */]");
    assertEquals(new Arg.Int(18880, "3"), tid.items().get(0));
    // other comments stay skipped and keep the printed value
    assertEquals(new Arg.Int(2, "2"), one("2 /* something else */"));
    assertEquals(new Arg.Int(2, "2"), one("2 /* 18879 in another NS */"));
    long[] d = new long[1];
    TraceEvent.Return r = ret("= 2 /* 18879 in strace's PID NS */ <0.000031>", d);
    assertEquals(18879L, r.value());
    assertEquals("2", r.raw());
    assertEquals(31, d[0]);
    r = ret("= 12 /* 5 in strace's PID NS */", d);
    assertEquals(5L, r.value());
    assertEquals("12", r.raw());
  }
}
