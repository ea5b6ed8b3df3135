package dev.recordinstall.strace;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

/**
 * Recursive-descent parser for strace argument lists and return values, scanning by index over a
 * byte buffer (the log's bytes, read as ISO-8859-1 so nothing is lost). One instance is reused for
 * every line of a log; {@link #reset} points it at a new range. Errors are reported by throwing the
 * stackless {@link Failure}, which the line parser turns into a ParseError event.
 */
final class ArgParser {

  /** A parse failure at an index of the current buffer. Stackless: it is control flow. */
  static final class Failure extends RuntimeException {
    private static final long serialVersionUID = 1L;
    final int pos;

    Failure(int pos, String message) {
      super(message, null, false, false);
      this.pos = pos;
    }
  }

  private final Limits limits;
  private final NameCache names;
  private final NameCache decorations;
  private final NameCache.Entry[] pathOfFd;
  private final NameCache ints;
  private final NameCache flagSets;
  private final NameCache structs;
  private byte[] b;
  private int p;
  private int end;

  ArgParser(Limits limits) {
    this(limits, new Caches());
  }

  /** A parser using {@code caches}, shared by the readers of one trace (the files of -ff). */
  ArgParser(Limits limits, Caches caches) {
    this.limits = limits;
    this.names = caches.names;
    this.decorations = caches.decorations;
    this.pathOfFd = caches.pathOfFd;
    this.ints = caches.ints;
    this.flagSets = caches.flagSets;
    this.structs = caches.structs;
    this.retKeys = caches.retKeys;
    this.retVals = caches.retVals;
  }

  /**
   * The value caches (~0.6 MB): one set per trace, shared by the parsers of its files, which run
   * one line at a time (a trace of thousands of -ff files must not hold a set per file). Keys are
   * copies and values immutable, so nothing in them refers to a parser's buffer.
   */
  static final class Caches {
    final NameCache names = new NameCache();
    final NameCache decorations = new NameCache(8192, 512);
    final NameCache.Entry[] pathOfFd = new NameCache.Entry[FD_MEMO];
    final NameCache ints = new NameCache(4096, 24);
    final NameCache flagSets = new NameCache(1024, 128, false);
    final NameCache structs = new NameCache(4096, MAX_FLAT_STRUCT, false);
    final byte[][] retKeys = new byte[1024][];
    final TraceEvent.Return[] retVals = new TraceEvent.Return[1024];
  }

  void reset(byte[] buf, int pos, int end) {
    this.b = buf;
    this.p = pos;
    this.end = end;
    this.top = 0;
    this.identFrom = -1;
  }

  /** The identifier {@code [identFrom, identTo)} last scanned by {@link #fieldName}. */
  private int identFrom = -1;

  private int identTo;

  // ---------------------------------------------------------------- list building

  /**
   * Items of the lists being built (arguments, flags, array items, struct fields), nested lists
   * above their parent's: one growing stack instead of an ArrayList per list; a finished list is
   * copied out at its exact size. Reset with each line (a Failure may leave items behind).
   */
  private Object[] stack = new Object[64];

  private int top;

  private void push(Object o) {
    if (top == stack.length) stack = Arrays.copyOf(stack, top * 2);
    stack[top++] = o;
  }

  /** The items pushed since {@code base} as an immutable list; pops them. */
  private <T> List<T> popList(int base) {
    int n = top - base;
    top = base;
    if (n == 0) return ArgList.empty();
    return ArgList.wrap(Arrays.copyOfRange(stack, base, base + n));
  }

  int pos() {
    return p;
  }

  void pos(int pos) {
    this.p = pos;
  }

  Failure fail(String message) {
    return new Failure(p, message);
  }

  // ---------------------------------------------------------------- argument lists

  /**
   * The arguments of a call up to and including the closing parenthesis.
   *
   * <p>Sample: {@code openat(AT_FDCWD</tmp/gtest>, "/etc/ld.so.cache", O_RDONLY|O_CLOEXEC) = 3}
   * (called just after the opening parenthesis). With {@code untilEnd} the list may also stop at
   * the end of the range (the text of an unfinished call that never resumed).
   */
  List<Arg> callArgs(boolean untilEnd) {
    int base = top;
    skipSpace();
    if (p < end && b[p] == ')') {
      p++;
      return popList(base);
    }
    while (true) {
      skipSpaceAndMarker();
      if (untilEnd && p >= end) return popList(base);
      if (p < end && b[p] == ')') {
        // "resumed> <unfinished ...>) = ?" or "f(a,  <unfinished ...>) = ?": nothing more
        p++;
        return popList(base);
      }
      if (top - base >= limits.maxArgs()) throw fail("too many arguments");
      Arg v = simple();
      if (v != null) {
        push(v);
      } else {
        String name = fieldName();
        v = expr(1);
        push(name == null ? v : new Arg.Named(name, v));
      }
      skipSpaceAndMarker();
      if (p >= end) {
        if (untilEnd) return popList(base);
        throw fail("unexpected end of line in argument list");
      }
      byte c = b[p];
      if (c == ',') {
        p++;
      } else if (c == ')') {
        p++;
        return popList(base);
      } else {
        throw fail("expected ',' or ')'");
      }
    }
  }

  /**
   * The fast path for the commonest values, which end right at a separator: a plain decimal ({@code
   * 4096}), an identifier ({@code SEEK_CUR}), an fd with its decoration ({@code 3</usr/lib/os.py>},
   * {@code AT_FDCWD</tmp>}), a string. Null (position kept) for anything else, which {@link #expr}
   * then parses; both give the same value for the same text.
   *
   * <p>Sample: {@code lseek(3</root/.pyenv/versions/3.11.7/lib/python3.11/os.py>, 0, SEEK_CUR) = 0}
   */
  private Arg simple() {
    int s = p;
    if (s >= end) return null;
    byte c = b[s];
    Arg v;
    if (c >= '0' && c <= '9') {
      long n = c - '0';
      int q = s + 1;
      if (c != '0') {
        // as scanLong: up to 20 digits, wrapping like it
        while (q < end && q - s < 20 && b[q] >= '0' && b[q] <= '9') n = n * 10 + (b[q++] - '0');
      }
      if (q >= end) return null;
      byte d = b[q];
      if ((CLASS[d & 0xff] & VALUE_END) != 0) {
        p = q;
        return integer(s, q, n);
      }
      if (!decorationAt(q)) return null;
      p = q;
      v = fdDecoration(n);
    } else if ((CLASS[c & 0xff] & IDENT_START) != 0) {
      int q = s + 1;
      while (q < end && (CLASS[b[q] & 0xff] & IDENT_PART) != 0) q++;
      if (q >= end) return null;
      byte d = b[q];
      if ((CLASS[d & 0xff] & VALUE_END) != 0) {
        NameCache.Entry en = names.lookup(b, s, q);
        p = q;
        return en == null ? new Arg.Ident(latin1(s, q)) : en.ident();
      }
      if (!decorationAt(q)) return null;
      boolean cwd = q - s == 8 && startsWith(s, "AT_FDCWD");
      p = q;
      v = fdDecoration(cwd ? -100 : -1);
    } else if (c == '"') {
      v = string();
    } else {
      return null;
    }
    if (p < end && (CLASS[b[p] & 0xff] & VALUE_END) != 0) return v;
    p = s; // something follows ("3</x> => ..."): the general path parses it again
    return null;
  }

