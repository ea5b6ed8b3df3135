package dev.recordinstall.strace;

import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * One syscall argument (or return decoration) as a typed tree. The parser produces these; the model
 * reads them through the small accessors at the bottom, which never throw.
 *
 * <p>CONTRACT shared by the parser (issue 2) and the model (issue 4): add variants if needed, do
 * not rename existing ones without updating both sides.
 */
public sealed interface Arg {

  /**
   * {@code 42}, {@code -1}, {@code 0x7f}, {@code 0644}, {@code 3*4096}. {@code raw} is as printed.
   */
  record Int(long value, String raw) implements Arg {}

  /**
   * {@code "abc\n\x00"}: escapes decoded to bytes. {@code truncated} when strace printed {@code
   * "..."...} (string longer than -s).
   *
   * <p>Decoded on first use: the parser checks every escape of a string (a bad one is a parse error
   * at its line, as before) and counts its decoded {@link #length()}, but keeps the escaped text
   * and only decodes it when {@link #bytes()} or {@link #text()} is called. Most escaped strings
   * are the binary buffers of file reads ({@code "\177ELF\2\1\1\0..."}), which nothing downstream
   * looks at. Equality is by content (decoded bytes and the truncation flag).
   */
  final class Str implements Arg {
    /** The decoded bytes, or the escaped text (without quotes) until the first decode. */
    private volatile byte[] data;

    private volatile boolean escaped;
    private final int length;
    private final boolean truncated;

    /** A string of these (decoded) bytes. */
    public Str(byte[] bytes, boolean truncated) {
      this.data = bytes;
      this.length = bytes.length;
      this.truncated = truncated;
    }

    private Str(byte[] escapedText, int length, boolean truncated) {
      this.data = escapedText;
      this.escaped = true;
      this.length = length;
      this.truncated = truncated;
    }

    /**
     * A string whose escaped text (every escape checked valid by the parser) decodes to {@code
     * length} bytes.
     */
    static Str escaped(byte[] escapedText, int length, boolean truncated) {
      return new Str(escapedText, length, truncated);
    }

    /** The decoded bytes (the same array on every call; do not modify it). */
    public byte[] bytes() {
      if (escaped) {
        synchronized (this) {
          if (escaped) {
            data = Escapes.decode(data, length);
            escaped = false;
          }
        }
      }
      return data;
    }

    /**
     * The first {@code n} decoded bytes (all of them when there are fewer), decoding no further
     * than that: a header check needs 8 bytes of a 256-byte buffer.
     */
    public byte[] prefix(int n) {
      if (n >= length) return bytes();
      if (n <= 0) return new byte[0];
      if (escaped) {
        synchronized (this) {
          if (escaped) return Escapes.decode(data, n);
        }
      }
      return java.util.Arrays.copyOf(data, n);
    }

    public boolean truncated() {
      return truncated;
    }

    /** The number of decoded bytes (without decoding them). */
    public int length() {
      return length;
    }

    public String text() {
      return new String(bytes(), StandardCharsets.ISO_8859_1);
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Str s
          && s.length == length
          && s.truncated == truncated
          && java.util.Arrays.equals(s.bytes(), bytes());
    }

    @Override
    public int hashCode() {
      return java.util.Arrays.hashCode(bytes()) * 31 + (truncated ? 1 : 0);
    }

    @Override
    public String toString() {
      return "Str[text=" + text() + ", truncated=" + truncated + "]";
    }
  }

  /**
   * A bare identifier or constant: {@code O_RDONLY}, {@code NULL}, {@code AT_FDCWD}, {@code
   * SIGCHLD}.
   */
  record Ident(String name) implements Arg {}

  /** {@code O_RDONLY|O_CLOEXEC}, {@code S_IFREG|0644}: the parts in order. */
  record Flags(List<Arg> parts) implements Arg {}

  /**
   * {@code [A B]}, {@code [1, 2]}, {@code ~[RTMIN RT_1]} (negated = true for the {@code ~} form).
   */
  record Array(List<Arg> items, boolean negated) implements Arg {}

