package dev.recordinstall.model;

import dev.recordinstall.strace.Arg;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;

/** Small, never-throwing readers over parsed arguments. */
final class Args {
  private Args() {}

  /** A socket address read from a {@code {sa_family=...}} struct. */
  record SockAddr(String family, String address, int port) {}

  /** Every identifier anywhere inside {@code a} (flags, struct members, named arguments). */
  static void idents(Arg a, List<String> out, int depth) {
    if (a == null || depth > 8 || out.size() > 256) return;
    if (a instanceof Arg.Ident id) out.add(id.name());
    else if (a instanceof Arg.Flags f) for (Arg p : f.parts()) idents(p, out, depth + 1);
    else if (a instanceof Arg.Struct s)
      for (Arg.Field fl : s.fields()) idents(fl.value(), out, depth + 1);
    else if (a instanceof Arg.BinOp b) {
      idents(b.left(), out, depth + 1);
      idents(b.right(), out, depth + 1);
    } else if (a instanceof Arg.Array arr) for (Arg p : arr.items()) idents(p, out, depth + 1);
    else if (a instanceof Arg.InOut io) {
      idents(io.in(), out, depth + 1);
      idents(io.out(), out, depth + 1);
    } else if (a instanceof Arg.Named n) idents(n.value(), out, depth + 1);
  }

  static List<String> idents(List<Arg> args) {
    List<String> out = new ArrayList<>();
    for (Arg a : args) idents(a, out, 0);
    return out;
  }

  /** The value of a {@code name=value} argument or struct member, searched one level deep. */
  static Arg named(List<Arg> args, String name) {
    for (Arg a : args) {
      Arg v = member(a, name);
      if (v != null) return v;
    }
    return null;
  }

  /** {@code name=value} as a BinOp or a struct member. */
  static Arg member(Arg a, String name) {
    if (a instanceof Arg.Struct s) return s.get(name);
    if (a instanceof Arg.Named n) return n.name().equals(name) ? n.value() : null;
    if (a instanceof Arg.BinOp b
        && b.op().equals("=")
        && b.left() instanceof Arg.Ident id
        && id.name().equals(name)) return b.right();
    return null;
  }

  /** Text of a string argument (ISO-8859-1, byte-preserving), else null. */
  static String text(Arg a) {
    return Arg.asText(a);
  }

  static long longOr(Arg a, long dflt) {
    Long v = Arg.asLong(a);
    return v == null ? dflt : v;
  }

  /**
   * The pid the tracee gave when it differs from the pid strace knows the process by: strace's
   * {@code --pidns-translation} ({@code kill(3 /* 18879 in strace's PID NS *}{@code /, ...)}) and
   * the pid-namespace repair both keep the namespace pid as the raw text of the host pid. Null when
   * {@code a} is no such pid.
   */
  static String namespacePid(Arg a) {
    if (!(a instanceof Arg.Int i) || i.raw() == null) return null;
    String r = i.raw();
    int start = r.startsWith("-") ? 1 : 0;
    if (r.length() <= start || r.length() > 11 || r.charAt(start) == '0') return null;
    for (int k = start; k < r.length(); k++) if (!Character.isDigit(r.charAt(k))) return null;
    return Long.parseLong(r) == i.value() ? null : r;
  }

  static String ident(Arg a) {
    if (a instanceof Arg.Ident id) return id.name();
    List<String> n = Arg.flagNames(a);
    return n.isEmpty() ? null : String.join("|", n);
  }

  /** Reads a sockaddr struct; null when {@code a} is not one. */
  static SockAddr sockAddr(Arg a) {
    if (a instanceof Arg.Named n) a = n.value();
    if (!(a instanceof Arg.Struct s)) return null;
    String fam = ident(s.get("sa_family"));
    if (fam == null) return null;
    String addr = null;
    int port = -1;
    switch (fam) {
      case "AF_INET":
        addr = text(s.get("sin_addr"));
        port = (int) longOr(s.get("sin_port"), -1);
        break;
      case "AF_INET6":
        port = (int) longOr(s.get("sin6_port"), -1);
        for (Arg.Field f : s.fields()) {
          if (f.value() instanceof Arg.Call c && c.function().equals("inet_pton")) {
            for (Arg x : c.args()) if (x instanceof Arg.Str str) addr = str.text();
          }
        }
        if (addr == null) addr = text(s.get("sin6_addr"));
        break;
      case "AF_UNIX":
        {
          Arg p = s.get("sun_path");
          addr = text(p);
          if (addr == null && p instanceof Arg.BinOp b) addr = "@" + text(b.right());
          if (addr == null && p != null) addr = render(p, 200);
          break;
        }
      case "AF_NETLINK":
        addr = "pid=" + longOr(s.get("nl_pid"), 0);
        break;
      case "AF_PACKET":
        addr = "ifindex=" + longOr(s.get("sll_ifindex"), 0);
        break;
      default:
        addr = null;
    }
    return new SockAddr(fam, addr, port);
  }