  /**
   * Skips spaces and an {@code <unfinished ...>} marker inside a line: strace prints {@code 24382
   * <... clock_nanosleep resumed> <unfinished ...>) = ?} when a call is cut short by the death of
   * its process.
   */
  private void skipSpaceAndMarker() {
    skipSpace();
    if (p < end && b[p] == '<' && startsWith(p, "<unfinished ...>")) {
      p += 16;
      skipSpace();
    }
  }

  // ---------------------------------------------------------------- expressions

  /**
   * A value with its postfix forms: {@code x => y} (in/out), binary operators ({@code ==}, {@code
   * &&}, {@code ||}, {@code !=}) between values.
   *
   * <p>Sample: {@code [{WIFEXITED(s) && WEXITSTATUS(s) == 3}]}, {@code [128 => 16]}, {@code
   * clone3({flags=CLONE_VM, ...} => {parent_tid=[22627]}, 88)}
   */
  Arg expr(int depth) {
    if (depth > limits.maxDepth()) throw fail("nesting deeper than " + limits.maxDepth());
    if (p < end && (CLASS[b[p] & 0xff] & IDENT_START) != 0) {
      Arg f = flagSet(depth);
      if (f != null) return f;
    }
    Arg first = primary(depth);
    // most values end right at a separator: no flag bar, operator or "=>" can follow them
    if (p >= end || (CLASS[b[p] & 0xff] & VALUE_END) != 0) return first;
    Arg left = binaryFrom(depth, 0, flagsFrom(depth, first));
    int save = p;
    skipSpace();
    if (p + 1 < end && b[p] == '=' && b[p + 1] == '>') {
      p += 2;
      skipSpace();
      return new Arg.InOut(left, binary(depth, 0));
    }
    p = save;
    return left;
  }

  /**
   * A flag set of identifiers and numbers that ends at a separator, cached by its text: {@code
   * O_RDONLY|O_CLOEXEC}, {@code S_IFREG|0644}, {@code PROT_READ|PROT_WRITE} repeat verbatim. Null
   * (position kept) when the value is anything else; the general path then parses it.
   *
   * <p>Sample: {@code newfstatat(3</etc/ld.so.cache>, "", {st_mode=S_IFREG|0644, st_size=34547,
   * ...}, AT_EMPTY_PATH) = 0}
   */
  private Arg flagSet(int depth) {
    int s = p;
    int q;
    if (s == identFrom) {
      q = identTo;
    } else {
      q = s;
      while (q < end && isIdentPart(b[q])) q++;
    }
    if (q >= end || b[q] != '|') return null;
    int r = q;
    while (r < end) {
      byte c = b[r];
      if (c == '|') {
        if (b[r - 1] == '|') return null; // "||" is an operator
        r++;
      } else if (isIdentPart(c)) {
        r++;
      } else {
        break;
      }
    }
    if (r >= end || (CLASS[b[r] & 0xff] & VALUE_END) == 0 || b[r - 1] == '|') return null;
    NameCache.Entry en = flagSets.lookup(b, s, r);
    if (en != null && en.extra instanceof Arg.Flags cached) {
      p = r;
      return cached;
    }
    // the same text always parses the same way: parse it once, keep it when it is a flag set
    Arg parsed = flagsFrom(depth, primary(depth));
    if (p != r || !(parsed instanceof Arg.Flags)) {
      p = s;
      return null;
    }
    if (en != null) en.extra = parsed;
    return parsed;
  }

  private static final String[] OPS = {"||", "&&", "==", "!=", "<=", ">=", "<<", ">>", "+", "-"};
  private static final int[] PREC = {1, 2, 3, 3, 3, 3, 4, 4, 5, 5};

  /** Precedence climbing over {@link #OPS}; left-associative. */
  private Arg binary(int depth, int minPrec) {
    return binaryFrom(depth, minPrec, flags(depth));
  }

  private Arg binaryFrom(int depth, int minPrec, Arg left) {
    while (true) {
      int save = p;
      skipSpace();
      int op = operatorAt();
      if (op < 0 || PREC[op] <= minPrec) {
        p = save;
        return left;
      }
      if (depth > limits.maxDepth()) throw fail("nesting deeper than " + limits.maxDepth());
      p += OPS[op].length();
      skipSpace();
      Arg right = binary(depth + 1, PREC[op]);
      left = new Arg.BinOp(OPS[op], left, right);
    }
  }

  private int operatorAt() {
    if (p + 1 >= end) return -1;
    byte c = b[p];
    byte d = b[p + 1];
    if (c == '|' && d == '|') return 0;
    if (c == '&' && d == '&') return 1;
    if (c == '=' && d == '=') return 2;
    if (c == '!' && d == '=') return 3;
    if (c == '<' && d == '=') return 4;
    if (c == '>' && d == '=') return 5;
    if (c == '<' && d == '<') return 6;
    if (c == '>' && d == '>') return 7;
    if ((c == '+' || c == '-') && d == ' ' && p > 0 && b[p - 1] == ' ') return c == '+' ? 8 : 9;
    return -1;
  }

  /**
   * A flag set {@code A|B|0644} (a single primary when there is no {@code |}).
   *
   * <p>Sample: {@code mmap(NULL, 8192, PROT_READ|PROT_WRITE, MAP_PRIVATE|MAP_ANONYMOUS, -1, 0)}
   */
  private Arg flags(int depth) {
    return flagsFrom(depth, primary(depth));
  }

  private Arg flagsFrom(int depth, Arg first) {
    if (!atFlagBar()) return first;
    int base = top;
    push(first);
    while (atFlagBar()) {
      p++;
      if (top - base >= limits.maxArgs()) throw fail("too many flags");
      push(primary(depth));
    }
    return new Arg.Flags(popList(base));
  }

  /** At a single {@code |} (after an optional -X verbose comment); else the position is kept. */
  private boolean atFlagBar() {
    int save = p;
    if (p < end && b[p] == ' ') skipSpace();
    if (p < end && b[p] == '|' && !(p + 1 < end && b[p + 1] == '|')) return true;
    p = save;
    return false;
  }

  /** One value without operators. */
  private Arg primary(int depth) {
    skipSpace();
    if (p >= end) throw fail("expected a value");
    byte c = b[p];
    if (c == '"') return string();
    if (c == '[') return array(depth, false);
    if (c == '{') return struct(depth);
    if (c == '-' || (c >= '0' && c <= '9')) return number();
    if (isIdentStart(c)) return identOrCall(depth);
    if (c == '~' && p + 1 < end && b[p + 1] == '[') {
      p++;
      return array(depth, true);
    }
    if (c == '~' || c == '!') {
      // ~O_CLOEXEC, !WIFEXITED(s): a unary operator, kept as a call of the operator
      p++;
      Arg operand = primary(depth + 1);
      return new Arg.Call(c == '~' ? "~" : "!", List.of(operand));
    }
    if (c == '&') {
      p++;
      int s = p;
      while (p < end && isIdentPart(b[p])) p++;
      if (p == s) throw fail("expected a name after '&'");
      return new Arg.Ref(names.get(b, s, p));
    }
    if (c == '.' && p + 2 < end && b[p + 1] == '.' && b[p + 2] == '.') {
      p += 3;
      return ELLIPSIS;
    }
    if (c == '<' && p + 3 < end && b[p + 1] == '.' && b[p + 2] == '.' && b[p + 3] == '.') {
      // restart_syscall(<... resuming interrupted clock_nanosleep ...>)
      int s = p;
      int close = indexOf((byte) '>', p);
      if (close < 0) throw fail("unterminated '<...'");
      p = close + 1;
      return new Arg.Raw(latin1(s, p));
    }
    if (c == '(') {
      // a parenthesised expression, e.g. (1<<3)
      p++;
      Arg inner = expr(depth + 1);
      skipSpace();
      expect(')');
      return inner;
    }
    throw fail("unexpected character '" + printable(c) + "'");
  }