  /** {@code {sa_family=AF_INET, sin_port=htons(53)}}; unnamed members have name == null. */
  record Struct(List<Field> fields) implements Arg {
    public Arg get(String name) {
      for (Field f : fields) {
        if (name.equals(f.name())) return f.value();
      }
      return null;
    }
  }

  record Field(String name, Arg value) {}

  /**
   * A file descriptor with its -y/-yy decoration: {@code 3</etc/passwd>} (path "/etc/passwd"),
   * {@code 3</x>(deleted)} (deleted), {@code AT_FDCWD</root>} (fd = -100), {@code
   * 3<TCP:[1.2.3.4:5->6.7.8.9:443]>} (decoration "TCP:[1.2.3.4:5->6.7.8.9:443]"), {@code
   * 0</dev/null<char 1:3>>} (decoration "/dev/null<char 1:3>").
   */
  record Fd(long fd, String decoration, boolean deleted) implements Arg {
    /** The path when the decoration is a filesystem path, else null. */
    public String path() {
      if (decoration == null || decoration.isEmpty() || decoration.charAt(0) != '/') return null;
      // -yy device suffix "<char 1:3>" / "<block 8:1>"; a '<' inside the path itself arrives
      // decoded from strace's escape, so only a trailing device suffix is cut
      if (decoration.endsWith(">")) {
        int lt = decoration.lastIndexOf('<');
        if (lt > 0
            && (decoration.startsWith("char ", lt + 1)
                || decoration.startsWith("block ", lt + 1))) {
          return decoration.substring(0, lt);
        }
      }
      return decoration;
    }
  }

  /**
   * {@code htons(443)}, {@code inet_addr("1.2.3.4")}, {@code makedev(0x1, 0x3)}, {@code
   * WIFEXITED(s)}.
   */
  record Call(String function, List<Arg> args) implements Arg {}

  /**
   * A named argument outside a struct: {@code clone(child_stack=NULL, flags=CLONE_VM|SIGCHLD,
   * child_tidptr=0x7f...)}. The accessors below look through it to the value.
   */
  record Named(String name, Arg value) implements Arg {}

  /** {@code [28 => 16]} (in/out value of socklen and similar). */
  record InOut(Arg in, Arg out) implements Arg {}

  /** {@code &sin6_addr}: an address-of expression. */
  record Ref(String name) implements Arg {}

  /** {@code ...} (strace elided the rest of a list or struct). */
  record Ellipsis() implements Arg {}

  /** {@code x == 1}, {@code a && b}, {@code 1<<3}: a binary expression strace printed. */
  record BinOp(String op, Arg left, Arg right) implements Arg {}

  /** Anything kept verbatim that has no better typed form (never used for parse errors). */
  record Raw(String text) implements Arg {}

  // ---- accessors used by the model; they never throw ----

  /**
   * The integer value, through {@code htons()}, fd decorations and single-element flags; else null.
   */
  static Long asLong(Arg a) {
    if (a instanceof Named n) return asLong(n.value());
    if (a instanceof Int i) return i.value();
    if (a instanceof Fd f) return f.fd();
    if (a instanceof Call c && c.args().size() == 1) return asLong(c.args().get(0));
    if (a instanceof InOut io) return asLong(io.out() != null ? io.out() : io.in());
    return null;
  }

  /** String bytes as ISO-8859-1 text (byte-preserving), or the string inside a one-arg call. */
  static String asText(Arg a) {
    if (a instanceof Named n) return asText(n.value());
    if (a instanceof Str s) return s.text();
    if (a instanceof Call c && c.args().size() == 1) return asText(c.args().get(0));
    return null;
  }

  /** Identifier names found in a flag set (or a single identifier). */
  static List<String> flagNames(Arg a) {
    if (a instanceof Named n) return flagNames(n.value());
    if (a instanceof Ident id) return List.of(id.name());
    if (a instanceof Flags f) {
      return f.parts().stream()
          .filter(p -> p instanceof Ident)
          .map(p -> ((Ident) p).name())
          .toList();
    }
    return List.of();
  }
}
