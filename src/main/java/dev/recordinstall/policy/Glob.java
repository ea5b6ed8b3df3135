package dev.recordinstall.policy;

import java.util.regex.Pattern;

/**
 * Shell-style globs compiled to anchored regular expressions. {@code *} matches any run of
 * characters except {@code /}, {@code **} any run including {@code /}, {@code ?} one character
 * except {@code /}, {@code [abc]} / {@code [!abc]} / {@code [0-9]} a character class. Every other
 * character is literal. The regex is built by us from the policy text, never from trace data, so
 * matching cost stays linear in practice.
 */
final class Glob {
  private final String source;
  private final Pattern pattern;

  private Glob(String source, Pattern pattern) {
    this.source = source;
    this.pattern = pattern;
  }

  static Glob compile(String glob) {
    StringBuilder re = new StringBuilder();
    int n = glob.length();
    for (int i = 0; i < n; i++) {
      char c = glob.charAt(i);
      if (c == '*') {
        if (i + 1 < n && glob.charAt(i + 1) == '*') {
          re.append(".*");
          i++;
        } else {
          re.append("[^/]*");
        }
      } else if (c == '?') {
        re.append("[^/]");
      } else if (c == '[') {
        int close = glob.indexOf(']', i + 2);
        if (close < 0) {
          re.append("\\[");
          continue;
        }
        String body = glob.substring(i + 1, close);
        StringBuilder cls = new StringBuilder("[");
        int j = 0;
        if (body.startsWith("!") || body.startsWith("^")) {
          cls.append('^');
          j = 1;
        }
        for (; j < body.length(); j++) {
          char b = body.charAt(j);
          if (b == '-' && j > 0 && j < body.length() - 1) cls.append('-');
          else if (Character.isLetterOrDigit(b)) cls.append(b);
          else cls.append('\\').append(b);
        }
        re.append(cls).append(']');
        i = close;
      } else if (Character.isLetterOrDigit(c)) {
        re.append(c);
      } else {
        re.append('\\').append(c);
      }
    }
    return new Glob(glob, Pattern.compile(re.toString(), Pattern.DOTALL));
  }

  boolean matches(String s) {
    return s != null && pattern.matcher(s).matches();
  }

  @Override
  public String toString() {
    return source;
  }
}
