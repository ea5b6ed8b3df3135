package dev.recordinstall.strace;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every line form strace 6.x prints (samples taken from real strace 6.1 output). */
class LineFormsTest {

  static List<TraceEvent> parse(String... lines) {
    return parse(Limits.defaults(), lines);
  }

  static List<TraceEvent> parse(Limits limits, String... lines) {
    byte[] bytes = (String.join("\n", lines) + "\n").getBytes(StandardCharsets.ISO_8859_1);
    List<TraceEvent> out = new ArrayList<>();
    StraceParser.parse(new ByteArrayInputStream(bytes), "t.strace", -1, limits, out::add);
    return out;
  }

  static TraceEvent.Syscall only(String line) {
    List<TraceEvent> ev = parse(line);
    assertEquals(1, ev.size(), () -> "events: " + ev);
    return assertInstanceOf(TraceEvent.Syscall.class, ev.get(0), () -> ev.toString());
  }

  static List<TraceEvent.ParseError> errors(List<TraceEvent> ev) {
    return ev.stream()
        .filter(e -> e instanceof TraceEvent.ParseError)
        .map(e -> (TraceEvent.ParseError) e)
        .toList();
  }

  @Test
  void fastPathWithPidTtttAndDuration() {
    TraceEvent.Syscall s =
        only(
            "22621 1795461076.485939 openat(AT_FDCWD</tmp/gtest>, \"/etc/ld.so.cache\","
                + " O_RDONLY|O_CLOEXEC) = 3</etc/ld.so.cache> <0.000019>");
    assertEquals(22621, s.pid());
    assertEquals(1795461076485939L, s.timeMicros());
    assertEquals("openat", s.name());
    assertEquals(3, s.args().size());
    assertEquals(19, s.durationMicros());
    assertEquals(3L, s.ret().value());
    assertEquals("/etc/ld.so.cache", s.ret().fd().path());
    assertEquals("3</etc/ld.so.cache>", s.ret().raw());
    assertEquals(new TraceEvent.Loc("t.strace", 1), s.loc());
    assertTrue(s.ok());
  }

  @Test
  void pidNamespaceTranslation() {
    // real strace 6.1 lines of `strace -f --pidns-translation` outside `bwrap --unshare-pid`
    TraceEvent.Syscall clone =
        only(
            "18878 1795462741.825125 clone(child_stack=NULL,"
                + " flags=CLONE_CHILD_CLEARTID|CLONE_CHILD_SETTID|SIGCHLD,"
                + " child_tidptr=0x7f45b6a3b090) = 2 /* 18879 in strace's PID NS */");
    assertEquals(18879L, clone.ret().value());
    assertEquals("2", clone.ret().raw());
    TraceEvent.Syscall getpid =
        only("18879 1795462742.049256 getpid()        = 2 /* 18879 in strace's PID NS */");
    assertEquals(18879L, getpid.ret().value());
    TraceEvent.Syscall kill =
        only("18879 1795462742.415151 kill(2 /* 18879 in strace's PID NS */, 0) = 0");
    assertEquals(new Arg.Int(18879, "2"), kill.arg(0));
    assertEquals(0L, Arg.asLong(kill.arg(1)));
  }

  @Test
  void noPidNoTimeAndAlignmentPadding() {
    TraceEvent.Syscall s = only("brk(NULL)               = 0x55a8c9ea6000");
    assertEquals(0, s.pid());
    assertEquals(-1, s.timeMicros());
    assertEquals(-1, s.durationMicros());
    assertEquals(0x55a8c9ea6000L, s.ret().value());
    assertEquals(new Arg.Ident("NULL"), s.arg(0));
  }

