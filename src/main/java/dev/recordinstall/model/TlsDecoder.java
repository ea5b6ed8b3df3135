package dev.recordinstall.model;

/**
 * Extracts the server name (SNI) from a TLS ClientHello in the first bytes written on a TCP socket.
 * Pure, bounded by the input length, never throws.
 */
public final class TlsDecoder {
  private TlsDecoder() {}

  /** True when the bytes start like a TLS handshake record carrying a ClientHello. */
  public static boolean looksLikeClientHello(byte[] b) {
    return b != null
        && b.length >= 6
        && b[0] == 0x16
        && b[1] == 0x03
        && (b[2] & 0xFF) <= 0x04
        && b[5] == 0x01;
  }

  /**
   * The SNI host name, "" when a ClientHello carries no SNI, or null when the bytes are not a
   * (readable) ClientHello. Works on truncated records as long as the extension is in the bytes.
   */
  public static String sni(byte[] b) {
    try {
      if (!looksLikeClientHello(b)) return null;
      int p = 5; // record header
      p += 4; // handshake type + length
      p += 2 + 32; // client_version + random
      if (p >= b.length) return null;
      p += 1 + u8(b, p); // session id
      if (p + 2 > b.length) return null;
      p += 2 + u16(b, p); // cipher suites
      if (p >= b.length) return null;
      p += 1 + u8(b, p); // compression methods
      if (p + 2 > b.length) return null;
      int extEnd = Math.min(b.length, p + 2 + u16(b, p));
      p += 2;
      while (p + 4 <= extEnd) {
        int type = u16(b, p);
        int len = u16(b, p + 2);
        p += 4;
        if (type == 0) {
          // server_name_list: u16 list length, then entries (u8 type, u16 len, name)
          int q = p + 2;
          int end = Math.min(extEnd, p + len);
          while (q + 3 <= end) {
            int nt = u8(b, q);
            int nl = u16(b, q + 1);
            q += 3;
            if (q + nl > b.length) return null;
            if (nt == 0) return ascii(b, q, nl);
            q += nl;
          }
          return null;
        }
        p += len;
      }
      return "";
    } catch (RuntimeException e) {
      return null; // defensive: every index is checked above
    }
  }

  private static int u8(byte[] b, int p) {
    return b[p] & 0xFF;
  }

  private static int u16(byte[] b, int p) {
    return (u8(b, p) << 8) | u8(b, p + 1);
  }

  private static String ascii(byte[] b, int p, int n) {
    StringBuilder sb = new StringBuilder(n);
    for (int i = 0; i < n && i < 255; i++) {
      int c = b[p + i] & 0xFF;
      sb.append(c > 0x20 && c < 0x7F ? (char) c : '?');
    }
    return sb.toString();
  }
}
