package dev.recordinstall.model;

import dev.recordinstall.strace.Arg;
import dev.recordinstall.strace.TraceEvent;
import dev.recordinstall.strace.TraceEvent.Loc;
import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * TEST-ONLY stand-in for the real strace parser (issue 2) until it lands in main: reads the `-f
 * -ttt -yy` line forms the model tests use. Not shipped; the model tests switch to the real parser
 * when it is available.
 */
final class RoughStrace {
  private RoughStrace() {}

  private static final Pattern HEAD =
      Pattern.compile("^(?:\\[pid\\s+)?(\\d+)\\]?\\s+(\\d+)\\.(\\d+)\\s+(.*)$");
  private static final Pattern EXITED = Pattern.compile("\\+\\+\\+ exited with (-?\\d+) \\+\\+\\+");
  private static final Pattern KILLED =
      Pattern.compile("\\+\\+\\+ killed by (\\w+)( \\(core dumped\\))? \\+\\+\\+");
  private static final Pattern SUPERSEDED =
      Pattern.compile("\\+\\+\\+ superseded by execve in pid (\\d+) \\+\\+\\+");
  private static final Pattern SIGNAL = Pattern.compile("--- (\\w+) (.*) ---");
  private static final Pattern STOPPED = Pattern.compile("--- stopped by (\\w+) ---");
  private static final Pattern RESUMED = Pattern.compile("<\\.\\.\\. (\\w+) resumed>(.*)");
  private static final Pattern CALL = Pattern.compile("(\\w+)\\((.*)");