  /** Bytes of a string argument or the concatenated {@code iov_base}s of an iovec array. */
  static byte[] payload(Arg a, int max) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    collect(a, out, max, 0);
    return out.size() == 0 && !(a instanceof Arg.Str) ? null : out.toByteArray();
  }

  private static void collect(Arg a, ByteArrayOutputStream out, int max, int depth) {
    if (a == null || depth > 6 || out.size() >= max) return;
    if (a instanceof Arg.Named n) a = n.value();
    if (a instanceof Arg.Str s) {
      byte[] part = s.prefix(max - out.size()); // decodes no more than needed
      out.write(part, 0, part.length);
    } else if (a instanceof Arg.Array arr) {
      for (Arg x : arr.items()) collect(x, out, max, depth + 1);
    } else if (a instanceof Arg.Struct st) {
      Arg v = st.get("iov_base");
      if (v != null) collect(v, out, max, depth + 1);
      else {
        Arg iov = st.get("msg_iov");
        if (iov != null) collect(iov, out, max, depth + 1);
      }
    }
  }

  /** A compact text form of an argument, bounded to about {@code max} characters. */
  static String render(Arg a, int max) {
    StringBuilder sb = new StringBuilder();
    render(a, sb, max, 0);
    if (sb.length() > max) {
      sb.setLength(max);
      sb.append('…');
    }
    return sb.toString();
  }

  private static void render(Arg a, StringBuilder sb, int max, int depth) {
    if (sb.length() > max || depth > 8) return;
    if (a == null) sb.append("null");
    else if (a instanceof Arg.Int i)
      sb.append(i.raw() != null ? i.raw() : Long.toString(i.value()));
    else if (a instanceof Arg.Str s) {
      sb.append('"');
      String t = s.text();
      for (int k = 0; k < t.length() && sb.length() < max; k++) {
        char c = t.charAt(k);
        if (c >= 0x20 && c < 0x7F && c != '"' && c != '\\') sb.append(c);
        else sb.append(String.format("\\x%02x", (int) c & 0xFF));
      }
      sb.append('"');
      if (s.truncated()) sb.append("...");
    } else if (a instanceof Arg.Ident id) sb.append(id.name());
    else if (a instanceof Arg.Flags f) {
      for (int k = 0; k < f.parts().size(); k++) {
        if (k > 0) sb.append('|');
        render(f.parts().get(k), sb, max, depth + 1);
      }
    } else if (a instanceof Arg.Array arr) {
      if (arr.negated()) sb.append('~');
      sb.append('[');
      for (int k = 0; k < arr.items().size(); k++) {
        if (k > 0) sb.append(", ");
        render(arr.items().get(k), sb, max, depth + 1);
      }
      sb.append(']');
    } else if (a instanceof Arg.Struct st) {
      sb.append('{');
      for (int k = 0; k < st.fields().size(); k++) {
        if (k > 0) sb.append(", ");
        Arg.Field f = st.fields().get(k);
        if (f.name() != null) sb.append(f.name()).append('=');
        render(f.value(), sb, max, depth + 1);
      }
      sb.append('}');
    } else if (a instanceof Arg.Fd fd) {
      sb.append(fd.fd());
      if (fd.decoration() != null) sb.append('<').append(fd.decoration()).append('>');
    } else if (a instanceof Arg.Call c) {
      sb.append(c.function()).append('(');
      for (int k = 0; k < c.args().size(); k++) {
        if (k > 0) sb.append(", ");
        render(c.args().get(k), sb, max, depth + 1);
      }
      sb.append(')');
    } else if (a instanceof Arg.InOut io) {
      sb.append('[');
      render(io.in(), sb, max, depth + 1);
      sb.append(" => ");
      render(io.out(), sb, max, depth + 1);
      sb.append(']');
    } else if (a instanceof Arg.Ref r) sb.append('&').append(r.name());
    else if (a instanceof Arg.Ellipsis) sb.append("...");
    else if (a instanceof Arg.BinOp b) {
      render(b.left(), sb, max, depth + 1);
      sb.append(b.op());
      render(b.right(), sb, max, depth + 1);
    } else if (a instanceof Arg.Raw r) sb.append(r.text());
    else if (a instanceof Arg.Named n) {
      sb.append(n.name()).append('=');
      render(n.value(), sb, max, depth + 1);
    }
  }

  /** argv strings of an execve argument array (non-strings skipped). */
  static List<String> strings(Arg a, int maxItems) {
    List<String> out = new ArrayList<>();
    if (a instanceof Arg.Array arr) {
      for (Arg x : arr.items()) {
        if (out.size() >= maxItems) break;
        String t = text(x);
        if (t != null) out.add(t.length() > 4096 ? t.substring(0, 4096) : t);
      }
    }
    return out;
  }
}
