package dev.recordinstall.strace;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A line whose body (after the pid and stamp) repeats a recent one takes its parse from {@link
 * LineMemo}: same values, its own pid, time and place; errors, unfinished calls and long bodies are
 * never taken from it.
 */
class LineMemoTest {

  static TraceEvent.Syscall syscall(TraceEvent e) {
    return assertInstanceOf(TraceEvent.Syscall.class, e, e::toString);
  }

  @Test
  void aRepeatedBodyGivesTheSameValuesWithItsOwnPidTimeAndLine() {
    String body = "lseek(3</usr/lib/python3.11/os.py>, 0, SEEK_CUR) = 0 <0.000007>";
    List<TraceEvent> ev =
        LineFormsTest.parse(
            "7 1795461076.000001 " + body,
            "7 1795461076.000002 getpid() = 7",
            "9 1795461076.000003 " + body);
    TraceEvent.Syscall a = syscall(ev.get(0));
    TraceEvent.Syscall b = syscall(ev.get(2));
    assertSame(a.args(), b.args(), "taken from the memo");
    assertSame(a.ret(), b.ret());
    assertEquals(a.name(), b.name());
    assertEquals(7, b.durationMicros());
    assertEquals(9, b.pid());
    assertEquals(1795461076000003L, b.timeMicros());
    assertEquals(3, b.loc().line());
    assertEquals(7, a.pid());
    assertEquals(1, a.loc().line());
  }

  @Test
  void aBodyThatFailedFailsAgainAndADifferentBodyIsParsedAnew() {
    List<TraceEvent> ev =
        LineFormsTest.parse(
            "7 1795461076.000001 close(3</x>) = 0 junk",
            "7 1795461076.000002 close(3</x>) = 0 junk",
            "7 1795461076.000003 close(3</x>) = 0",
            "7 1795461076.000004 close(4</x>) = 0",
            "7 1795461076.000005 close(3</x>) = 0");
    for (int i = 0; i < 2; i++) {
      TraceEvent.ParseError e = assertInstanceOf(TraceEvent.ParseError.class, ev.get(i));
      assertEquals("unexpected text after the return value", e.message());
      assertEquals(i + 1, e.loc().line());
    }
    TraceEvent.Syscall c = syscall(ev.get(2));
    TraceEvent.Syscall d = syscall(ev.get(3));
    TraceEvent.Syscall e = syscall(ev.get(4));
    assertEquals(4, ((Arg.Fd) d.args().get(0)).fd());
    assertEquals(3, ((Arg.Fd) e.args().get(0)).fd());
    assertSame(c.args(), e.args());
  }

  @Test
  void unfinishedCallsAndLongBodiesAreParsedEachTime() {
    String longPath = "/x".repeat(LineMemo.MAX_BODY);
    List<TraceEvent> ev =
        LineFormsTest.parse(
            "7 1795461076.000001 stat(\"" + longPath + "\", 0x7ffc2e65fe30) = 0",
            "7 1795461076.000002 stat(\"" + longPath + "\", 0x7ffc2e65fe30) = 0",
            "7 1795461076.000003 wait4(-1, <unfinished ...>",
            "7 1795461076.000004 <... wait4 resumed>0x7ffc2e65fe30, 0, NULL) = 8",
            "7 1795461076.000005 wait4(-1, <unfinished ...>",
            "7 1795461076.000006 <... wait4 resumed>0x7ffc2e65fe30, 0, NULL) = 8");
    TraceEvent.Syscall a = syscall(ev.get(0));
    TraceEvent.Syscall b = syscall(ev.get(1));
    assertEquals(a.args(), b.args());
    assertNotSame(a.args(), b.args(), "a body over the memo's limit is not kept");
    TraceEvent.Syscall w1 = syscall(ev.get(2));
    TraceEvent.Syscall w2 = syscall(ev.get(3));
    assertEquals(3, w1.loc().line());
    assertEquals(5, w2.loc().line());
    assertEquals(w1.args(), w2.args());
    assertEquals(8L, w2.ret().value());
  }
}