  static void read(Path file, Consumer<TraceEvent> sink) throws IOException {
    try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.ISO_8859_1)) {
      String name = file.getFileName().toString();
      Map<Integer, Object[]> open = new HashMap<>();
      String line;
      long n = 0;
      while ((line = r.readLine()) != null) {
        n++;
        Loc loc = new Loc(name, n);
        try {
          one(line, loc, open, sink);
        } catch (RuntimeException e) {
          sink.accept(new TraceEvent.ParseError(0, -1, loc, 0, "rough: " + e, line));
        }
      }
      for (Map.Entry<Integer, Object[]> e : open.entrySet()) {
        Object[] o = e.getValue();
        Syscall s =
            parseCall((String) o[0], (String) o[1], (Loc) o[2], e.getKey(), (Long) o[3], true);
        sink.accept(s.toEvent(true));
      }
    }
  }

  static List<TraceEvent> readAll(Path file) throws IOException {
    List<TraceEvent> out = new ArrayList<>();
    read(file, out::add);
    return out;
  }

  private static void one(
      String line, Loc loc, Map<Integer, Object[]> open, Consumer<TraceEvent> sink) {
    if (line.startsWith("strace: ")) {
      sink.accept(new TraceEvent.TracerMessage(0, -1, loc, line));
      return;
    }
    Matcher h = HEAD.matcher(line);
    if (!h.matches()) {
      sink.accept(new TraceEvent.ParseError(0, -1, loc, 0, "no pid/time", line));
      return;
    }
    int pid = Integer.parseInt(h.group(1));
    String frac = (h.group(3) + "000000").substring(0, 6);
    long t = Long.parseLong(h.group(2)) * 1_000_000L + Long.parseLong(frac);
    String rest = h.group(4);
    Matcher m;
    if ((m = EXITED.matcher(rest)).matches()) {
      sink.accept(new TraceEvent.Exited(pid, t, loc, Integer.parseInt(m.group(1))));
    } else if ((m = KILLED.matcher(rest)).matches()) {
      sink.accept(new TraceEvent.Killed(pid, t, loc, m.group(1), m.group(2) != null));
    } else if ((m = SUPERSEDED.matcher(rest)).matches()) {
      sink.accept(new TraceEvent.Superseded(pid, t, loc, Integer.parseInt(m.group(1))));
    } else if ((m = STOPPED.matcher(rest)).matches()) {
      sink.accept(new TraceEvent.Stopped(pid, t, loc, m.group(1)));
    } else if ((m = SIGNAL.matcher(rest)).matches()) {
      P p = new P(m.group(2));
      Arg info = p.value();
      sink.accept(new TraceEvent.SignalReceived(pid, t, loc, m.group(1), info));
    } else if ((m = RESUMED.matcher(rest)).matches()) {
      Object[] o = open.remove(pid);
      if (o == null) {
        sink.accept(new TraceEvent.ParseError(pid, t, loc, 0, "resumed without start", line));
        return;
      }
      String text = (String) o[1] + m.group(2);
      sink.accept(
          parseCall((String) o[0], text, (Loc) o[2], pid, (Long) o[3], false).toEvent(false));
    } else if ((m = CALL.matcher(rest)).matches()) {
      String body = m.group(2);
      if (body.endsWith(" <unfinished ...>")) {
        open.put(pid, new Object[] {m.group(1), body.substring(0, body.length() - 17), loc, t});
        return;
      }
      sink.accept(parseCall(m.group(1), body, loc, pid, t, false).toEvent(false));
    } else {
      sink.accept(new TraceEvent.ParseError(pid, t, loc, 0, "unknown line", line));
    }
  }

  record Syscall(int pid, long t, Loc loc, String name, List<Arg> args, TraceEvent.Return ret) {
    TraceEvent toEvent(boolean unfinished) {
      return new TraceEvent.Syscall(pid, t, loc, name, args, ret, 0, false, unfinished);
    }
  }

  static Syscall parseCall(String name, String body, Loc loc, int pid, long t, boolean unfinished) {
    P p = new P(body);
    List<Arg> args = new ArrayList<>();
    p.ws();
    while (!p.eof() && p.peek() != ')') {
      args.add(p.value());
      p.ws();
      if (p.peek() == ',') {
        p.i++;
        p.ws();
      }
      if (p.i > body.length()) break;
    }
    if (unfinished || p.eof()) return new Syscall(pid, t, loc, name, args, null);
    p.i++; // ')'
    String rest = body.substring(p.i).trim();
    if (!rest.startsWith("=")) return new Syscall(pid, t, loc, name, args, null);
    rest = rest.substring(1).trim();
    int dur = rest.lastIndexOf(" <");
    if (dur > 0 && rest.endsWith(">") && rest.substring(dur + 2).matches("[0-9.]+>")) {
      rest = rest.substring(0, dur);
    }
    TraceEvent.Return ret;
    if (rest.startsWith("?")) {
      ret = new TraceEvent.Return(null, true, null, null, null, null, false, rest);
    } else {
      P rp = new P(rest);
      Arg v = rp.value();
      rp.ws();
      String tail = rest.substring(Math.min(rp.i, rest.length())).trim();
      Long value = Arg.asLong(v);
      String errno = null;
      String errText = null;
      if (tail.matches("E[A-Z0-9_]+( \\(.*\\))?") || tail.matches("ERESTART\\w+.*")) {
        int sp = tail.indexOf(' ');
        errno = sp < 0 ? tail : tail.substring(0, sp);
        errText = sp < 0 ? null : tail.substring(sp + 1);
      }
      ret =
          new TraceEvent.Return(
              value,
              false,
              errno,
              errText,
              v instanceof Arg.Fd f ? f : null,
              errno == null && !tail.isEmpty() ? tail : null,
              false,
              rest);
    }
    return new Syscall(pid, t, loc, name, args, ret);
  }

  /** Recursive-descent reader of one argument. */
  static final class P {
    final String s;
    int i;

    P(String s) {
      this.s = s;
    }

    boolean eof() {
      return i >= s.length();
    }

    char peek() {
      return eof() ? '\0' : s.charAt(i);
    }

    void ws() {
      while (true) {
        while (!eof() && s.charAt(i) == ' ') i++;
        if (s.startsWith("/*", i)) {
          int e = s.indexOf("*/", i);
          i = e < 0 ? s.length() : e + 2;
        } else {
          return;
        }
      }
    }

    Arg value() {
      Arg a = term();
      if (peek() == '|') {
        List<Arg> parts = new ArrayList<>();
        parts.add(a);
        while (peek() == '|') {
          i++;
          parts.add(term());
        }
        a = new Arg.Flags(parts);
      }
      if (s.startsWith("=>", i)) {
        i += 2;
        ws();
        a = new Arg.InOut(a, value());
      } else if (peek() == '=' && !s.startsWith("==", i) && a instanceof Arg.Ident) {
        i++;
        a = new Arg.BinOp("=", a, value());
      }
      return a;
    }

    Arg term() {
      Arg a = primary();
      ws();
      if (s.startsWith("<<", i)) {
        i += 2;
        a = new Arg.BinOp("<<", a, primary());
        ws();
      }
      return a;
    }

    Arg primary() {
      ws();
      if (eof()) return new Arg.Raw("");
      char c = peek();
      if (c == '"') return str();
      if (c == '[') return array(false);
      if (c == '~' && s.startsWith("~[", i)) {
        i++;
        return array(true);
      }
      if (c == '{') return struct();
      if (c == '&') {
        i++;
        return new Arg.Ref(ident());
      }
      if (s.startsWith("...", i)) {
        i += 3;
        return new Arg.Ellipsis();
      }
      if (c == '-' || Character.isDigit(c)) {
        int st = i;
        if (c == '-') i++;
        while (!eof() && (Character.isLetterOrDigit(peek()))) i++;
        String raw = s.substring(st, i);
        long v = parseNum(raw);
        if (peek() == '<' && !s.startsWith("<<", i)) return fd(v);
        if (peek() == '*') {
          i++;
          Arg r = primary();
          return new Arg.Int(v * (Arg.asLong(r) == null ? 1 : Arg.asLong(r)), raw + "*");
        }
        return new Arg.Int(v, raw);
      }
      if (Character.isLetter(c) || c == '_') {
        String id = ident();
        if (peek() == '(') {
          i++;
          List<Arg> args = new ArrayList<>();
          ws();
          while (!eof() && peek() != ')') {
            args.add(value());
            ws();
            if (peek() == ',') i++;
          }
          i++;
          return new Arg.Call(id, args);
        }
        if (peek() == '<' && id.equals("AT_FDCWD")) return fd(-100);
        return new Arg.Ident(id);
      }
      int st = i;
      while (!eof() && ",)}]".indexOf(peek()) < 0) i++;
      if (i == st) i++;
      return new Arg.Raw(s.substring(st, Math.min(i, s.length())));
    }

    String ident() {
      int st = i;
      while (!eof() && (Character.isLetterOrDigit(peek()) || peek() == '_' || peek() == '.')) i++;
      return s.substring(st, i);
    }

    Arg.Fd fd(long v) {
      int depth = 0;
      int st = i + 1;
      while (!eof()) {
        char c = s.charAt(i);
        if (c == '<') depth++;
        else if (c == '>' && i > 0 && s.charAt(i - 1) == '-') {
          // "->" inside a socket decoration
        } else if (c == '>' && --depth == 0) break;
        i++;
      }
      String deco = s.substring(st, Math.min(i, s.length()));
      i++;
      boolean deleted = false;
      if (s.startsWith("(deleted)", i)) {
        deleted = true;
        i += 9;
      }
      return new Arg.Fd(v, deco, deleted);
    }

    static long parseNum(String raw) {
      try {
        boolean neg = raw.startsWith("-");
        String r = neg ? raw.substring(1) : raw;
        long v;
        if (r.startsWith("0x")) v = Long.parseUnsignedLong(r.substring(2), 16);
        else if (r.length() > 1 && r.startsWith("0")) v = Long.parseLong(r, 8);
        else v = Long.parseLong(r);
        return neg ? -v : v;
      } catch (NumberFormatException e) {
        return 0;
      }
    }

    Arg.Str str() {
      i++;
      ByteArrayOutputStream b = new ByteArrayOutputStream();
      while (!eof() && s.charAt(i) != '"') {
        char c = s.charAt(i++);
        if (c != '\\') {
          b.write(c);
          continue;
        }
        char e = s.charAt(i++);
        switch (e) {
          case 'n' -> b.write('\n');
          case 't' -> b.write('\t');
          case 'r' -> b.write('\r');
          case 'v' -> b.write(11);
          case 'f' -> b.write(12);
          case 'x' -> {
            b.write(Integer.parseInt(s.substring(i, i + 2), 16));
            i += 2;
          }
          default -> {
            if (e >= '0' && e <= '7') {
              int v = e - '0';
              for (int k = 0; k < 2 && !eof() && s.charAt(i) >= '0' && s.charAt(i) <= '7'; k++) {
                v = v * 8 + (s.charAt(i++) - '0');
              }
              b.write(v);
            } else {
              b.write(e);
            }
          }
        }
      }
      i++;
      boolean trunc = false;
      if (s.startsWith("...", i)) {
        trunc = true;
        i += 3;
      }
      return new Arg.Str(b.toByteArray(), trunc);
    }

    Arg.Array array(boolean neg) {
      i++;
      List<Arg> items = new ArrayList<>();
      ws();
      while (!eof() && peek() != ']') {
        items.add(value());
        ws();
        if (peek() == ',') i++;
        ws();
      }
      i++;
      return new Arg.Array(items, neg);
    }

    Arg.Struct struct() {
      i++;
      List<Arg.Field> f = new ArrayList<>();
      ws();
      while (!eof() && peek() != '}') {
        Arg v = value();
        if (v instanceof Arg.BinOp b && b.op().equals("=") && b.left() instanceof Arg.Ident id) {
          f.add(new Arg.Field(id.name(), b.right()));
        } else {
          f.add(new Arg.Field(null, v));
        }
        ws();
        if (peek() == ',') i++;
        ws();
      }
      i++;
      return new Arg.Struct(f);
    }
  }
}