  private static final Arg.Ellipsis ELLIPSIS = new Arg.Ellipsis();
  private static final Arg.Field FIELD_ELLIPSIS = new Arg.Field(null, ELLIPSIS);
  private static final Arg.Str EMPTY_STR = new Arg.Str(new byte[0], false);

  // ---------------------------------------------------------------- numbers and fds

  /**
   * Integers (decimal, hex, octal, negative, {@code N*M}), optionally with an fd decoration.
   *
   * <p>Sample: {@code fcntl(3</usr/lib/python3.11/os.py>, F_GETFD) = 0x1 (flags FD_CLOEXEC)},
   * {@code openat(-100 /* AT_FDCWD *}{@code /</tmp>, "x", 0x80000 /* O_RDONLY|O_CLOEXEC *}{@code
   * /)}
   */
  private Arg number() {
    int s = p;
    long v = scanLong();
    if (p < end && b[p] == '.' && p + 1 < end && isDigit(b[p + 1])) {
      // a decimal fraction (e.g. a time); kept verbatim
      p++;
      while (p < end && isDigit(b[p])) p++;
      return new Arg.Raw(latin1(s, p));
    }
    if (p < end && b[p] == '*' && p + 1 < end && isDigit(b[p + 1])) {
      p++;
      long m = scanLong();
      return new Arg.Int(v * m, latin1(s, p));
    }
    int numEnd = p;
    int ns = pidnsComment(p);
    if (ns >= 0) {
      p = ns;
      return new Arg.Int(nsPid, latin1(s, numEnd));
    }
    int q = afterComment(p);
    if (q < end && b[q] == '<' && !(q + 1 < end && (b[q + 1] == '<' || b[q + 1] == '='))) {
      p = q;
      return fdDecoration(v);
    }
    return integer(s, numEnd, v);
  }

  /**
   * The {@link Arg.Int} of value {@code v} printed as {@code b[s, e)}: shared for small plain
   * decimals, else from the cache (addresses like 0x7ffc2e65fe30, sizes and offsets repeat).
   */
  private Arg.Int integer(int s, int e, long v) {
    return smallDecimal(s, e, v) ? SMALL_INTS[(int) v] : ints.integer(b, s, e, v);
  }

  /** {@code b[s, e)} is {@code v} printed as a plain decimal below 100 ("7", "42", not "07"). */
  private boolean smallDecimal(int s, int e, long v) {
    int n = e - s;
    return v >= 0 && v < SMALL.length && (n == 1 || (n == 2 && b[s] != '0'));
  }

  /**
   * An fd decoration starts at {@code q} ({@code 3</x>}, {@code AT_FDCWD</tmp>}), not an operator
   * ({@code <<}, {@code <=}) or the last byte of the range.
   */
  private boolean decorationAt(int q) {
    return q + 1 < end && b[q] == '<' && b[q + 1] != '<' && b[q + 1] != '=';
  }

  private static final Arg.Int[] SMALL_INTS = new Arg.Int[100];

  /** Raw text of an integer; shares one String for small plain decimals. */
  private String intRaw(int s, int e, long v) {
    return smallDecimal(s, e, v) ? SMALL[(int) v] : latin1(s, e);
  }

  private static final String[] SMALL = new String[100];

  static {
    for (int i = 0; i < SMALL.length; i++) SMALL[i] = Integer.toString(i);
    for (int i = 0; i < SMALL_INTS.length; i++) SMALL_INTS[i] = new Arg.Int(i, SMALL[i]);
  }

  /** Scans a signed decimal, 0x hex or 0-prefixed octal number; huge values wrap (unsigned). */
  long scanLong() {
    boolean neg = false;
    if (p < end && b[p] == '-') {
      neg = true;
      p++;
    }
    if (p >= end || !isDigit(b[p])) throw fail("expected a number");
    long v = 0;
    if (b[p] == '0' && p + 1 < end && (b[p + 1] == 'x' || b[p + 1] == 'X')) {
      p += 2;
      int s = p;
      while (p < end) {
        int d = hexVal(b[p]);
        if (d < 0) break;
        v = (v << 4) | d;
        p++;
      }
      if (p == s) throw fail("expected hex digits");
      if (p - s > 16) throw fail("hex number too long");
    } else if (b[p] == '0' && p + 1 < end && isDigit(b[p + 1])) {
      p++;
      int s = p;
      while (p < end && b[p] >= '0' && b[p] <= '7') {
        v = (v << 3) | (b[p] - '0');
        p++;
      }
      if (p - s > 22) throw fail("octal number too long");
      if (p < end && isDigit(b[p])) throw fail("bad octal digit");
    } else {
      int s = p;
      while (p < end && isDigit(b[p])) {
        v = v * 10 + (b[p] - '0');
        p++;
      }
      if (p - s > 20) throw fail("number too long");
    }
    if (p < end && isIdentPart(b[p]) && b[p] != '_') throw fail("bad character in number");
    return neg ? -v : v;
  }

