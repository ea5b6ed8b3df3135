package dev.recordinstall.strace;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.function.Consumer;

/**
 * Reads one strace log, line by line over a byte buffer, and turns each line into events. Never
 * holds more than one line (at most {@link Limits#maxLineBytes()}) plus the pending unfinished
 * calls. Lines that cannot be parsed become {@link TraceEvent.ParseError} events.
 */
final class TraceReader implements EventStream {
  private static final byte[] UNFINISHED = "<unfinished ...>".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] STRACE_PROCESS =
      "strace: Process ".getBytes(StandardCharsets.US_ASCII);

  private static final byte[] PID_CHANGED = "<pid changed to ".getBytes(StandardCharsets.US_ASCII);

  private final InputStream in;
  private final String file;
  private final int defaultPid;
  private final Session session;
  private final boolean ownsSession;
  private final Limits limits;
  private final ArgParser ap;
  private final ArrayDeque<TraceEvent> queue = new ArrayDeque<>();
  private Consumer<? super TraceEvent> sink; // set while drainTo runs: events go straight to it
  private final long[] duration = new long[1];

  private byte[] buf = new byte[1 << 16];
  private int bufStart;
  private int bufEnd;
  private int scan;
  private boolean eof;
  private boolean skippingLong;
  private boolean done;
  private long lineNo;
  private int lineS;
  private int lineE;
  private byte[] carry;
  private byte[] joinBuf = new byte[1024];
  private TraceEvent.Loc loc;

  TraceReader(InputStream in, String file, int defaultPid, Session session, boolean ownsSession) {
    this.in = in;
    this.file = file;
    this.defaultPid = defaultPid;
    this.session = session;
    this.ownsSession = ownsSession;
    this.limits = session.limits;
    this.ap = new ArgParser(limits, session.caches);
  }

  String file() {
    return file;
  }

  // ------------------------------------------------------------------ iteration

  @Override
  public boolean hasNext() {
    while (queue.isEmpty() && !done) step();
    return !queue.isEmpty();
  }

  /**
   * Hands every event to {@code sink} as its line is parsed, without the queue of the pull API: the
   * path of {@link StraceParser#parse} for one file. Same events in the same order as {@link
   * #next}.
   */
  void drainTo(Consumer<? super TraceEvent> sink) {
    while (!queue.isEmpty()) sink.accept(queue.pollFirst());
    this.sink = sink;
    try {
      while (!done) step();
    } finally {
      this.sink = null;
    }
  }

  /** Reads and parses one line (or finishes the log). */
  private void step() {
    if (nextLine()) {
      session.lines++;
      if (lineE > lineS) parseLine(buf, lineS, lineE);
    } else if (carry != null) {
      // the log ended right after a spliced "strace: Process N attached": parse what came before
      parseLine(new byte[0], 0, 0);
    } else {
      done = true;
      if (ownsSession) flushAllPending();
    }
  }

  /** Next event without consuming it, or null at the end. */
  TraceEvent peek() {
    return hasNext() ? queue.peekFirst() : null;
  }

  @Override
  public TraceEvent next() {
    if (!hasNext()) throw new NoSuchElementException();
    return queue.pollFirst();
  }

  @Override
  public StraceParser.Summary summary() {
    return session.summary();
  }

  @Override
  public void close() {
    try {
      in.close();
    } catch (IOException e) {
      // nothing was lost: everything read was parsed already
    }
  }

  private void emit(TraceEvent e) {
    session.events++;
    if (e instanceof TraceEvent.ParseError) session.errors++;
    Consumer<? super TraceEvent> s = sink;
    if (s != null) s.accept(e);
    else queue.addLast(e);
  }

  private void error(long line, int column, String message, String text) {
    emit(
        new TraceEvent.ParseError(
            0, -1, new TraceEvent.Loc(file, line), column, message, clip(text)));
  }

  private String clip(String text) {
    int max = limits.maxErrorText();
    return text.length() <= max ? text : text.substring(0, max) + "...";
  }

  // ------------------------------------------------------------------ lines

  private boolean nextLine() {
    while (true) {
      int nl = Bytes.indexOf(buf, scan, bufEnd, (byte) '\n');
      if (nl >= 0) {
        lineNo++;
        session.bytes += nl + 1 - bufStart;
        lineS = bufStart;
        lineE = nl;
        bufStart = nl + 1;
        scan = bufStart;
        if (skippingLong) {
          skippingLong = false;
          continue;
        }
        if (lineE - lineS > limits.maxLineBytes()) {
          error(
              lineNo,
              1,
              "line longer than " + limits.maxLineBytes() + " bytes (skipped)",
              new String(buf, lineS, limits.maxErrorText(), StandardCharsets.ISO_8859_1));
          continue;
        }
        return true;
      }
      scan = bufEnd;
      if (eof) {
        if (bufStart < bufEnd && !skippingLong) {
          lineNo++;
          session.bytes += bufEnd - bufStart;
          lineS = bufStart;
          lineE = bufEnd;
          bufStart = bufEnd;
          scan = bufEnd;
          return true;
        }
        return false;
      }
      if (bufStart > 0) {
        int n = bufEnd - bufStart;
        System.arraycopy(buf, bufStart, buf, 0, n);
        scan -= bufStart;
        bufEnd = n;
        bufStart = 0;
      }
      if (bufEnd == buf.length) {
        if (buf.length <= limits.maxLineBytes()) {
          byte[] nb = new byte[(int) Math.min((long) buf.length * 2, limits.maxLineBytes() + 1L)];
          System.arraycopy(buf, 0, nb, 0, bufEnd);
          buf = nb;
        } else {
          if (!skippingLong) {
            error(
                lineNo + 1,
                1,
                "line longer than " + limits.maxLineBytes() + " bytes (skipped)",
                new String(buf, 0, limits.maxErrorText(), StandardCharsets.ISO_8859_1));
            skippingLong = true;
          }
          session.bytes += bufEnd;
          bufStart = bufEnd = scan = 0;
        }
      }
      fill();
    }
  }

  private void fill() {
    try {
      int n = in.read(buf, bufEnd, buf.length - bufEnd);
      if (n < 0) eof = true;
      else bufEnd += n;
    } catch (IOException | RuntimeException e) {
      // truncated .gz (EOFException), corrupt .gz (ZipException), read errors: keep what we have
      eof = true;
      String what = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
      error(lineNo + 1, 1, "read error, rest of the file lost: " + what, "");
    }
  }

  // ------------------------------------------------------------------ one line

  /**
   * One log line: optional {@code [pid N]} or {@code N} prefix, optional {@code -t/-tt/-ttt} stamp,
   * then the body.
   *
   * <p>Sample: {@code 22621 1795461076.476668 execve("/usr/bin/python3", ["python3"],
   * 0x7ffcc7aa0338 /* 35 vars *}{@code /) = 0 <0.001419>}
   */
  private void parseLine(byte[] b, int s, int e) {
    if (carry != null) {
      int n = carry.length + (e - s);
      byte[] j = new byte[n];
      System.arraycopy(carry, 0, j, 0, carry.length);
      System.arraycopy(b, s, j, carry.length, e - s);
      carry = null;
      b = j;
      s = 0;
      e = n;
    }
    if (e > s && b[e - 1] == '\r') e--;
    if (e == s) return;
    loc = new TraceEvent.Loc(file, lineNo);
    // "strace: Process N attached" spliced into a line printed on stderr
    if (e - s > 24
        && b[e - 1] == 'd'
        && (endsWith(b, e, "attached") || endsWith(b, e, "detached"))) {
      int k = indexOf(b, s + 1, e, STRACE_PROCESS);
      if (k > s) {
        if (k - s > limits.maxLineBytes()) {
          // hostile input: splices chained past the line limit
          error(
              lineNo,
              1,
              "line longer than " + limits.maxLineBytes() + " bytes (skipped)",
              clip(latin1(b, s, e)));
          return;
        }
        carry = java.util.Arrays.copyOfRange(b, s, k);
        emit(new TraceEvent.TracerMessage(0, -1, loc, latin1(b, k + 8, e)));
        return;
      }
    }
    ap.reset(b, s, e);
    int pid = -1;
    long time = -1;
    try {
      int p = s;
      // [pid 1234]
      if (b[p] == '[' && ap.startsWith(p, "[pid ")) {
        p += 5;
        while (p < e && b[p] == ' ') p++;
        int q = p;
        long v = 0;
        while (q < e && ArgParser.isDigit(b[q]) && q - p < 8) v = v * 10 + (b[q++] - '0');
        if (q == p || q >= e || b[q] != ']') throw new ArgParser.Failure(q, "bad [pid N] prefix");
        pid = checkPid(v, p);
        p = q + 1;
        while (p < e && b[p] == ' ') p++;
      } else if (ArgParser.isDigit(b[p])) {
        int q = p;
        long v = 0;
        while (q < e && ArgParser.isDigit(b[q]) && q - p < 11) v = v * 10 + (b[q++] - '0');
        if (q < e && b[q] == ' ') {
          pid = checkPid(v, p);
          p = q;
          while (p < e && b[p] == ' ') p++;
        }
      }
      // -t 19:12:21 / -tt 19:12:21.225283 / -ttt 1795461076.476668
      if (p + 18 <= e && (time = secondsDotMicros(b, p)) >= 0) {
        p += 18; // the -ttt stamp of a live trace, ten digits '.' six digits, then a space
        while (p < e && b[p] == ' ') p++;
      } else if (p < e && ArgParser.isDigit(b[p])) {
        ap.pos(p);
        time = timestamp(b, e);
        p = ap.pos();
        if (p >= e || b[p] != ' ')
          throw new ArgParser.Failure(p, "expected a space after the time");
        while (p < e && b[p] == ' ') p++;
      }
      if (pid < 0) {
        pid = defaultPid >= 0 ? defaultPid : session.solePid();
        if (defaultPid > 0) session.seen(pid);
      } else {
        session.seen(pid);
      }
      if (p >= e) throw new ArgParser.Failure(p, "empty line after the prefix");
      body(b, p, e, pid, time);
    } catch (ArgParser.Failure f) {
      emit(
          new TraceEvent.ParseError(
              Math.max(pid, 0),
              time,
              loc,
              Math.max(1, f.pos - s + 1),
              f.getMessage(),
              clip(latin1(b, s, e))));
    } catch (RuntimeException bug) {
      // a defect of this parser must not lose the rest of the log: report it like bad input
      emit(
          new TraceEvent.ParseError(
              Math.max(pid, 0),
              time,
              loc,
              1,
              "internal parser error: " + bug,
              clip(latin1(b, s, e))));
    }
  }

  private int checkPid(long v, int at) {
    if (v <= 0 || v > Session.PID_MAX) throw new ArgParser.Failure(at, "pid out of range");
    return (int) v;
  }

  /**
   * {@code 1795461076.476668 } (exactly ten digits, a dot, six digits and a space, at {@code p};
   * the caller checked that 18 bytes are in the line) as microseconds, read eight digits at a time;
   * -1 for anything else (the general {@link #timestamp} then reads it).
   */
  private long secondsDotMicros(byte[] b, int p) {
    long w0 = Bytes.word(b, p); // 8 digits
    long w1 = Bytes.word(b, p + 10); // '.' 6 digits ' '
    int d89 = (b[p + 8] << 8) | (b[p + 9] & 0xff);
    if ((w1 & 0xff) != '.' || (w1 >>> 56) != ' ') return -1;
    long frac = (w1 & 0x00ffffffffffff00L) | 0x3000000000000030L; // "0dddddd0"
    if (!Bytes.eightDigits(frac)) return -1;
    long micros;
    if (w0 == lastSecondsWord && d89 == lastSecondsTail) {
      micros = lastSecondsMicros; // the seconds of the line before (most lines share them)
    } else {
      byte d8 = b[p + 8];
      byte d9 = b[p + 9];
      if (!Bytes.eightDigits(w0) || d8 < '0' || d8 > '9' || d9 < '0' || d9 > '9') return -1;
      micros = (Bytes.parseEightDigits(w0) * 100 + (d8 - '0') * 10 + (d9 - '0')) * 1_000_000L;
      lastSecondsWord = w0;
      lastSecondsTail = d89;
      lastSecondsMicros = micros;
    }
    return micros + Bytes.parseEightDigits(frac) / 10;
  }

  // the ten digits of seconds last read by secondsDotMicros (eight in a word, two in an int that
  // starts at a value no two bytes give, so nothing matches before the first stamp), and their
  // value in microseconds
  private long lastSecondsWord;
  private int lastSecondsTail = Integer.MIN_VALUE;
  private long lastSecondsMicros;

  /** {@code 19:12:21}, {@code 19:12:21.225283}, {@code 1795461076.476668} as microseconds. */
  private long timestamp(byte[] b, int e) {
    int p = ap.pos();
    int q = p;
    long v = 0;
    while (q < e && ArgParser.isDigit(b[q]) && q - p < 12) v = v * 10 + (b[q++] - '0');
    if (q < e && b[q] == ':') {
      long h = v;
      long m = twoDigits(b, q + 1, e);
      if (q + 3 >= e || b[q + 3] != ':') throw new ArgParser.Failure(q, "bad time");
      long sec = twoDigits(b, q + 4, e);
      if (h > 23 || m > 59 || sec > 60 || q - p > 2) throw new ArgParser.Failure(p, "bad time");
      long micros = ((h * 60 + m) * 60 + sec) * 1_000_000L;
      q += 6;
      if (q < e && b[q] == '.') return micros + fraction(b, q + 1, e);
      ap.pos(q);
      return micros;
    }
    if (q < e && b[q] == '.') {
      return v * 1_000_000L + fraction(b, q + 1, e);
    }
    throw new ArgParser.Failure(p, "bad time stamp");
  }

  private long fraction(byte[] b, int q, int e) {
    long scale = 100_000;
    long micros = 0;
    int s = q;
    while (q < e && ArgParser.isDigit(b[q])) {
      micros += (b[q] - '0') * scale;
      scale /= 10;
      q++;
    }
    if (q == s || q - s > 9) throw new ArgParser.Failure(s, "bad fraction of a second");
    ap.pos(q);
    return micros;
  }

  private static long twoDigits(byte[] b, int q, int e) {
    if (q + 1 >= e || !ArgParser.isDigit(b[q]) || !ArgParser.isDigit(b[q + 1])) {
      throw new ArgParser.Failure(q, "bad time");
    }
    return (b[q] - '0') * 10 + (b[q + 1] - '0');
  }

  private void body(byte[] b, int p, int e, int pid, long time) {
    byte c = b[p];
    if (c == '+' && ap.startsWith(p, "+++ ")) {
      processEnd(b, p + 4, e, pid, time);
    } else if (c == '-' && ap.startsWith(p, "--- ")) {
      signal(b, p + 4, e, pid, time);
    } else if (c == '<' && ap.startsWith(p, "<... ")) {
      resumed(b, p + 5, e, pid, time);
    } else if (c == 's' && ap.startsWith(p, "strace: ")) {
      emit(new TraceEvent.TracerMessage(pid, time, loc, latin1(b, p + 8, e)));
    } else if (c == '[' && ap.startsWith(p, "[ Process ")) {
      emit(new TraceEvent.TracerMessage(pid, time, loc, latin1(b, p, e)));
    } else {
      syscall(b, p, e, pid, time);
    }
  }

  /**
   * A syscall line, complete or unfinished.
   *
   * <p>Sample: {@code 22621 1795461076.799652 wait4(22622, <unfinished ...>} and {@code 22621
   * 1795461076.881815 kill(22621, SIGUSR1) = 0 <0.000020>}
   */
  private void syscall(byte[] b, int p, int e, int pid, long time) {
    int s = p;
    while (p < e && (ArgParser.isIdentPart(b[p]) || b[p] == '?')) p++;
    if (p == s) throw new ArgParser.Failure(p, "expected a syscall name");
    if (p >= e || b[p] != '(') throw new ArgParser.Failure(p, "expected '(' after the name");
    String name = ap.name(s, p);
    p++;
    if (endsWith(b, e, UNFINISHED)) {
      int te = e - UNFINISHED.length;
      if (te > p && b[te - 1] == ' ') te--;
      startPending(name, java.util.Arrays.copyOfRange(b, p, te), pid, time);
      return;
    }
    if (b[e - 1] == '>' && endsWith(b, e, " ...>")) {
      // -ff: 19:12:49.780202 execve("/bin/sh", ["sh"], 0x7ffde6228020 /* 35 vars */ <pid changed
      // to 24508 ...>  (the call resumes in pid 24508 after "superseded by execve in pid 24509")
      int k = indexOf(b, p, e, PID_CHANGED);
      if (k > 0) {
        int te = b[k - 1] == ' ' ? k - 1 : k;
        startPending(name, java.util.Arrays.copyOfRange(b, p, te), pid, time);
        return;
      }
    }
    ap.pos(p);
    List<Arg> args = ap.callArgs(false);
    TraceEvent.Return ret = ap.ret(duration);
    emit(new TraceEvent.Syscall(pid, time, loc, name, args, ret, duration[0], false, false));
  }

  private void startPending(String name, byte[] text, int pid, long time) {
    Session.Pending old = session.pending.remove(pid);
    if (old != null) flushPending(old, "a second unfinished call started on the same pid");
    if (session.pending.size() >= limits.maxPending()) {
      Iterator<Map.Entry<Integer, Session.Pending>> it = session.pending.entrySet().iterator();
      Session.Pending oldest = it.next().getValue();
      it.remove();
      flushPending(oldest, "more than " + limits.maxPending() + " unfinished calls in flight");
    }
    session.pending.put(pid, new Session.Pending(name, text, pid, time, loc));
  }

  /**
   * The end of an unfinished call, joined with its start (also across {@code superseded}).
   *
   * <p>Sample: {@code 22621 1795461076.803946 <... wait4 resumed>[{WIFEXITED(s) && WEXITSTATUS(s)
   * == 3}], 0, NULL) = 22622 <0.004274>}
   */
  private void resumed(byte[] b, int p, int e, int pid, long time) {
    int s = p;
    while (p < e && (ArgParser.isIdentPart(b[p]) || b[p] == '?')) p++;
    String name = ap.name(s, p);
    if (!ap.startsWith(p, " resumed>")) throw new ArgParser.Failure(p, "expected ' resumed>'");
    p += 9;
    Session.Pending pend = session.pending.remove(pid);
    if (pend == null) {
      Integer formerPid = session.former.remove(pid);
      if (formerPid != null) pend = session.pending.remove(formerPid);
    }
    if (pend == null && pid != 0) {
      // output on stderr: the first process printed no [pid N] prefix until a second one existed
      Session.Pending unknown = session.pending.get(0);
      if (unknown != null && unknown.name().equals(name)) pend = session.pending.remove(0);
    }
    if (pend != null && !pend.name().equals(name)) {
      flushPending(pend, "resumed as '" + name + "' on pid " + pid);
      pend = null;
    }
    if (endsWith(b, e, UNFINISHED)) {
      // resumed and unfinished again: keep collecting
      int te = e - UNFINISHED.length;
      if (te > p && b[te - 1] == ' ') te--;
      byte[] head = pend == null ? new byte[0] : pend.text();
      byte[] text = new byte[head.length + (te - p)];
      System.arraycopy(head, 0, text, 0, head.length);
      System.arraycopy(b, p, text, head.length, te - p);
      session.pending.put(
          pid,
          new Session.Pending(
              name, text, pid, pend == null ? time : pend.time(), pend == null ? loc : pend.loc()));
      return;
    }
    if (pend == null) {
      // the start is not in this log (attached mid-call): the resumed part alone (reset: a
      // flushed start of another name above pointed the parser at its own text)
      ap.reset(b, p, e);
      List<Arg> args = ap.callArgs(false);
      TraceEvent.Return ret = ap.ret(duration);
      emit(new TraceEvent.Syscall(pid, time, loc, name, args, ret, duration[0], true, false));
      return;
    }
    byte[] head = pend.text();
    int n = head.length + (e - p);
    if (joinBuf.length < n) joinBuf = new byte[Math.max(n, joinBuf.length * 2)];
    System.arraycopy(head, 0, joinBuf, 0, head.length);
    System.arraycopy(b, p, joinBuf, head.length, e - p);
    ap.reset(joinBuf, 0, n);
    try {
      List<Arg> args = ap.callArgs(false);
      TraceEvent.Return ret = ap.ret(duration);
      emit(
          new TraceEvent.Syscall(
              pid, pend.time(), pend.loc(), name, args, ret, duration[0], true, false));
    } catch (ArgParser.Failure f) {
      // report the column on the resumed line when the failure is in its part
      int inLine = f.pos >= head.length ? p + (f.pos - head.length) : p;
      throw new ArgParser.Failure(
          inLine,
          f.getMessage()
              + (f.pos < head.length ? " (in the part started at " + pend.loc() + ")" : ""));
    }
  }

  /**
   * {@code +++ exited with 3 +++}, {@code +++ killed by SIGKILL +++}, {@code +++ killed by SIGABRT
   * (core dumped) +++}, {@code +++ superseded by execve in pid 22626 +++}.
   */
  private void processEnd(byte[] b, int p, int e, int pid, long time) {
    if (!endsWith(b, e, " +++")) throw new ArgParser.Failure(e, "expected ' +++' at the end");
    int te = e - 4;
    ap.reset(b, p, te);
    if (ap.startsWith(p, "exited with ")) {
      ap.pos(p + 12);
      long status = ap.scanLong();
      if (ap.pos() != te) throw ap.fail("unexpected text after the exit status");
      flushPendingOf(pid);
      session.gone(pid);
      emit(new TraceEvent.Exited(pid, time, loc, (int) status));
    } else if (ap.startsWith(p, "killed by ")) {
      int s = p + 10;
      int q = s;
      while (q < te && ArgParser.isIdentPart(b[q])) q++;
      if (q == s) throw new ArgParser.Failure(q, "expected a signal name");
      String sig = ap.name(s, q);
      boolean core = false;
      if (q < te) {
        ap.pos(q);
        if (ap.startsWith(q, " (core dumped)") && q + 14 == te) core = true;
        else throw new ArgParser.Failure(q, "unexpected text after the signal");
      }
      flushPendingOf(pid);
      session.gone(pid);
      emit(new TraceEvent.Killed(pid, time, loc, sig, core));
    } else if (ap.startsWith(p, "superseded by execve in pid ")) {
      ap.pos(p + 28);
      long former = ap.scanLong();
      if (ap.pos() != te) throw ap.fail("unexpected text after the pid");
      int f = checkPid(former, p + 28);
      if (session.former.size() >= limits.maxPending()) session.former.clear();
      session.former.put(pid, f);
      session.gone(f);
      emit(new TraceEvent.Superseded(pid, time, loc, f));
    } else {
      throw new ArgParser.Failure(p, "unknown '+++' line");
    }
  }

  /**
   * {@code --- SIGCHLD {si_signo=SIGCHLD, si_code=CLD_EXITED, si_pid=22622, ...} ---} and {@code
   * --- stopped by SIGSTOP ---}.
   */
  private void signal(byte[] b, int p, int e, int pid, long time) {
    if (!endsWith(b, e, " ---")) throw new ArgParser.Failure(e, "expected ' ---' at the end");
    int te = e - 4;
    ap.reset(b, p, te);
    if (ap.startsWith(p, "stopped by ")) {
      int s = p + 11;
      int q = s;
      while (q < te && ArgParser.isIdentPart(b[q])) q++;
      if (q == s || q != te) throw new ArgParser.Failure(q, "expected a signal name");
      emit(new TraceEvent.Stopped(pid, time, loc, ap.name(s, q)));
      return;
    }
    int q = p;
    while (q < te && ArgParser.isIdentPart(b[q])) q++;
    if (q == p) throw new ArgParser.Failure(q, "expected a signal name");
    String sig = ap.name(p, q);
    Arg info = null;
    ap.pos(q);
    ap.skipSpace();
    if (ap.pos() < te) {
      info = ap.expr(1);
      ap.skipSpace();
      if (ap.pos() != te) throw ap.fail("unexpected text after the signal information");
    }
    emit(new TraceEvent.SignalReceived(pid, time, loc, sig, info));
  }

  // ------------------------------------------------------------------ pending calls

  private void flushPendingOf(int pid) {
    Session.Pending pend = session.pending.remove(pid);
    if (pend != null) flushPending(pend, null);
  }

  void flushAllPending() {
    List<Session.Pending> all = new ArrayList<>(session.pending.values());
    session.pending.clear();
    for (Session.Pending pend : all) flushPending(pend, null);
  }

  /** An unfinished call that never resumed: the arguments printed so far, no return. */
  private void flushPending(Session.Pending pend, String why) {
    byte[] t = pend.text();
    ap.reset(t, 0, t.length);
    List<Arg> args;
    try {
      args = ap.callArgs(true);
    } catch (RuntimeException f) {
      args = List.of();
      emit(
          new TraceEvent.ParseError(
              pend.pid(),
              pend.time(),
              pend.loc(),
              f instanceof ArgParser.Failure af ? af.pos + 1 : 1,
              "in the arguments of unfinished " + pend.name() + ": " + f.getMessage(),
              clip(new String(t, StandardCharsets.ISO_8859_1))));
    }
    if (why != null) {
      emit(
          new TraceEvent.ParseError(
              pend.pid(),
              pend.time(),
              pend.loc(),
              1,
              "unfinished " + pend.name() + " never resumed: " + why,
              clip(new String(t, StandardCharsets.ISO_8859_1))));
    }
    emit(
        new TraceEvent.Syscall(
            pend.pid(), pend.time(), pend.loc(), pend.name(), args, null, -1, false, true));
  }

  // ------------------------------------------------------------------ bytes

  /** Whether {@code b[.., e)} ends with {@code suffix}; compared from the last byte back. */
  private static boolean endsWith(byte[] b, int e, byte[] suffix) {
    int n = suffix.length;
    if (e < n) return false;
    for (int i = n - 1; i >= 0; i--) {
      if (b[e - n + i] != suffix[i]) return false;
    }
    return true;
  }

  private static boolean endsWith(byte[] b, int e, String suffix) {
    int n = suffix.length();
    if (e < n) return false;
    for (int i = n - 1; i >= 0; i--) {
      if (b[e - n + i] != suffix.charAt(i)) return false;
    }
    return true;
  }

  private static int indexOf(byte[] b, int from, int e, byte[] needle) {
    outer:
    for (int i = from; i + needle.length <= e; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (b[i + j] != needle[j]) continue outer;
      }
      return i;
    }
    return -1;
  }

  private static String latin1(byte[] b, int s, int e) {
    return new String(b, s, e - s, StandardCharsets.ISO_8859_1);
  }
}
