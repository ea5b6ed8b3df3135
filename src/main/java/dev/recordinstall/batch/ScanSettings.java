package dev.recordinstall.batch;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * The record and analysis options every job of a batch uses.
 *
 * @param indexUrl pip's --index-url (null: pip's configured index)
 * @param extraIndexUrls pip's --extra-index-url
 * @param findLinks pip's --find-links
 * @param timeout per-phase timeout (null: the recorder's defaults)
 * @param network host, none or auto (null: auto)
 * @param fast trace with seccomp-bpf and a reduced syscall set
 * @param policy a policy overlay file (null: the default policy)
 */
public record ScanSettings(
    String indexUrl,
    List<String> extraIndexUrls,
    List<String> findLinks,
    Duration timeout,
    String network,
    boolean fast,
    Path policy) {
  public ScanSettings {
    extraIndexUrls = List.copyOf(extraIndexUrls);
    findLinks = List.copyOf(findLinks);
  }

  /** A short text for the runs table. */
  public String describe() {
    StringBuilder b = new StringBuilder("{");
    b.append("\"indexUrl\":").append(q(indexUrl));
    b.append(",\"extraIndexUrls\":").append(list(extraIndexUrls));
    b.append(",\"findLinks\":").append(list(findLinks));
    b.append(",\"timeoutSeconds\":").append(timeout == null ? "null" : timeout.toSeconds());
    b.append(",\"network\":").append(q(network));
    b.append(",\"fast\":").append(fast);
    b.append(",\"policy\":").append(q(policy == null ? null : policy.toString()));
    return b.append('}').toString();
  }

  private static String list(List<String> l) {
    return l.stream()
        .map(ScanSettings::q)
        .reduce((a, c) -> a + "," + c)
        .map(s -> "[" + s + "]")
        .orElse("[]");
  }

  private static String q(String s) {
    if (s == null) return "null";
    StringBuilder b = new StringBuilder("\"");
    for (char ch : s.toCharArray()) {
      if (ch == '"' || ch == '\\') b.append('\\').append(ch);
      else if (ch < 0x20) b.append(String.format("\\u%04x", (int) ch));
      else b.append(ch);
    }
    return b.append('"').toString();
  }

  /** Parses 600, 600s, 10m, 1h. */
  public static Duration parseDuration(String text) {
    String t = text.trim().toLowerCase(java.util.Locale.ROOT);
    long mult = 1;
    if (t.endsWith("s")) t = t.substring(0, t.length() - 1);
    else if (t.endsWith("m")) {
      mult = 60;
      t = t.substring(0, t.length() - 1);
    } else if (t.endsWith("h")) {
      mult = 3600;
      t = t.substring(0, t.length() - 1);
    }
    long n;
    try {
      n = Long.parseLong(t.trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          "'" + text + "' is not a duration: use seconds (600) or 600s, 10m, 1h");
    }
    if (n <= 0 || n > 86_400 / mult) {
      throw new IllegalArgumentException("timeout '" + text + "' must be between 1s and 24h");
    }
    return Duration.ofSeconds(n * mult);
  }
}