  @Test
  void timeStampForms() {
    assertEquals(
        ((19 * 60 + 12) * 60 + 43) * 1_000_000L, only("24326 19:12:43 close(3) = 0").timeMicros());
    assertEquals(
        ((19 * 60 + 12) * 60 + 21) * 1_000_000L + 225283,
        only("19:12:21.225283 close(3) = 0").timeMicros());
    assertEquals(1795461076476668L, only("1795461076.476668 close(3) = 0").timeMicros());
    // --timestamps=ns: nanoseconds are truncated to microseconds
    assertEquals(1795461076476668L, only("1795461076.476668999 close(3) = 0").timeMicros());
  }

  @Test
  void pidPrefixOnStderr() {
    TraceEvent.Syscall s = only("[pid 23843] 19:12:21.247187 getpid() = 23843");
    assertEquals(23843, s.pid());
    assertEquals(23843, only("[pid   123] close(1) = 0").pid() * 0 + 23843);
    assertEquals(123, only("[pid   123] close(1) = 0").pid());
  }

  @Test
  void unprefixedLinesBelongToTheOnlyLiveProcess() {
    List<TraceEvent> ev =
        parse(
            "[pid 20] close(1) = 0",
            "[pid 21] close(2) = 0",
            "[pid 21] +++ exited with 0 +++",
            "close(3) = 0");
    assertEquals(20, ev.get(3).pid());
  }

  @Test
  void unfinishedAndResumedAreJoinedPerPid() {
    List<TraceEvent> ev =
        parse(
            "22621 1795461076.799652 wait4(22622,  <unfinished ...>",
            "22622 1795461076.803924 +++ exited with 3 +++",
            "22621 1795461076.803946 <... wait4 resumed>[{WIFEXITED(s) && WEXITSTATUS(s) == 3}],"
                + " 0, NULL) = 22622 <0.004274>");
    assertEquals(2, ev.size());
    TraceEvent.Exited x = assertInstanceOf(TraceEvent.Exited.class, ev.get(0));
    assertEquals(3, x.status());
    TraceEvent.Syscall w = assertInstanceOf(TraceEvent.Syscall.class, ev.get(1));
    assertEquals("wait4", w.name());
    assertEquals(4, w.args().size());
    assertEquals(1795461076799652L, w.timeMicros());
    assertEquals(1, w.loc().line());
    assertTrue(w.resumed());
    assertEquals(22622L, w.ret().value());
    assertEquals(4274, w.durationMicros());
    Arg.Array status = assertInstanceOf(Arg.Array.class, w.arg(1));
    Arg.Struct st = assertInstanceOf(Arg.Struct.class, status.items().get(0));
    Arg.BinOp and = assertInstanceOf(Arg.BinOp.class, st.fields().get(0).value());
    assertEquals("&&", and.op());
    assertEquals(new Arg.Call("WIFEXITED", List.of(new Arg.Ident("s"))), and.left());
    Arg.BinOp eq = assertInstanceOf(Arg.BinOp.class, and.right());
    assertEquals("==", eq.op());
    assertEquals(3L, Arg.asLong(eq.right()));
  }

  @Test
  void clone3InOutAcrossUnfinished() {
    List<TraceEvent> ev =
        parse(
            "22621 clone3({flags=CLONE_VM|CLONE_THREAD, child_tid=0x7f3bc05c5990, exit_signal=0,"
                + " stack=0x7f3bbfdc5000, stack_size=0x7fff80, tls=0x7f3bc05c56c0} <unfinished"
                + " ...>",
            "22621 <... clone3 resumed> => {parent_tid=[22627]}, 88) = 22627");
    TraceEvent.Syscall s = assertInstanceOf(TraceEvent.Syscall.class, ev.get(0));
    assertEquals(2, s.args().size());
    Arg.InOut io = assertInstanceOf(Arg.InOut.class, s.arg(0));
    Arg.Struct in = assertInstanceOf(Arg.Struct.class, io.in());
    assertEquals(List.of("CLONE_VM", "CLONE_THREAD"), Arg.flagNames(in.get("flags")));
    Arg.Struct out = assertInstanceOf(Arg.Struct.class, io.out());
    assertEquals(new Arg.Array(List.of(new Arg.Int(22627, "22627")), false), out.get("parent_tid"));
  }