  /**
   * An fd decoration after the number: {@code 3</etc/passwd>}, {@code 3</x>(deleted)}, {@code
   * 0</dev/null<char 1:3>>}, {@code 5<TCP:[127.0.0.1:37175->127.0.0.1:57982]>}, {@code
   * 3<UDPv6:[[::1]:33384->[::1]:9]>}, {@code 5<UNIX-STREAM:[1161472->1161471,"/tmp/s"]>}. Brackets
   * and quoted names protect their content in socket decorations; {@code <} and {@code >} inside
   * paths are escaped by strace. Escapes are decoded (ISO-8859-1, byte-preserving).
   */
  private Arg.Fd fdDecoration(long fd) {
    p++; // '<'
    int s = p;
    int depth = 1;
    int brackets = 0;
    // A path ("/tmp/id_\33[31mevil": a file name may hold an unbalanced '[') has its own '<' and
    // '>' escaped by strace, so brackets protect nothing there; only socket-like decorations
    // ("TCP:[a->b]", "UDPv6:[[::1]:9->[::1]:53]") need them.
    boolean path = p < end && b[p] == '/';
    boolean escapes = false;
    int memo = path ? memoSlot(fd) : -1;
    if (memo >= 0) {
      // the path this fd had last time, when it has it again (open, fstat, read, lseek, close of
      // one file; the cwd of AT_FDCWD): checked by comparing its bytes, no scan and no hash. The
      // memo holds only paths whose first '<', '>' or '\\' was the closing '>', so the scan would
      // stop at the same place
      NameCache.Entry m = pathOfFd[memo];
      if (m != null) {
        int e = s + m.len;
        if (e < end && b[e] == '>' && m.holds(b, s, e)) {
          p = e + 1;
          return NameCache.fd(m, fd, skipDeleted());
        }
      }
    }
    // fast path for paths: skip the plain part (no < > \\) word by word; the loop handles the
    // rest (socket decorations go through the loop: a quote must not be skipped)
    if (path) p = Bytes.indexOfPathSpecial(b, p, end);
    boolean plain = path && p < end && b[p] == '>';
    while (p < end) {
      byte c = b[p];
      if (c == '\\') {
        escapes = true;
        p += 2;
        continue;
      }
      if (c == '"' && !path) {
        // a socket's quoted name ('3<UNIX-STREAM:[1161472->1161471,"/tmp/a[b>c"]>'): strace
        // escapes only '"' and '\\' in it, so skip it whole
        p++;
        while (p < end && b[p] != '"') {
          if (b[p] == '\\') {
            escapes = true;
            p += 2;
          } else {
            p++;
          }
        }
        if (p >= end) break;
        p++;
        continue;
      }
      if (c == '[' && !path) brackets++;
      else if (c == ']' && brackets > 0) brackets--;
      else if (brackets == 0) {
        if (c == '<') depth++;
        else if (c == '>' && --depth == 0) break;
      }
      p++;
    }
    if (p >= end) throw new Failure(s - 1, "unterminated fd decoration");
    if (p - s > limits.maxStringBytes()) throw new Failure(s, "fd decoration too long");
    if (escapes) {
      String deco = unescape(s, p);
      p++; // '>'
      return new Arg.Fd(fd, deco, skipDeleted());
    }
    int e = p;
    p++; // '>'
    boolean deleted = skipDeleted();
    // the same fd with the same decoration repeats (lseek/read/close of one file): one Fd for it
    NameCache.Entry en = decorations.lookup(b, s, e);
    if (en == null) {
      return new Arg.Fd(fd, new String(b, s, e - s, StandardCharsets.ISO_8859_1), deleted);
    }
    if (plain && memo >= 0) pathOfFd[memo] = en;
    return NameCache.fd(en, fd, deleted);
  }

  /** Whether {@code (deleted)} follows a decoration's closing {@code >}; skips it if so. */
  private boolean skipDeleted() {
    boolean deleted = startsWith(p, "(deleted)");
    if (deleted) p += 9;
    return deleted;
  }

  /**
   * The decoded text of a decoration with escapes, {@code b[s, e)}: every escape checked as in
   * strings (same errors), then decoded. A backslash at the very end stays as it is.
   */
  private String unescape(int s, int e) {
    int n = 0;
    for (int i = s; i < e; n++) {
      i += b[i] != '\\' || i + 1 >= e ? 1 : escapeLength(i, e);
    }
    return new String(Escapes.decode(Arrays.copyOfRange(b, s, e), n), StandardCharsets.ISO_8859_1);
  }

  // ---------------------------------------------------------------- identifiers and calls

  /**
   * {@code O_RDONLY}, {@code NULL}, {@code AT_FDCWD</root>}, calls {@code htons(443)}, {@code
   * inet_pton(AF_INET6, "::1", &sin6_addr)}, {@code makedev(0x1, 0x3)}.
   *
   * <p>Sample: {@code connect(3<TCPv6:[64728]>, {sa_family=AF_INET6, sin6_port=htons(9),
   * sin6_flowinfo=htonl(0), inet_pton(AF_INET6, "::1", &sin6_addr), sin6_scope_id=0}, 28)}
   */
  private Arg identOrCall(int depth) {
    int s = p;
    if (s == identFrom) p = identTo;
    else while (p < end && isIdentPart(b[p])) p++;
    NameCache.Entry en = names.lookup(b, s, p);
    String name = en == null ? latin1(s, p) : en.str;
    if (p < end && b[p] == '(') {
      p++;
      int base = top;
      skipSpace();
      if (p < end && b[p] == ')') {
        p++;
        return new Arg.Call(name, ArgList.empty());
      }
      while (true) {
        if (top - base >= limits.maxArgs()) throw fail("too many arguments");
        push(expr(depth + 1));
        skipSpace();
        if (p >= end) throw fail("unterminated call");
        if (b[p] == ',') {
          p++;
        } else if (b[p] == ')') {
          p++;
          return new Arg.Call(name, popList(base));
        } else {
          throw fail("expected ',' or ')' in call");
        }
      }
    }
    int q = afterComment(p);
    if (decorationAt(q)) {
      p = q;
      return fdDecoration("AT_FDCWD".equals(name) ? -100 : -1);
    }
    return en == null ? new Arg.Ident(name) : en.ident();
  }

  // ---------------------------------------------------------------- strings

  /**
   * A quoted string; {@code "..."...} marks truncation. Every escape is checked here (a bad one is
   * a parse error at this line) and the decoded length counted, but a string with escapes keeps its
   * escaped text and is decoded on first use ({@link Arg.Str#bytes()}).
   *
   * <p>Sample: {@code sendto(3<UDP:[64686]>, "\0224\1\0\0\1\0\0\0\0\0\0\3pkg\7invalid\0\0\1\0\1",
   * 29, 0, ...)}, {@code execve("\x2f\x72\x6f", ...)} (-xx), {@code read(3, "abc"..., 4096)}
   */
  private Arg.Str string() {
    int s = ++p;
    // fast path: no escapes
    p = Bytes.indexOfEither(b, p, end, (byte) '"', (byte) '\\');
    if (p < end && b[p] == '"') {
      if (p - s > limits.maxStringBytes()) throw new Failure(s, "string too long");
      if (p == s && !(p + 3 < end && b[p + 1] == '.' && b[p + 2] == '.' && b[p + 3] == '.')) {
        // "" (newfstatat(3</x>, "", {...}, AT_EMPTY_PATH)): one shared, immutable empty string
        p++;
        return EMPTY_STR;
      }
      byte[] bytes = Arrays.copyOfRange(b, s, p);
      p++;
      boolean truncated = false;
      if (p + 2 < end && b[p] == '.' && b[p + 1] == '.' && b[p + 2] == '.') {
        truncated = true;
        p += 3;
      }
      return new Arg.Str(bytes, truncated);
    }
    int q = checkEscapesByWords(s);
    if (q < 0) q = checkEscapes(s);
    byte[] text = Arrays.copyOfRange(b, s, q);
    p = q + 1;
    boolean truncated = false;
    if (p + 2 < end && b[p] == '.' && b[p + 1] == '.' && b[p + 2] == '.') {
      truncated = true;
      p += 3;
    }
    return Arg.Str.escaped(text, escapedLength, truncated);
  }

  /** The decoded length of the string last checked (by either check). */
  private int escapedLength;

