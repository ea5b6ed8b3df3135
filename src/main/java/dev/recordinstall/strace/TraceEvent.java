package dev.recordinstall.strace;

import java.util.List;

/**
 * One event of a strace log. CONTRACT shared by the parser (issue 2) and the model (issue 4).
 *
 * <p>Every event carries its source location (file and 1-based line of the line that completed it;
 * for a joined unfinished/resumed pair, the line of the start) and its pid (0 when strace printed
 * no pid, i.e. a single-process trace without -f). {@code timeMicros} is the -t/-tt/-ttt stamp in
 * microseconds (since the epoch for -ttt, since midnight for -t/-tt), or -1 when absent.
 */
public sealed interface TraceEvent {
  int pid();

  long timeMicros();

  Loc loc();

  /** file:line of a log line. */
  record Loc(String file, long line) {
    @Override
    public String toString() {
      return file + ":" + line;
    }
  }

  /**
   * A complete syscall (an {@code <unfinished ...>} start joined with its {@code <... resumed>}
   * end, or a single line). {@code ret} is null when the call never returned in the log (strace
   * printed {@code = ?} or the log ended).
   *
   * <p>Sample: {@code 1234 1700000000.123456 openat(AT_FDCWD</root>, "/etc/ld.so.cache",
   * O_RDONLY|O_CLOEXEC) = 3</etc/ld.so.cache> <0.000020>}
   */
  record Syscall(
      int pid,
      long timeMicros,
      Loc loc,
      String name,
      List<Arg> args,
      Return ret,
      long durationMicros,
      boolean resumed,
      boolean unfinishedAtEnd)
      implements TraceEvent {
    public Arg arg(int i) {
      return i >= 0 && i < args.size() ? args.get(i) : null;
    }

    public boolean ok() {
      return ret != null && ret.errno() == null && !ret.unknown();
    }
  }

  /**
   * A return value. {@code value} is the numeric result (null for {@code ?}); {@code unknown} for
   * {@code = ?}; {@code errno}/{@code errText} for {@code = -1 ENOENT (No such file or directory)}
   * and for {@code ERESTARTSYS (To be restarted if SA_RESTART is set)}; {@code decoration} holds
   * the fd/flags decoration ({@code 3</etc/passwd>} gives an Fd in {@code fd}, {@code (flags
   * O_RDWR)} and {@code ([{fd=3, revents=POLLIN}])} land in {@code extra} as text), {@code
   * unavailable} for {@code = ? <unavailable>}.
   */
  record Return(
      Long value,
      boolean unknown,
      String errno,
      String errText,
      Arg.Fd fd,
      String extra,
      boolean unavailable,
      String raw) {}

  /** {@code 1234 +++ exited with 0 +++} */
  record Exited(int pid, long timeMicros, Loc loc, int status) implements TraceEvent {}

  /** {@code 1234 +++ killed by SIGKILL (core dumped) +++} */
  record Killed(int pid, long timeMicros, Loc loc, String signal, boolean coreDumped)
      implements TraceEvent {}

  /** {@code 1234 --- SIGCHLD {si_signo=SIGCHLD, si_code=CLD_EXITED, ...} ---} */
  record SignalReceived(int pid, long timeMicros, Loc loc, String signal, Arg info)
      implements TraceEvent {}

  /** {@code 1234 --- stopped by SIGSTOP ---} */
  record Stopped(int pid, long timeMicros, Loc loc, String signal) implements TraceEvent {}

  /** {@code 1234 +++ superseded by execve in pid 1240 +++} (old pid 1240 now continues as 1234). */
  record Superseded(int pid, long timeMicros, Loc loc, int formerPid) implements TraceEvent {}

  /**
   * strace's own messages: {@code strace: Process 1234 attached}, {@code strace: Process 1234
   * detached}, {@code strace: [ Process PID=1234 runs in x32 mode. ]}, errors. Kept as events so
   * the model can report tracer trouble.
   */
  record TracerMessage(int pid, long timeMicros, Loc loc, String text) implements TraceEvent {}

  /** A line or part of a line that could not be parsed; {@code text} is the offending text. */
  record ParseError(int pid, long timeMicros, Loc loc, int column, String message, String text)
      implements TraceEvent {}
}