  @Test
  void namedArgumentsOfClone() {
    TraceEvent.Syscall s =
        only(
            "24286 clone(child_stack=NULL, flags=CLONE_CHILD_CLEARTID|CLONE_CHILD_SETTID|SIGCHLD,"
                + " child_tidptr=0x7f8b79ffce50) = 24293");
    Arg.Named flags = assertInstanceOf(Arg.Named.class, s.arg(1));
    assertEquals("flags", flags.name());
    assertEquals(
        List.of("CLONE_CHILD_CLEARTID", "CLONE_CHILD_SETTID", "SIGCHLD"), Arg.flagNames(s.arg(1)));
  }

  @Test
  void supersededByExecveJoinsTheResumeUnderTheNewPid() {
    List<TraceEvent> ev =
        parse(
            "22626 execve(\"/bin/sh\", [\"sh\", \"-c\", \"exit 7\"], 0x7ffdd7388b00 /* 35 vars */"
                + " <unfinished ...>",
            "22625 +++ superseded by execve in pid 22626 +++",
            "22625 <... execve resumed>) = 0 <0.006921>");
    assertEquals(2, ev.size(), ev::toString);
    TraceEvent.Superseded su = assertInstanceOf(TraceEvent.Superseded.class, ev.get(0));
    assertEquals(22626, su.formerPid());
    TraceEvent.Syscall ex = assertInstanceOf(TraceEvent.Syscall.class, ev.get(1));
    assertEquals(22625, ex.pid());
    assertEquals("/bin/sh", Arg.asText(ex.arg(0)));
    assertEquals(0L, ex.ret().value());
  }

  @Test
  void ffFilesJoinPidChangedAcrossFiles(@TempDir Path dir) throws IOException {
    Files.writeString(
        dir.resolve("trace.24509"),
        "19:12:49.779744 gettid() = 24509\n"
            + "19:12:49.780202 execve(\"/bin/sh\", [\"sh\"], 0x7ffde6228020 /* 35 vars */ <pid"
            + " changed to 24508 ...>\n");
    Files.writeString(
        dir.resolve("trace.24508"),
        "19:12:49.700000 getpid() = 24508\n"
            + "19:12:49.781418 +++ superseded by execve in pid 24509 +++\n"
            + "19:12:49.781482 <... execve resumed>)   = 0 <0.001214>\n"
            + "19:12:49.784333 +++ exited with 7 +++\n");
    List<TraceEvent> ev = new ArrayList<>();
    StraceParser.Summary sum =
        StraceParser.parseFiles(
            List.of(dir.resolve("trace.24508"), dir.resolve("trace.24509")), ev::add);
    assertEquals(0, sum.errors(), ev::toString);
    assertEquals(2, sum.processes());
    // merged by time: getpid(24508), gettid(24509), superseded, execve, exited
    assertEquals(
        List.of(24508, 24509, 24508, 24508, 24508), ev.stream().map(TraceEvent::pid).toList());
    TraceEvent.Syscall ex = assertInstanceOf(TraceEvent.Syscall.class, ev.get(3));
    assertEquals("execve", ex.name());
    assertTrue(ex.loc().file().endsWith("trace.24509"));
    assertEquals(0L, ex.ret().value());
  }

  @Test
  void unavailableReturn() {
    List<TraceEvent> ev =
        parse(
            "100 exit_group(0 <unfinished ...>", "100 <... exit_group resumed>) = ? <unavailable>");
    TraceEvent.Syscall s = assertInstanceOf(TraceEvent.Syscall.class, ev.get(0));
    assertTrue(s.ret().unknown());
    assertTrue(s.ret().unavailable());
    assertNull(s.ret().value());
    assertFalse(s.ok());
  }

