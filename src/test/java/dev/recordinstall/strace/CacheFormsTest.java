package dev.recordinstall.strace;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The parser reuses values by their text (returns, flag sets, fd decorations, numbers) and takes
 * shortcuts for common forms (-ttt stamps, binary strings); the same text must still give the same
 * values line after line, and what follows a cached text (durations, errors) is read anew.
 */
class CacheFormsTest {

  static TraceEvent.Syscall syscall(TraceEvent e) {
    return assertInstanceOf(TraceEvent.Syscall.class, e, e::toString);
  }

  @Test
  void cachedReturnKeepsEachLinesDuration() {
    List<TraceEvent> ev =
        LineFormsTest.parse(
            "7 1795461076.000001 access(\"/a\", R_OK) = -1 ENOENT (No such file or directory)"
                + " <0.000019>",
            "7 1795461076.000002 access(\"/b\", R_OK) = -1 ENOENT (No such file or directory)"
                + " <0.000250>",
            "7 1795461076.000003 access(\"/c\", R_OK) = -1 ENOENT (No such file or directory)",
            "7 1795461076.000004 access(\"/d\", R_OK) = -1 ENOENT (No such file or directory)"
                + " <0.1.2>");
    assertEquals(4, ev.size(), ev::toString);
    TraceEvent.Syscall a = syscall(ev.get(0));
    TraceEvent.Syscall b = syscall(ev.get(1));
    TraceEvent.Syscall c = syscall(ev.get(2));
    assertEquals(19, a.durationMicros());
    assertEquals(250, b.durationMicros());
    assertEquals(-1, c.durationMicros());
    assertEquals("ENOENT", b.ret().errno());
    assertEquals("No such file or directory", b.ret().errText());
    assertEquals("-1 ENOENT (No such file or directory)", c.ret().raw());
    assertSame(a.ret(), c.ret());
    TraceEvent.ParseError bad = assertInstanceOf(TraceEvent.ParseError.class, ev.get(3));
    assertEquals("expected '>' after the duration", bad.message());
    assertEquals(4, bad.loc().line());
  }

  @Test
  void unavailableAfterADurationIsNotTakenFromTheCache() {
    List<TraceEvent> ev =
        LineFormsTest.parse(
            "7 1795461076.000001 exit_group(0) = ? <unavailable>",
            "7 1795461076.000002 exit_group(0) = ? <unavailable>",
            "8 1795461076.000003 getpid() = 8 <0.000001>",
            "8 1795461076.000004 getpid() = 8 <0.000002> <unavailable>");
    TraceEvent.Syscall a = syscall(ev.get(0));
    TraceEvent.Syscall b = syscall(ev.get(1));
    assertTrue(a.ret().unavailable() && b.ret().unavailable());
    assertTrue(a.ret().unknown());
    TraceEvent.Syscall c = syscall(ev.get(2));
    TraceEvent.Syscall d = syscall(ev.get(3));
    assertEquals(1, c.durationMicros());
    assertEquals(2, d.durationMicros());
    assertTrue(d.ret().unavailable());
    assertEquals(8L, d.ret().value());
  }

  @Test
  void flagSetsAndFdsAreTheSameValuesEveryTime() {
    List<TraceEvent> ev =
        LineFormsTest.parse(
            "7 1795461076.000001 openat(AT_FDCWD</w>, \"/x\", O_RDONLY|O_CLOEXEC) = 3</x>",
            "7 1795461076.000002 openat(AT_FDCWD</w>, \"/y\", O_RDONLY|O_CLOEXEC) = 4</y>",
            "7 1795461076.000003 fcntl(3</x>, F_SETFD, FD_CLOEXEC|O_RDONLY||1) = 0",
            "7 1795461076.000004 lseek(3</x>, 0x10, SEEK_CUR) = 16",
            "7 1795461076.000005 lseek(4</x>, 0x10, SEEK_CUR) = 16");
    TraceEvent.Syscall a = syscall(ev.get(0));
    TraceEvent.Syscall b = syscall(ev.get(1));
    assertEquals(a.arg(2), b.arg(2));
    Arg.Flags flags = assertInstanceOf(Arg.Flags.class, b.arg(2));
    assertEquals(List.of("O_RDONLY", "O_CLOEXEC"), Arg.flagNames(flags));
    assertEquals(new Arg.Fd(-100, "/w", false), b.arg(0));
    // "A|B||1": a flag set inside a binary expression, not a cached flag set
    Arg.BinOp op = assertInstanceOf(Arg.BinOp.class, syscall(ev.get(2)).arg(2));
    assertEquals("||", op.op());
    assertInstanceOf(Arg.Flags.class, op.left());
    TraceEvent.Syscall d = syscall(ev.get(3));
    TraceEvent.Syscall e = syscall(ev.get(4));
    assertEquals(new Arg.Fd(3, "/x", false), d.arg(0));
    assertEquals(new Arg.Fd(4, "/x", false), e.arg(0));
    assertEquals(new Arg.Int(16, "0x10"), e.arg(1));
    assertSame(d.arg(1), e.arg(1));
  }

  @Test
  void listsAreImmutableAndTolerateNullQueries() {
    TraceEvent.Syscall s =
        LineFormsTest.only("7 1795461076.000001 openat(AT_FDCWD, \"/x\", O_RDONLY) = 3");
    assertThrows(UnsupportedOperationException.class, () -> s.args().add(null));
    assertTrue(!s.args().contains(null));
    assertEquals(List.of(), LineFormsTest.only("7 1795461076.000001 getpid() = 7").args());
  }