  /**
   * Checks the rest of a string with escapes, from its first {@code \\} (at {@link #p}; the
   * string's text starts at {@code s}) to the closing quote, whose index it returns; the decoded
   * length goes to {@link #escapedLength}. Errors are those decoding would meet, in the same order:
   * a string longer than the limit once decoded, an unknown escape ({@code \8}, {@code \q}), an
   * octal escape over {@code \377}, {@code \x} without a hex digit, a line that ends inside.
   *
   * <p>The exact scan, one escape at a time, for what {@link #checkEscapesByWords} leaves to it:
   * every escape is two bytes plus digits, and no digit can be a quote or a backslash, so the next
   * one is searched from two bytes on; the digits only count towards the length. Sample: {@code
   * read(3</usr/lib/x86_64-linux-gnu/libc.so.6>, "\177ELF\2\1\1\3\0\0\0\0\0\0\0\0\3\0>\0\1\0\0\0",
   * 832)}
   */
  private int checkEscapes(int s) {
    int max = limits.maxStringBytes();
    int q = p;
    int removed = 0; // bytes of escape text beyond the one byte each escape decodes to
    while (q < end && b[q] != '"') {
      // b[q] is a backslash; decoded bytes before it: (q - s) - removed
      if ((q - s) - removed >= max) throw new Failure(s, "string too long");
      removed += escapeLength(q, end) - 1;
      q = Bytes.indexOfEither(b, q + 2, end, (byte) '"', (byte) '\\');
    }
    int length = (q - s) - removed;
    if (length > max) throw new Failure(s, "string too long");
    if (q >= end) throw new Failure(s - 1, "unterminated string");
    escapedLength = length;
    return q;
  }

  /**
   * {@link #checkEscapes} for the usual string, eight bytes per step: what it returns and counts,
   * or -1 when the string holds anything this does not decide itself (a bad escape, no closing
   * quote in the whole words of the range, more bytes than the limit), which the exact scan then
   * handles from the start, errors included.
   *
   * <p>Finding each escape from the previous one makes every step wait for the last; here the steps
   * are fixed, and escapes are masks (0x80 in a byte): backslashes that start an escape, the letter
   * or first digit after each ({@code letters}), a second and third octal digit (each the byte
   * after an octal digit of the previous mask), the closing quote (one that is no letter). Each
   * escape decodes to one byte, so the decoded length is the text's minus every letter and extra
   * digit. Masks carry their top byte into the next word.
   *
   * <p>Sample: {@code read(3</usr/lib/x86_64-linux-gnu/libc.so.6>,
   * "\177ELF\2\1\1\3\0\0\0\0\0\0\0\0\3\0>\0\1\0\0\0P\237\2\0\0\0\0\0@\0\0\0\0\0\0\0"..., 832) =
   * 832}
   */
  private int checkEscapesByWords(int s) {
    int max = limits.maxStringBytes();
    int i = p;
    int removed = 0;
    long carry = 0; // 0x80 in byte 0: the previous word ended with a backslash starting an escape
    long prevO1 = 0;
    long prevO2 = 0;
    long prevHigh = 0;
    while (i + 8 <= end && i + 8 - s <= max) {
      long v = Bytes.word(b, i);
      long backslashes = Bytes.zeroBytes(v ^ 0x5C5C5C5C5C5C5C5CL);
      if ((backslashes | carry | ((prevO1 | prevO2) >>> 56)) == 0) {
        // plain text (most words of a written file: "import os\n..."): no escape starts, ends or
        // goes on in this word; only the closing quote can be here
        long quote = Bytes.zeroBytes(v ^ 0x2222222222222222L);
        if (quote != 0) {
          int q = i + (Long.numberOfTrailingZeros(quote) >>> 3);
          escapedLength = (q - s) - removed;
          return q;
        }
        prevO1 = 0;
        prevO2 = 0;
        prevHigh = 0;
        i += 8;
        continue;
      }
      long starts = backslashes & ~carry;
      if ((starts & (starts << 8)) != 0) {
        // backslashes in a row ("\\\\" is an escaped backslash, 0x5c in binary data): in order,
        // each one starts an escape unless the one before it did
        starts = 0;
        long letter = carry;
        for (long m = backslashes; m != 0; m &= m - 1) {
          long bit = m & -m;
          if ((letter & bit) == 0) {
            starts |= bit;
            letter |= bit << 8;
          }
        }
      }
      long letters = (starts << 8) | carry;
      long quote = Bytes.zeroBytes(v ^ 0x2222222222222222L) & ~letters;
      long keep = quote == 0 ? -1L : (quote & -quote) - 1; // the bytes before the closing quote
      letters &= keep;
      long oct = Bytes.zeroBytes((v ^ 0x3030303030303030L) & 0xF8F8F8F8F8F8F8F8L) & keep;
      long o1 = letters & oct;
      long others = letters & ~oct;
      while (others != 0) {
        // letters (\n, \t, \") and hex escapes, one by one through the tables
        int at = i + (Long.numberOfTrailingZeros(others) >>> 3);
        byte kind = Escapes.KIND[b[at] & 0xff];
        if (kind == Escapes.HEX) {
          if (at + 2 >= end || Escapes.HEXD[b[at + 1] & 0xff] == 0) return -1;
          removed += 1 + Escapes.HEXD[b[at + 2] & 0xff];
        } else if (kind != Escapes.LETTER) {
          return -1;
        }
        others &= others - 1;
      }
      long o2 = ((o1 << 8) | (prevO1 >>> 56)) & oct;
      long o3 = ((o2 << 8) | (prevO2 >>> 56)) & oct;
      // a third digit after a first one of 4-7 is over \377
      long high = o1 & (v << 5); // first digits 4-7: bit 2 of the digit, moved to bit 7
      if ((o3 & ((high << 16) | (prevHigh >>> 48))) != 0) return -1;
      removed += Long.bitCount(letters) + Long.bitCount(o2) + Long.bitCount(o3);
      if (quote != 0) {
        int q = i + (Long.numberOfTrailingZeros(quote) >>> 3);
        escapedLength = (q - s) - removed;
        return q;
      }
      carry = starts >>> 56;
      prevO1 = o1;
      prevO2 = o2;
      prevHigh = high;
      i += 8;
    }
    return -1;
  }

  /**
   * The length of the escape whose backslash is at {@code q}, its text ending by {@code e}; a bad
   * escape is a failure at the backslash: {@code \8} and {@code \q} unknown, an octal escape over
   * {@code \377}, {@code \x} without a hex digit, nothing after the backslash.
   */
  private int escapeLength(int q, int e) {
    if (q + 1 >= e) throw new Failure(q, "unterminated escape");
    int c = b[q + 1] & 0xff;
    switch (Escapes.KIND[c]) {
      case Escapes.LETTER:
        return 2;
      case Escapes.OCTAL:
        {
          int j = q + 2;
          int v = c - '0';
          while (j < e && j < q + 4 && Escapes.OCT[b[j] & 0xff] != 0) v = (v << 3) | (b[j++] - '0');
          if (v > 0xff) throw new Failure(q, "octal escape out of range");
          return j - q;
        }
      case Escapes.HEX:
        {
          int j = q + 2;
          while (j < e && j < q + 4 && Escapes.HEXD[b[j] & 0xff] != 0) j++;
          if (j == q + 2) throw new Failure(q, "bad \\x escape");
          return j - q;
        }
      default:
        throw new Failure(q, "unknown escape '\\" + printable((byte) c) + "'");
    }
  }

  // ---------------------------------------------------------------- arrays and structs