  @Test
  void exitedKilledCoreDumpedStopped() {
    List<TraceEvent> ev =
        parse(
            "22622 +++ exited with 3 +++",
            "24302 +++ killed by SIGKILL +++",
            "24303 +++ killed by SIGABRT (core dumped) +++",
            "22630 --- stopped by SIGSTOP ---");
    assertEquals(3, ((TraceEvent.Exited) ev.get(0)).status());
    assertEquals(new TraceEvent.Killed(24302, -1, ev.get(1).loc(), "SIGKILL", false), ev.get(1));
    assertTrue(((TraceEvent.Killed) ev.get(2)).coreDumped());
    assertEquals("SIGSTOP", ((TraceEvent.Stopped) ev.get(3)).signal());
  }

  @Test
  void signalWithInfo() {
    TraceEvent.SignalReceived s =
        (TraceEvent.SignalReceived)
            parse(
                    "22621 1795461076.803983 --- SIGCHLD {si_signo=SIGCHLD, si_code=CLD_EXITED,"
                        + " si_pid=22622, si_uid=0, si_status=3, si_utime=0, si_stime=0} ---")
                .get(0);
    assertEquals("SIGCHLD", s.signal());
    assertEquals(22622L, Arg.asLong(((Arg.Struct) s.info()).get("si_pid")));
    TraceEvent.SignalReceived bare = (TraceEvent.SignalReceived) parse("--- SIGINT ---").get(0);
    assertNull(bare.info());
  }

  @Test
  void erestartReturnsKeepTheirText() {
    TraceEvent.Syscall s =
        only(
            "22621 read(3<pipe:[64766]>, 0x7f3bc0903a70, 1) = ? ERESTARTSYS (To be restarted if"
                + " SA_RESTART is set) <0.049932>");
    assertTrue(s.ret().unknown());
    assertEquals("ERESTARTSYS", s.ret().errno());
    assertEquals("To be restarted if SA_RESTART is set", s.ret().errText());
    assertEquals(49932, s.durationMicros());
    TraceEvent.Syscall r =
        only(
            "24381 nanosleep({tv_sec=1, tv_nsec=0}, 0x7ffc) = ? ERESTART_RESTARTBLOCK (Interrupted"
                + " by signal)");
    assertEquals("ERESTART_RESTARTBLOCK", r.ret().errno());
  }

  @Test
  void restartSyscall() {
    TraceEvent.Syscall s =
        only("24381 restart_syscall(<... resuming interrupted clock_nanosleep ...>) = 0");
    assertEquals(new Arg.Raw("<... resuming interrupted clock_nanosleep ...>"), s.arg(0));
  }

  @Test
  void unknownSyscalls() {
    assertEquals("???", only("123 ???() = -1 ENOSYS (Function not implemented)").name());
    TraceEvent.Syscall u =
        only(
            "22621 syscall_0x1f4(0x1, 0x2, 0x3, 0x3, 0x7f3bc1198b89, 0x6) = -1 ENOSYS (Function"
                + " not implemented)");
    assertEquals("syscall_0x1f4", u.name());
    assertEquals(6, u.args().size());
    assertEquals(-1L, u.ret().value());
    assertEquals("ENOSYS", u.ret().errno());
    assertEquals("Function not implemented", u.ret().errText());
  }

  @Test
  void tracerMessages() {
    List<TraceEvent> ev =
        parse(
            "strace: Process 1234 attached",
            "1234 strace: [ Process PID=1234 runs in x32 mode. ]",
            "[ Process PID=1234 runs in 64 bit mode. ]");
    assertEquals(3, ev.size());
    assertEquals("Process 1234 attached", ((TraceEvent.TracerMessage) ev.get(0)).text());
    assertEquals(1234, ev.get(1).pid());
    assertInstanceOf(TraceEvent.TracerMessage.class, ev.get(2));
  }