  @Test
  void binaryStringsAndStampsDecodeExactly() {
    TraceEvent.Syscall s =
        LineFormsTest.only(
            "7 1795461076.000123 read(3, \"\\177ELF\\2\\1\\0224\\0\\n\\\"\\\\\\x41\\377\", 832) = 832");
    assertEquals(1795461076000123L, s.timeMicros());
    Arg.Str str = assertInstanceOf(Arg.Str.class, s.arg(1));
    assertEquals(
        List.of(0x7f, 0x45, 0x4c, 0x46, 2, 1, 022, 0x34, 0, 0x0a, 0x22, 0x5c, 0x41, 0xff),
        toInts(str.bytes()));
    // a stamp that is not ten digits, a dot and six digits takes the general path
    assertEquals(
        1795461076123456L, LineFormsTest.only("7 1795461076.123456789 getpid() = 7").timeMicros());
    assertEquals(
        (19 * 3600 + 12 * 60 + 21) * 1_000_000L + 225283,
        LineFormsTest.only("7 19:12:21.225283 getpid() = 7").timeMicros());
    assertNull(LineFormsTest.only("7 getpid() = 7").ret().errno());
  }

  @Test
  void resumeOfAnotherCallIsParsedFromItsOwnLine() {
    List<TraceEvent> ev =
        LineFormsTest.parse(
            "7 1795461076.000001 read(3</x>, <unfinished ...>",
            "7 1795461076.000002 <... write resumed>\"ab\", 2) = 2");
    assertEquals(3, ev.size(), ev::toString);
    assertInstanceOf(TraceEvent.ParseError.class, ev.get(0));
    assertTrue(syscall(ev.get(1)).unfinishedAtEnd());
    TraceEvent.Syscall w = syscall(ev.get(2));
    assertEquals("write", w.name());
    assertTrue(w.resumed());
    assertEquals(2L, w.ret().value());
    assertEquals("ab", Arg.asText(w.arg(0)));
  }

  static List<Integer> toInts(byte[] b) {
    Integer[] out = new Integer[b.length];
    for (int i = 0; i < b.length; i++) out[i] = b[i] & 0xff;
    return List.of(out);
  }

  @Test
  void anFdKeepsItsLastPathOnlyWhileTheBytesMatch() {
    String os = "/usr/lib/python3.11/os.py";
    List<TraceEvent> ev =
        LineFormsTest.parse(
            "7 read(3<" + os + ">, \"\", 1) = 0",
            "7 read(3<" + os + ">(deleted), \"\", 1) = 0",
            "7 read(3<" + os + "c>, \"\", 1) = 0",
            "7 read(3<" + os + ">, \"\", 1) = 0",
            "7 read(3</usr/lib/python3.11/o>, \"\", 1) = 0",
            "7 read(3<" + os + "\\33[31m>, \"\", 1) = 0",
            "7 read(4<" + os + ">, \"\", 1) = 0",
            "7 read(2000<" + os + ">, \"\", 1) = 0",
            "7 read(3<" + os + ">, \"\", 1) = 0",
            "7 read(3<" + os);
    assertEquals(10, ev.size(), ev::toString);
    String[] paths = {os, os, os + "c", os, "/usr/lib/python3.11/o", os + "\33[31m", os, os, os};
    long[] fds = {3, 3, 3, 3, 3, 3, 4, 2000, 3};
    for (int i = 0; i < paths.length; i++) {
      Arg.Fd fd = assertInstanceOf(Arg.Fd.class, syscall(ev.get(i)).arg(0), "line " + (i + 1));
      assertEquals(paths[i], fd.path(), "line " + (i + 1));
      assertEquals(fds[i], fd.fd(), "line " + (i + 1));
      assertEquals(i == 1, fd.deleted(), "line " + (i + 1));
    }
    TraceEvent.ParseError cut = assertInstanceOf(TraceEvent.ParseError.class, ev.get(9));
    assertEquals("unterminated fd decoration", cut.message());
  }

  @Test
  void shortPathsAndTheCwdAreRememberedByTheirBytesToo() {
    String[] cwd = {"/work/wt", "/work/wt", "/work/wt2", "/work/w", "/work/wt", "/work/wt-model-x"};
    String[] lines = new String[cwd.length * 2];
    for (int i = 0; i < cwd.length; i++) {
      lines[2 * i] =
          "7 openat(AT_FDCWD<" + cwd[i] + ">, \"/etc/x\", O_RDONLY) = -1 ENOENT (No such file)";
      lines[2 * i + 1] = "7 close(5<" + cwd[i].substring(5) + ">) = 0";
    }
    List<TraceEvent> ev = LineFormsTest.parse(lines);
    assertEquals(lines.length, ev.size(), ev::toString);
    for (int i = 0; i < cwd.length; i++) {
      Arg.Fd at = assertInstanceOf(Arg.Fd.class, syscall(ev.get(2 * i)).arg(0));
      assertEquals(cwd[i], at.path(), "line " + (2 * i + 1));
      assertEquals(-100, at.fd());
      Arg.Fd five = assertInstanceOf(Arg.Fd.class, syscall(ev.get(2 * i + 1)).arg(0));
      assertEquals(cwd[i].substring(5), five.path(), "line " + (2 * i + 2));
      assertEquals(5, five.fd());
    }
  }
}
