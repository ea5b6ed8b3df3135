package dev.recordinstall.model;

import java.util.ArrayList;
import java.util.List;

/**
 * Decodes DNS messages (RFC 1035) from raw bytes. Pure and bounded: at most {@link #MAX_RECORDS}
 * records per section, {@link #MAX_POINTERS} compression jumps per name and 255 bytes per name.
 * Never throws; returns null when the bytes are not a DNS message it can read.
 */
public final class DnsDecoder {
  static final int MAX_RECORDS = 32;
  static final int MAX_POINTERS = 16;

  private DnsDecoder() {}

  /** A question: the name asked and its type (A, AAAA, TXT... or TYPE123). */
  public record Question(String name, String qtype) {}

  /** An answer record; {@code data} is the address for A/AAAA, the target for CNAME/PTR/NS. */
  public record Answer(String name, String type, String data) {}

  /** A decoded message. */
  public record Message(
      int id, boolean response, int rcode, List<Question> questions, List<Answer> answers) {

    /** Addresses (A/AAAA data) in the answer section. */
    public List<String> addresses() {
      List<String> out = new ArrayList<>();
      for (Answer a : answers) {
        if (a.type().equals("A") || a.type().equals("AAAA")) out.add(a.data());
      }
      return out;
    }
  }

  /** Decodes a UDP DNS message; null when unreadable. */
  public static Message decode(byte[] b) {
    return b == null ? null : decode(b, 0, b.length);
  }

  /** Decodes a DNS-over-TCP message (2-byte length prefix); null when unreadable. */
  public static Message decodeTcp(byte[] b) {
    if (b == null || b.length < 14) return null;
    return decode(b, 2, b.length - 2);
  }

  /** Decodes {@code len} bytes from {@code off}; null when unreadable. */
  public static Message decode(byte[] buf, int off, int len) {
    try {
      if (buf == null || off < 0 || len < 12 || off + len > buf.length) return null;
      Reader r = new Reader(buf, off, len);
      int id = r.u16(0);
      int flags = r.u16(2);
      int qd = r.u16(4);
      int an = r.u16(6);
      boolean response = (flags & 0x8000) != 0;
      int opcode = (flags >> 11) & 0xF;
      if (opcode > 6 || qd > 64) return null;
      int rcode = flags & 0xF;
      int pos = 12;
      List<Question> qs = new ArrayList<>();
      for (int i = 0; i < qd && i < MAX_RECORDS; i++) {
        int[] end = new int[1];
        String name = r.name(pos, end);
        if (name == null)
          return qs.isEmpty() ? null : new Message(id, response, rcode, qs, List.of());
        pos = end[0];
        if (pos + 4 > len) {
          qs.add(new Question(name, "?"));
          return new Message(id, response, rcode, qs, List.of());
        }
        qs.add(new Question(name, typeName(r.u16(pos))));
        pos += 4;
      }
      if (qs.isEmpty()) return null;
      List<Answer> as = new ArrayList<>();
      for (int i = 0; i < an && i < MAX_RECORDS; i++) {
        int[] end = new int[1];
        String name = r.name(pos, end);
        if (name == null) break;
        pos = end[0];
        if (pos + 10 > len) break;
        int type = r.u16(pos);
        int rdlen = r.u16(pos + 8);
        pos += 10;
        if (pos + rdlen > len) break;
        String data;
        if (type == 1 && rdlen == 4) {
          data = (r.u8(pos) + "." + r.u8(pos + 1) + "." + r.u8(pos + 2) + "." + r.u8(pos + 3));
        } else if (type == 28 && rdlen == 16) {
          data = ipv6(buf, off + pos);
        } else if (type == 5 || type == 12 || type == 2) {
          data = r.name(pos, new int[1]);
        } else {
          data = null;
        }
        as.add(new Answer(name, typeName(type), data));
        pos += rdlen;
      }
      return new Message(id, response, rcode, List.copyOf(qs), List.copyOf(as));
    } catch (RuntimeException e) {
      return null; // defensive: bounds are checked above, this is never expected
    }
  }

  /** Compressed-IPv6 text of 16 bytes at {@code p} (RFC 5952 style). */
  static String ipv6(byte[] b, int p) {
    int[] w = new int[8];
    for (int i = 0; i < 8; i++) w[i] = ((b[p + 2 * i] & 0xFF) << 8) | (b[p + 2 * i + 1] & 0xFF);
    int bestStart = -1;
    int bestLen = 0;
    for (int i = 0; i < 8; ) {
      if (w[i] != 0) {
        i++;
        continue;
      }
      int j = i;
      while (j < 8 && w[j] == 0) j++;
      if (j - i > bestLen && j - i > 1) {
        bestStart = i;
        bestLen = j - i;
      }
      i = j;
    }
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < 8; i++) {
      if (i == bestStart) {
        sb.append("::");
        i += bestLen - 1;
        continue;
      }
      if (sb.length() > 0 && sb.charAt(sb.length() - 1) != ':') sb.append(':');
      sb.append(Integer.toHexString(w[i]));
    }
    return sb.toString();
  }

  static String typeName(int t) {
    switch (t) {
      case 1:
        return "A";
      case 2:
        return "NS";
      case 5:
        return "CNAME";
      case 6:
        return "SOA";
      case 12:
        return "PTR";
      case 15:
        return "MX";
      case 16:
        return "TXT";
      case 28:
        return "AAAA";
      case 33:
        return "SRV";
      case 41:
        return "OPT";
      case 64:
        return "SVCB";
      case 65:
        return "HTTPS";
      case 255:
        return "ANY";
      default:
        return "TYPE" + t;
    }
  }

  private static final class Reader {
    final byte[] b;
    final int off;
    final int len;

    Reader(byte[] b, int off, int len) {
      this.b = b;
      this.off = off;
      this.len = len;
    }

    int u8(int p) {
      return b[off + p] & 0xFF;
    }

    int u16(int p) {
      return (u8(p) << 8) | u8(p + 1);
    }

    /** Reads a (possibly compressed) name at p; end[0] = position after it. Null if bad. */
    String name(int p, int[] end) {
      StringBuilder sb = new StringBuilder();
      int jumps = 0;
      int cur = p;
      end[0] = -1;
      while (true) {
        if (cur >= len) return null;
        int l = u8(cur);
        if (l == 0) {
          if (end[0] < 0) end[0] = cur + 1;
          break;
        }
        if ((l & 0xC0) == 0xC0) {
          if (cur + 1 >= len || ++jumps > MAX_POINTERS) return null;
          if (end[0] < 0) end[0] = cur + 2;
          cur = ((l & 0x3F) << 8) | u8(cur + 1);
          continue;
        }
        if ((l & 0xC0) != 0) return null;
        if (cur + 1 + l > len || sb.length() + l + 1 > 255) return null;
        if (sb.length() > 0) sb.append('.');
        for (int i = 0; i < l; i++) {
          int c = u8(cur + 1 + i);
          if (c > 0x20 && c < 0x7F && c != '\\') sb.append((char) c);
          else sb.append(String.format("\\%03d", c));
        }
        cur += 1 + l;
      }
      return sb.length() == 0 ? "." : sb.toString();
    }
  }
}