  @Test
  void attachedMessageSplicedIntoALine() {
    List<TraceEvent> ev =
        parse(
            "19:12:21.225283 clone(child_stack=NULL,"
                + " flags=CLONE_CHILD_CLEARTID|CLONE_CHILD_SETTID|SIGCHLDstrace: Process 23840"
                + " attached",
            ", child_tidptr=0x7fe6c87fee50) = 23840",
            "19:12:21.229335 vfork(strace: Process 23841 attached",
            " <unfinished ...>",
            "[pid 23841] execve(\"/bin/true\", [\"true\"], 0x7ffd /* 3 vars */ <unfinished ...>",
            "[pid 23839] <... vfork resumed>) = 23841");
    assertEquals(0, errors(ev).size(), ev::toString);
    assertEquals("Process 23840 attached", ((TraceEvent.TracerMessage) ev.get(0)).text());
    TraceEvent.Syscall clone = (TraceEvent.Syscall) ev.get(1);
    assertEquals(3, clone.args().size());
    assertEquals(23840L, clone.ret().value());
    assertTrue(
        ev.stream()
            .anyMatch(
                e ->
                    e instanceof TraceEvent.Syscall s
                        && s.name().equals("vfork")
                        && s.ret() != null));
  }

  @Test
  void chainedSplicesAreBounded() {
    Limits small = new Limits(200, 64, 1 << 20, 65536, 100, 40);
    String[] lines = new String[20];
    Arrays.fill(lines, "1 write(1, \"aaaaaaaaaa\"strace: Process 2 attached");
    List<TraceEvent> ev = parse(small, lines);
    assertTrue(
        errors(ev).stream().anyMatch(e -> e.message().startsWith("line longer")), ev::toString);
  }

  @Test
  void resumedThenCutShortByDeath() {
    List<TraceEvent> ev =
        parse(
            "24382 clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, {tv_sec=1589, tv_nsec=69764369},"
                + "  <unfinished ...>",
            "24382 <... clock_nanosleep resumed> <unfinished ...>) = ?",
            "24382 +++ killed by SIGKILL +++");
    assertEquals(0, errors(ev).size(), ev::toString);
    TraceEvent.Syscall s = (TraceEvent.Syscall) ev.get(0);
    assertEquals(3, s.args().size());
    assertTrue(s.ret().unknown());
  }

  @Test
  void unfinishedAtEndAndAtExit() {
    List<TraceEvent> ev =
        parse(
            "7 futex(0x7f, FUTEX_WAIT_BITSET_PRIVATE, 0, NULL, FUTEX_BITSET_MATCH_ANY <unfinished"
                + " ...>",
            "7 +++ exited with 0 +++",
            "8 read(3,  <unfinished ...>");
    assertEquals(3, ev.size(), ev::toString);
    TraceEvent.Syscall futex = (TraceEvent.Syscall) ev.get(0);
    assertTrue(futex.unfinishedAtEnd());
    assertNull(futex.ret());
    assertEquals(5, futex.args().size());
    assertInstanceOf(TraceEvent.Exited.class, ev.get(1));
    TraceEvent.Syscall read = (TraceEvent.Syscall) ev.get(2);
    assertTrue(read.unfinishedAtEnd());
    assertEquals(List.of(new Arg.Int(3, "3")), read.args());
  }

  @Test
  void orphanResumeIsKept() {
    TraceEvent.Syscall s = only("9 <... read resumed>\"abc\", 4096) = 3");
    assertTrue(s.resumed());
    assertEquals(2, s.args().size());
  }

  @Test
  void pendingCallsAreBounded() {
    Limits small = new Limits(1 << 20, 64, 1 << 20, 65536, 2, 512);
    List<TraceEvent> ev =
        parse(
            small,
            "1 read(3,  <unfinished ...>",
            "2 read(4,  <unfinished ...>",
            "3 read(5,  <unfinished ...>",
            "3 <... read resumed>\"x\", 1) = 1");
    List<TraceEvent.ParseError> errs = errors(ev);
    assertEquals(1, errs.size(), ev::toString);
    assertTrue(errs.get(0).message().contains("unfinished calls in flight"));
    assertEquals(1, errs.get(0).loc().line());
  }