  /**
   * {@code [A B]} (signal sets, space separated), {@code [1, 2]}, {@code ~[RTMIN RT_1]}, {@code [28
   * => 16]}, {@code [{fd=3, revents=POLLIN}]}, {@code []}.
   *
   * <p>Sample: {@code rt_sigprocmask(SIG_BLOCK, ~[RTMIN RT_1], [], 8) = 0}
   */
  private Arg array(int depth, boolean negated) {
    if (depth >= limits.maxDepth()) throw fail("nesting deeper than " + limits.maxDepth());
    p++; // '['
    int base = top;
    skipSpace();
    if (p < end && b[p] == ']') {
      p++;
      return new Arg.Array(ArgList.empty(), negated);
    }
    while (true) {
      if (top - base >= limits.maxArgs()) throw fail("too many array items");
      push(expr(depth + 1));
      skipSpace();
      if (p >= end) throw fail("unterminated array");
      byte c = b[p];
      if (c == ',') {
        p++;
      } else if (c == ']') {
        p++;
        if (!negated && top - base == 1 && stack[base] instanceof Arg.InOut io) {
          top = base;
          return io;
        }
        return new Arg.Array(popList(base), negated);
      } else if (c == ' ' || c == '\t') {
        skipSpace();
      }
      // else: space-separated item (signal sets): loop on
    }
  }

  /**
   * {@code {sa_family=AF_INET, sin_port=htons(53), sin_addr=inet_addr("127.0.0.1")}}, unnamed
   * members ({@code {WIFEXITED(s) && WEXITSTATUS(s) == 0}}), {@code ...}.
   *
   * <p>Sample: {@code newfstatat(0</dev/null<char 1:3>>, "", {st_mode=S_IFCHR|0666,
   * st_rdev=makedev(0x1, 0x3), ...}, AT_EMPTY_PATH) = 0}
   */
  private Arg struct(int depth) {
    if (depth >= limits.maxDepth()) throw fail("nesting deeper than " + limits.maxDepth());
    // a flat struct of scalars repeats verbatim ({st_mode=S_IFDIR|0755, st_size=4096, ...}): its
    // text gives the same immutable Struct wherever it is (no string, whose bytes a consumer could
    // change, and no call or array, whose depth would count), so it is cached by its text
    int s = p;
    int to = Math.min(end, s + MAX_FLAT_STRUCT);
    int close = Bytes.indexOfStructEnd(b, s + 1, to);
    NameCache.Entry en = null;
    if (close < to && b[close] == '}') {
      en = structs.lookup(b, s, close + 1);
      if (en != null && en.extra instanceof Arg.Struct cached) {
        p = close + 1;
        return cached;
      }
    }
    Arg parsed = structFields(depth);
    if (en != null && p == close + 1) en.extra = parsed;
    return parsed;
  }

  private static final int MAX_FLAT_STRUCT = 160;

  /** Fds 0..1023 and AT_FDCWD remember their last plain path decoration. */
  static final int FD_MEMO = 1025;

  /** The memo slot of an fd, or -1 when it has none. */
  private static int memoSlot(long fd) {
    return fd >= 0 && fd < FD_MEMO - 1 ? (int) fd : fd == -100 ? FD_MEMO - 1 : -1;
  }

  private Arg structFields(int depth) {
    p++; // '{'
    int base = top;
    skipSpace();
    if (p < end && b[p] == '}') {
      p++;
      return new Arg.Struct(ArgList.empty());
    }
    while (true) {
      if (top - base >= limits.maxArgs()) throw fail("too many struct fields");
      skipSpace();
      String name = fieldName();
      Arg v = depth + 1 <= limits.maxDepth() ? simple() : null;
      if (v == null) v = expr(depth + 1);
      // "..." closes most structs ({st_mode=S_IFREG|0644, st_size=34547, ...}): one shared field
      push(name == null && v == ELLIPSIS ? FIELD_ELLIPSIS : new Arg.Field(name, v));
      skipSpace();
      if (p >= end) throw fail("unterminated struct");
      byte c = b[p];
      if (c == ',') {
        p++;
      } else if (c == '}') {
        p++;
        return new Arg.Struct(popList(base));
      } else {
        throw fail("expected ',' or '}' in struct");
      }
    }
  }

  /** {@code name=} (also {@code c_cc[VMIN]=}, {@code a.b=}) or null for an unnamed member. */
  private String fieldName() {
    if (p >= end || !isIdentStart(b[p])) return null;
    int s = p;
    int q = p;
    while (q < end && isIdentPart(b[q])) q++;
    // remembered so that the value, when this was no name, does not scan the identifier again
    identFrom = s;
    identTo = q;
    while (q < end && (isIdentPart(b[q]) || b[q] == '.')) q++;
    if (q < end && b[q] == '[') {
      int close = indexOf((byte) ']', q);
      if (close < 0) return null;
      q = close + 1;
    }
    if (q < end && b[q] == '=' && !(q + 1 < end && (b[q + 1] == '=' || b[q + 1] == '>'))) {
      p = q + 1;
      return names.get(b, s, q);
    }
    return null;
  }

  // ---------------------------------------------------------------- returns

