package dev.recordinstall.model;

import java.nio.charset.StandardCharsets;

/**
 * Reads the request line and {@code Host:} header of a plain-HTTP request from the first bytes
 * written on a TCP socket. Pure, bounded (looks at most at {@link #MAX_BYTES}), never throws.
 */
public final class HttpDecoder {
  static final int MAX_BYTES = 8192;
  private static final String[] METHODS = {
    "GET ", "POST ", "PUT ", "HEAD ", "DELETE ", "OPTIONS ", "PATCH ", "CONNECT ", "TRACE "
  };

  private HttpDecoder() {}

  /** A request: its first line and the Host header value (null when absent or cut off). */
  public record Request(String requestLine, String host) {}

  /** The request, or null when the bytes do not start with an HTTP/1.x request line. */
  public static Request decode(byte[] b) {
    if (b == null) return null;
    int n = Math.min(b.length, MAX_BYTES);
    String s = new String(b, 0, n, StandardCharsets.ISO_8859_1);
    boolean method = false;
    for (String m : METHODS) {
      if (s.startsWith(m)) {
        method = true;
        break;
      }
    }
    if (!method) return null;
    int eol = s.indexOf("\r\n");
    if (eol < 0) eol = s.indexOf('\n');
    String line = eol < 0 ? s : s.substring(0, eol);
    if (!line.contains(" HTTP/") && eol >= 0) return null;
    if (line.length() > 512) line = line.substring(0, 512) + "…";
    String host = null;
    int p = eol < 0 ? s.length() : eol;
    while (p < s.length()) {
      int start = s.charAt(p) == '\r' ? p + 2 : p + 1;
      if (start > s.length()) break;
      int next = s.indexOf('\n', start);
      String h = next < 0 ? s.substring(start) : s.substring(start, next);
      if (h.endsWith("\r")) h = h.substring(0, h.length() - 1);
      if (h.isEmpty()) break;
      if (h.regionMatches(true, 0, "Host:", 0, 5) && next >= 0) {
        host = h.substring(5).trim();
        if (host.length() > 255) host = host.substring(0, 255);
        break;
      }
      if (next < 0) break;
      p = next;
    }
    return new Request(line, host);
  }
}
