package dev.recordinstall.store;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Package names as PEP 503 compares them. */
public final class PackageNames {
  private PackageNames() {}

  private static final Pattern NAME =
      Pattern.compile("^\\s*([A-Za-z0-9](?:[A-Za-z0-9._-]*[A-Za-z0-9])?)");
  private static final Pattern SEPARATORS = Pattern.compile("[-_.]+");

  /** {@code Foo_Bar.baz} → {@code foo-bar-baz}. */
  public static String normalize(String name) {
    return SEPARATORS.matcher(name.trim().toLowerCase(Locale.ROOT)).replaceAll("-");
  }

  /**
   * The normalised project name of a requirement spec ({@code Django>=5 ; python_version>"3"} →
   * {@code django}); a spec that is not a requirement (a path, a URL) is returned trimmed.
   */
  public static String ofSpec(String spec) {
    String s = spec.trim();
    if (s.contains("/") || s.contains("\\") || s.startsWith(".")) return s;
    Matcher m = NAME.matcher(s);
    return m.find() ? normalize(m.group(1)) : s;
  }
}
