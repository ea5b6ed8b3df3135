package dev.recordinstall.model;

import java.util.ArrayDeque;
import java.util.Deque;

/** Lexical path resolution and normalisation (no filesystem access). */
final class PathNames {
  private PathNames() {}

  /**
   * Resolves {@code p} against {@code base} and normalises it. Returns {@code p} unchanged when it
   * is relative and the base is unknown (rare with {@code -yy}); null for null.
   */
  static String resolve(String base, String p) {
    if (p == null) return null;
    if (p.startsWith("/")) return normalize(p);
    if (base == null || !base.startsWith("/")) return p;
    if (p.isEmpty()) return normalize(base);
    return normalize(base + "/" + p);
  }

  /** Removes empty, "." and ".." components ("/.." stays "/"). */
  static String normalize(String p) {
    if (isNormal(p)) return p;
    Deque<String> parts = new ArrayDeque<>();
    int i = 0;
    int n = p.length();
    while (i < n) {
      int j = p.indexOf('/', i);
      if (j < 0) j = n;
      String c = p.substring(i, j);
      if (c.isEmpty() || c.equals(".")) {
        // skip
      } else if (c.equals("..")) {
        parts.pollLast();
      } else {
        parts.addLast(c);
      }
      i = j + 1;
    }
    if (parts.isEmpty()) return "/";
    StringBuilder sb = new StringBuilder(p.length());
    for (String c : parts) sb.append('/').append(c);
    return sb.toString();
  }

  /** No "//", no "." or ".." component, no trailing "/" (one pass). */
  private static boolean isNormal(String p) {
    int n = p.length();
    if (n > 1 && p.charAt(n - 1) == '/') return false;
    for (int i = 0; i < n - 1; i++) {
      if (p.charAt(i) != '/') continue;
      char c = p.charAt(i + 1);
      if (c == '/') return false;
      if (c == '.') {
        int j = i + 2;
        if (j == n || p.charAt(j) == '/') return false;
        if (p.charAt(j) == '.' && (j + 1 == n || p.charAt(j + 1) == '/')) return false;
      }
    }
    return true;
  }

  /** Parent directory of an absolute path ("/" for "/x"). */
  static String parent(String p) {
    if (p == null) return null;
    int i = p.lastIndexOf('/');
    if (i <= 0) return p.startsWith("/") ? "/" : null;
    return p.substring(0, i);
  }

  static String basename(String p) {
    if (p == null) return "";
    int i = p.lastIndexOf('/');
    return i < 0 ? p : p.substring(i + 1);
  }
}