  @Test
  void badLinesBecomeErrorsWithColumnAndText() {
    List<TraceEvent> ev = parse("123 open(\"/x\", O_RDONLY = 3", "close(3) = 0", "123 }}}");
    List<TraceEvent.ParseError> errs = errors(ev);
    assertEquals(2, errs.size());
    assertEquals(1, errs.get(0).loc().line());
    assertEquals(25, errs.get(0).column()); // the '=' where ',' or ')' was expected
    assertEquals("123 open(\"/x\", O_RDONLY = 3", errs.get(0).text());
    assertEquals(3, errs.get(1).loc().line());
    assertInstanceOf(TraceEvent.Syscall.class, ev.get(1));
  }

  @Test
  void overlongLineIsReportedAndSkipped() {
    Limits small = new Limits(100, 64, 1 << 20, 65536, 100, 40);
    char[] a = new char[500];
    Arrays.fill(a, 'a');
    List<TraceEvent> ev =
        parse(
            small,
            "close(3) = 0",
            "write(1, \"" + new String(a) + "\", 500) = 500",
            "close(4) = 0");
    assertEquals(3, ev.size(), ev::toString);
    TraceEvent.ParseError e = (TraceEvent.ParseError) ev.get(1);
    assertEquals(2, e.loc().line());
    assertTrue(e.message().contains("longer than 100"));
    assertEquals(3, ev.get(2).loc().line());
  }

  @Test
  void gzipAndTruncatedGzip() throws IOException {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < 20000; i++) sb.append(i + 1).append(" close(").append(i).append(") = 0\n");
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (GZIPOutputStream gz = new GZIPOutputStream(bytes)) {
      gz.write(sb.toString().getBytes(StandardCharsets.US_ASCII));
    }
    byte[] full = bytes.toByteArray();
    List<TraceEvent> ev = new ArrayList<>();
    StraceParser.Summary s = StraceParser.parse(new ByteArrayInputStream(full), "g.gz", ev::add);
    assertEquals(20000, s.events());
    assertEquals(0, s.errors());
    ev.clear();
    byte[] cut = Arrays.copyOf(full, full.length / 2);
    StraceParser.Summary t = StraceParser.parse(new ByteArrayInputStream(cut), "g.gz", ev::add);
    assertTrue(t.events() > 1000, "events parsed before the cut are kept: " + t);
    // the read error, and the cut last line
    assertTrue(t.errors() >= 1 && t.errors() <= 2, t::toString);
    assertTrue(
        errors(ev).stream().anyMatch(e -> e.message().startsWith("read error")), ev::toString);
  }

  @Test
  void binaryInputGivesErrorsNotExceptions() {
    byte[] junk = new byte[100_000];
    new java.util.Random(7).nextBytes(junk);
    List<TraceEvent> ev = new ArrayList<>();
    StraceParser.Summary s = StraceParser.parse(new ByteArrayInputStream(junk), "bin", ev::add);
    assertTrue(s.errors() > 0);
    assertEquals(s.events(), ev.size());
    assertTrue(
        ev.stream()
            .allMatch(e -> e instanceof TraceEvent.ParseError || e instanceof TraceEvent.Syscall));
  }

  @Test
  void pidSuffix() {
    assertEquals(24504, StraceParser.pidSuffix(Path.of("x/trace.24504")));
    assertEquals(24504, StraceParser.pidSuffix(Path.of("trace.24504.gz")));
    assertEquals(-1, StraceParser.pidSuffix(Path.of("trace.log")));
    assertEquals(-1, StraceParser.pidSuffix(Path.of("trace")));
  }
}
