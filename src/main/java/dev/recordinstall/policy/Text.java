package dev.recordinstall.policy;

import java.util.List;

/** Making hostile text safe to show: bounded, control characters escaped. */
public final class Text {
  private Text() {}

  static String str(Object v) {
    if (v == null) return "";
    if (v instanceof List<?> l) {
      StringBuilder sb = new StringBuilder();
      for (Object o : l) {
        if (sb.length() > 0) sb.append(' ');
        sb.append(o);
        if (sb.length() > 2000) break;
      }
      return sb.toString();
    }
    return v.toString();
  }

  /**
   * At most {@code max} characters (plus an ellipsis), every control character (including ESC, CR,
   * LF and the C1 range) shown as a \xNN escape so trace text cannot drive a terminal.
   */
  public static String clean(String s, int max) {
    if (s == null) return "";
    StringBuilder sb = new StringBuilder(Math.min(s.length(), max) + 8);
    for (int i = 0; i < s.length(); i++) {
      if (sb.length() >= max) {
        sb.append('…');
        break;
      }
      char c = s.charAt(i);
      if (c < 0x20 || c == 0x7f || (c >= 0x80 && c < 0xa0) || c == '\u2028' || c == '\u2029') {
        sb.append(String.format("\\x%02x", (int) c & 0xff));
      } else if (Character.isSurrogate(c)
          || Character.getType(c) == Character.FORMAT) { // bidi overrides and the like
        sb.append(String.format("\\u%04x", (int) c));
      } else {
        sb.append(c);
      }
    }
    return sb.toString();
  }
}