  /**
   * The return part after {@code ") "}: {@code = 0}, {@code = -1 ENOENT (No such file or
   * directory)}, {@code = 3</etc/ld.so.cache>}, {@code = ? ERESTARTSYS (To be restarted if
   * SA_RESTART is set)}, {@code = ?}, {@code = ? <unavailable>}, {@code = 0x1 (flags FD_CLOEXEC)},
   * {@code = 1 ([{fd=3, revents=POLLOUT}])}, then {@code <0.000048>}.
   *
   * <p>Sample: {@code read(3<pipe:[64766]>, 0x7f3bc0903a70, 1) = ? ERESTARTSYS (To be restarted if
   * SA_RESTART is set) <0.049932>}
   */
  TraceEvent.Return ret(long[] duration) {
    duration[0] = -1;
    skipSpace();
    if (p >= end || b[p] != '=') throw fail("expected '=' and a return value");
    p++;
    skipSpace();
    int s = p;
    // the return text repeats ("-1 ENOENT (No such file or directory)", "0", "4096"): when this
    // one is in the cache, only the duration after it is left to read
    int known = returnTextEnd(s);
    if (known > s && known - s <= MAX_CACHED_RETURN) {
      int slot = Bytes.hash(b, s, known) & (retKeys.length - 1);
      byte[] k = retKeys[slot];
      if (k != null && k.length == known - s && Arrays.equals(k, 0, k.length, b, s, known)) {
        p = known;
        skipSpace();
        durations(duration);
        if (p < end) throw fail("unexpected text after the return value");
        return retVals[slot];
      }
    }
    int translatedEnd = -1;
    long value = 0;
    boolean unknown = false;
    Arg.Fd fd = null;
    if (p < end && b[p] == '?') {
      unknown = true;
      p++;
    } else {
      long v = scanLong();
      if (p < end && b[p] == '<' && !startsWith(p, "<unavailable>")) {
        fd = fdDecoration(v);
      } else {
        int ns = pidnsComment(p);
        if (ns >= 0) {
          translatedEnd = p;
          v = nsPid;
          p = ns;
        }
      }
      value = v;
    }
    String errno = null;
    int errTextS = -1;
    int errTextE = -1;
    int extraS = -1;
    int extraE = -1;
    boolean unavailable = false;
    int rawEnd = p;
    skipSpace();
    if (p < end && b[p] == 'E' && p + 1 < end && b[p + 1] >= 'A' && b[p + 1] <= 'Z') {
      int es = p;
      while (p < end && isIdentPart(b[p])) p++;
      errno = names.get(b, es, p);
      rawEnd = p;
      skipSpace();
      if (p < end && b[p] == '(') {
        errTextS = p + 1;
        parenText();
        errTextE = p - 1;
        rawEnd = p;
        skipSpace();
      }
    } else if (p < end && b[p] == '(') {
      extraS = p + 1;
      parenText();
      extraE = p - 1;
      rawEnd = p;
      skipSpace();
    }
    while (p < end && b[p] == '<') {
      if (startsWith(p, "<unavailable>")) {
        unavailable = true;
        p += 13;
        rawEnd = p;
      } else {
        p++;
        duration[0] = scanDuration();
        if (p >= end || b[p] != '>') throw fail("expected '>' after the duration");
        p++;
      }
      skipSpace();
    }
    if (p < end) throw fail("unexpected text after the return value");
    // a translated pid: raw is the namespace pid as printed (the comment is not part of it)
    if (translatedEnd >= 0 && errno == null && extraS < 0 && !unavailable) {
      rawEnd = translatedEnd;
    }
    // the same return text gives the same (immutable) Return: "-1 ENOENT (No such file or
    // directory)", "0", "4096" repeat on most lines; cached by its bytes, direct-mapped
    int slot = -1;
    int n = rawEnd - s;
    // (not with <unavailable>: a cached text never ends in a '<...>', see returnTextEnd)
    if (fd == null && translatedEnd < 0 && !unavailable && n <= MAX_CACHED_RETURN) {
      slot = Bytes.hash(b, s, rawEnd) & (retKeys.length - 1);
      byte[] k = retKeys[slot];
      if (k != null && k.length == n && Arrays.equals(k, 0, n, b, s, rawEnd)) return retVals[slot];
    }
    String errText = errTextS < 0 ? null : latin1(errTextS, errTextE);
    String extra = extraS < 0 ? null : latin1(extraS, extraE);
    String raw =
        translatedEnd >= 0
            ? latin1(s, rawEnd)
            : fd == null && errno == null && extra == null && !unknown && !unavailable
                ? intRaw(s, rawEnd, value)
                : latin1(s, rawEnd);
    TraceEvent.Return r =
        new TraceEvent.Return(
            unknown ? null : value, unknown, errno, errText, fd, extra, unavailable, raw);
    if (slot >= 0) {
      retKeys[slot] = Arrays.copyOfRange(b, s, rawEnd);
      retVals[slot] = r;
    }
    return r;
  }

  /**
   * The {@code <0.000048>} duration after a cached return text ({@link #returnTextEnd} let nothing
   * else follow it), read as the full parse reads it.
   *
   * <p>Sample: {@code 22621 1795461076.485939 access("/etc/ld.so.preload", R_OK) = -1 ENOENT (No
   * such file or directory) <0.000012>}
   */
  private void durations(long[] duration) {
    while (p < end && b[p] == '<') {
      p++;
      duration[0] = scanDuration();
      if (p >= end || b[p] != '>') throw fail("expected '>' after the duration");
      p++;
      skipSpace();
    }
  }

  /**
   * Where the return text starting at {@code s} ends if the line ends with it or with it, spaces
   * and a {@code <0.000048>} duration; -1 when the line ends with some other {@code >} (an fd, a
   * {@code <unavailable>}): those are parsed in full.
   *
   * <p>Sample: {@code 22621 1795461076.486021 close(3</etc/ld.so.cache>) = 0 <0.000009>} (the text
   * is {@code 0}); {@code = 3</etc/ld.so.cache> <0.000019>} gives {@code 3</etc/ld.so.cache>},
   * never found (returns with an fd are not cached); {@code = 3</etc/ld.so.cache>} alone gives -1.
   */
  private int returnTextEnd(int s) {
    int e = end;
    if (e <= s) return -1;
    if (b[e - 1] != '>') return e;
    int q = e - 2;
    while (q > s && (isDigit(b[q]) || b[q] == '.')) q--;
    if (q == e - 2 || q <= s || b[q] != '<' || b[q - 1] != ' ') return -1;
    while (q > s && b[q - 1] == ' ') q--;
    return q;
  }

  private static final int MAX_CACHED_RETURN = 96;
  private final byte[][] retKeys;
  private final TraceEvent.Return[] retVals;

  /** {@code 0.000048} (seconds, any number of fraction digits) as microseconds. */
  long scanDuration() {
    int s = p;
    long sec = 0;
    while (p < end && isDigit(b[p])) {
      sec = sec * 10 + (b[p] - '0');
      p++;
    }
    if (p == s || p - s > 12) throw fail("expected a duration");
    long micros = sec * 1_000_000L;
    if (p < end && b[p] == '.') {
      p++;
      long scale = 100_000;
      while (p < end && isDigit(b[p])) {
        micros += (b[p] - '0') * scale;
        scale /= 10;
        p++;
      }
    }
    return micros;
  }

  /** Skips a balanced {@code ( ... )}; the text inside is {@code [start + 1, p - 1)}. */
  private void parenText() {
    int s = p + 1;
    int depth = 0;
    while (p < end) {
      byte c = b[p];
      if (c == '(') depth++;
      else if (c == ')' && --depth == 0) {
        p++;
        return;
      } else if (c == '"') {
        int q = p + 1;
        while (q < end && b[q] != '"') q += b[q] == '\\' ? 2 : 1;
        p = q;
      }
      p++;
    }
    throw new Failure(s - 1, "unbalanced parenthesis");
  }

  // ---------------------------------------------------------------- helpers

  /** Skips spaces, tabs and {@code /* comments *}{@code /}. */
  void skipSpace() {
    while (p < end) {
      byte c = b[p];
      if (c == ' ' || c == '\t') {
        p++;
      } else if (c == '/' && p + 1 < end && b[p + 1] == '*') {
        int q = p + 2;
        while (q + 1 < end && !(b[q] == '*' && b[q + 1] == '/')) q++;
        if (q + 1 >= end) throw fail("unterminated comment");
        p = q + 2;
      } else {
        return;
      }
    }
  }

  private static final String PIDNS_TAIL = " in strace's PID NS */";

  /** The strace-side pid of the last {@link #pidnsComment} match. */
  private long nsPid;

  /**
   * At {@code q} just after an integer: {@code /* 18879 in strace's PID NS *}{@code /}, printed by
   * {@code strace --pidns-translation} after a pid the tracee sees in its own pid namespace.
   * Returns the index after the comment (and sets {@link #nsPid} to strace's pid), else -1.
   */
  private int pidnsComment(int q) {
    if (!(q + 3 < end && b[q] == ' ' && b[q + 1] == '/' && b[q + 2] == '*' && b[q + 3] == ' ')) {
      return -1;
    }
    int r = q + 4;
    int ds = r;
    long v = 0;
    while (r < end && isDigit(b[r]) && r - ds < 10) {
      v = v * 10 + (b[r] - '0');
      r++;
    }
    if (r == ds || !startsWith(r, PIDNS_TAIL)) return -1;
    nsPid = v;
    return r + PIDNS_TAIL.length();
  }

