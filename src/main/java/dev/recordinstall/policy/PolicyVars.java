package dev.recordinstall.policy;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The values of the policy variables for one recording ({@code $VENV}, {@code $HOME}, {@code
 * $INDEX_HOSTS}...). A variable may hold several values; a variable with no value makes every
 * policy item that uses it drop out (see docs/policy.md).
 */
public final class PolicyVars {
  private final Map<String, List<String>> values;

  private PolicyVars(Map<String, List<String>> values) {
    this.values = values;
  }

  public static PolicyVars of(Map<String, List<String>> values) {
    Map<String, List<String>> m = new LinkedHashMap<>();
    values.forEach(
        (k, v) -> {
          List<String> clean = new ArrayList<>();
          if (v != null) for (String s : v) if (s != null && !s.isEmpty()) clean.add(s);
          m.put(k, List.copyOf(clean));
        });
    return new PolicyVars(Collections.unmodifiableMap(m));
  }

  public static PolicyVars empty() {
    return of(Map.of());
  }

  /** The values of a variable, empty when unknown. */
  public List<String> get(String name) {
    return values.getOrDefault(name, List.of());
  }

  public Map<String, List<String>> asMap() {
    return values;
  }

  /** A copy with one more (or a replaced) variable. */
  public PolicyVars with(String name, List<String> v) {
    Map<String, List<String>> m = new LinkedHashMap<>(values);
    m.put(name, v);
    return of(m);
  }

  /**
   * Forms a bait marker may take on its way out: as is, lower case (DNS labels), hex and base64
   * (all three alignments, so a marker inside a longer base64 text is still found).
   */
  public static List<String> encodedMarkers(List<String> markers) {
    List<String> out = new ArrayList<>();
    for (String m : markers) {
      if (m == null || m.length() < 6) continue;
      out.add(m);
      out.add(m.toLowerCase(Locale.ROOT));
      byte[] b = m.getBytes(StandardCharsets.UTF_8);
      out.add(HexFormat.of().formatHex(b));
      for (int shift = 0; shift < 3; shift++) {
        byte[] padded = new byte[b.length + shift];
        System.arraycopy(b, 0, padded, shift, b.length);
        String enc = Base64.getEncoder().withoutPadding().encodeToString(padded);
        // Drop the characters that depend on the unknown neighbours.
        int skip = shift == 0 ? 0 : (shift == 1 ? 2 : 3);
        int usable = ((b.length + shift) / 3) * 4;
        if (usable - skip >= 8) out.add(enc.substring(skip, usable));
      }
    }
    return out.stream().distinct().toList();
  }
}