  /** Position after optional spaces + one comment (for {@code -100 /* AT_FDCWD *}{@code /</x>}). */
  private int afterComment(int q) {
    if (q + 2 < end && b[q] == ' ' && b[q + 1] == '/' && b[q + 2] == '*') {
      int r = q + 3;
      while (r + 1 < end && !(b[r] == '*' && b[r + 1] == '/')) r++;
      if (r + 1 < end) {
        int save = r + 2;
        if (save < end && b[save] == '<') return save;
      }
    }
    return q;
  }

  private void expect(char c) {
    if (p >= end || b[p] != c) throw fail("expected '" + c + "'");
    p++;
  }

  boolean startsWith(int at, String s) {
    int n = s.length();
    if (at + n > end) return false;
    for (int i = 0; i < n; i++) {
      if (b[at + i] != s.charAt(i)) return false;
    }
    return true;
  }

  private int indexOf(byte c, int from) {
    for (int i = from; i < end; i++) {
      if (b[i] == c) return i;
    }
    return -1;
  }

  String latin1(int s, int e) {
    return new String(b, s, e - s, StandardCharsets.ISO_8859_1);
  }

  String name(int s, int e) {
    return names.get(b, s, e);
  }

  static boolean isDigit(byte c) {
    return c >= '0' && c <= '9';
  }

  /** Character classes of the 256 byte values (one table load instead of a chain of compares). */
  private static final byte[] CLASS = new byte[256];

  private static final byte IDENT_START = 1;
  private static final byte IDENT_PART = 2;
  private static final byte VALUE_END = 4;

  static {
    for (int c = 0; c < 256; c++) {
      boolean letter = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
      boolean digit = c >= '0' && c <= '9';
      boolean valueEnd = c == ',' || c == ')' || c == '}' || c == ']';
      CLASS[c] =
          (byte)
              ((letter ? IDENT_START : 0)
                  | (letter || digit ? IDENT_PART : 0)
                  | (valueEnd ? VALUE_END : 0));
    }
  }

  static boolean isIdentStart(byte c) {
    return (CLASS[c & 0xff] & IDENT_START) != 0;
  }

  static boolean isIdentPart(byte c) {
    return (CLASS[c & 0xff] & IDENT_PART) != 0;
  }

  static int hexVal(byte c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
  }

  static String printable(byte c) {
    return c >= 0x20 && c < 0x7f ? String.valueOf((char) c) : String.format("\\x%02x", c & 0xff);
  }

  /**
   * Interns strings (and their {@link Arg.Ident}, {@link Arg.Fd}, {@link Arg.Int}) by their bytes,
   * so repeated names, fd decorations and numbers cost no allocation. A direct-mapped table: a
   * collision just replaces the entry. A key up to 16 bytes is held as two words (its first and
   * last 8 bytes) and compared as such; longer keys (paths) also keep their bytes.
   */
  static final class NameCache {
    /**
     * One key and what hangs on it, in one object: a lookup touches the table and this entry
     * (parallel arrays of lengths, words, keys, strings, identifiers and values cost a cache line
     * each at a random slot). Replaced, not changed, when another key takes the slot; {@code ident}
     * and {@code extra} are filled in lazily.
     */
    static final class Entry {
      final int len;
      final long first;
      final long last;
      final byte[] key; // the bytes of keys longer than 16 (shorter ones are first and last)
      final String str;
      Arg.Ident ident;
      Object extra;

      Entry(int len, long first, long last, byte[] key, String str) {
        this.len = len;
        this.first = first;
        this.last = last;
        this.key = key;
        this.str = str;
      }

      /** Whether {@code b[s, e)} is this entry's key (as {@link NameCache#lookup} compares). */
      boolean holds(byte[] b, int s, int e) {
        if (key != null) return Arrays.equals(key, 0, len, b, s, e);
        if (len >= 8) return Bytes.word(b, s) == first && Bytes.word(b, e - 8) == last;
        return Bytes.shortWord(b, s, e) == first;
      }

      Arg.Ident ident() {
        Arg.Ident id = ident;
        if (id == null) ident = id = new Arg.Ident(str);
        return id;
      }
    }

    private final Entry[] entries;
    private final int maxLen;
    private final boolean strings;

    NameCache() {
      this(4096, 48);
    }

    NameCache(int size, int maxLen) {
      this(size, maxLen, true);
    }

    /** {@code strings}: false for a cache of values only ({@link Entry#str} stays null). */
    NameCache(int size, int maxLen, boolean strings) {
      this.entries = new Entry[size];
      this.maxLen = maxLen;
      this.strings = strings;
    }

    /**
     * The entry holding {@code b[s, e)}, a new one (replacing what the slot held) when it is not
     * there; null when the key is longer than the cache keeps.
     */
    Entry lookup(byte[] b, int s, int e) {
      int n = e - s;
      if (n > maxLen) return null;
      long first;
      long last;
      long h;
      if (n >= 8) {
        first = Bytes.word(b, s);
        last = Bytes.word(b, e - 8);
        h = first * Bytes.K1 ^ last * Bytes.K2 ^ n;
        if (n > 16) h ^= Bytes.word(b, s + ((n - 8) >>> 1)) * Bytes.K3 ^ Bytes.word(b, e - 16);
      } else {
        first = Bytes.shortWord(b, s, e);
        last = 0;
        h = (first ^ n) * Bytes.K1;
      }
      h ^= h >>> 29;
      h *= Bytes.K2;
      int slot = (int) (h ^ (h >>> 32)) & (entries.length - 1);
      Entry en = entries[slot];
      if (en != null
          && en.len == n
          && en.first == first
          && en.last == last
          && (n <= 16 || Arrays.equals(en.key, 0, n, b, s, e))) {
        return en;
      }
      en =
          new Entry(
              n,
              first,
              last,
              n > 16 ? Arrays.copyOfRange(b, s, e) : null,
              strings ? new String(b, s, n, StandardCharsets.ISO_8859_1) : null);
      entries[slot] = en;
      return en;
    }

    String get(byte[] b, int s, int e) {
      Entry en = lookup(b, s, e);
      return en == null ? new String(b, s, e - s, StandardCharsets.ISO_8859_1) : en.str;
    }

    /**
     * An {@link Arg.Fd} for {@code fd} decorated with the key of {@code en}; the last one is
     * reused.
     */
    static Arg.Fd fd(Entry en, long fd, boolean deleted) {
      if (en.extra instanceof Arg.Fd f && f.fd() == fd && f.deleted() == deleted) return f;
      Arg.Fd f = new Arg.Fd(fd, en.str, deleted);
      en.extra = f;
      return f;
    }

    /** The {@link Arg.Int} of value {@code v} printed as {@code b[s, e)}. */
    Arg.Int integer(byte[] b, int s, int e, long v) {
      Entry en = lookup(b, s, e);
      if (en == null) return new Arg.Int(v, new String(b, s, e - s, StandardCharsets.ISO_8859_1));
      if (en.extra instanceof Arg.Int i) return i;
      Arg.Int i = new Arg.Int(v, en.str);
      en.extra = i;
      return i;
    }
  }
}
