package dev.recordinstall.record;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.regex.Pattern;

/** One SPEC argument, classified: a requirement string, a local archive, or a project directory. */
record Spec(String given, Kind kind, Path path) {
  enum Kind {
    REQUIREMENT,
    ARCHIVE,
    PROJECT
  }

  /** PEP 508 name, optional extras, then anything (version specifiers, markers, URL). */
  private static final Pattern REQUIREMENT =
      Pattern.compile(
          "[A-Za-z0-9]([A-Za-z0-9._-]*[A-Za-z0-9])?\\s*(\\[[A-Za-z0-9._,\\s-]*\\])?"
              + "\\s*([<>=!~;@(].*)?");

  private static final String[] ARCHIVE_SUFFIXES = {
    ".whl", ".tar.gz", ".tgz", ".zip", ".tar.bz2", ".tar.xz", ".tar"
  };

  static Spec parse(String given) throws RecordException {
    String s = given.strip();
    if (s.isEmpty()) throw RecordException.usage("empty package spec");
    if (s.indexOf('\0') >= 0 || s.indexOf('\n') >= 0) {
      throw RecordException.usage("package spec contains control characters: " + s);
    }
    boolean looksLikePath =
        s.startsWith("/") || s.startsWith("./") || s.startsWith("../") || s.startsWith("~");
    String lower = s.toLowerCase(Locale.ROOT);
    for (String suf : ARCHIVE_SUFFIXES) if (lower.endsWith(suf)) looksLikePath = true;
    Path p = null;
    try {
      p = Path.of(s).toAbsolutePath().normalize();
    } catch (RuntimeException e) {
      // not a path
    }
    if (p != null && Files.isDirectory(p) && (looksLikePath || s.contains("/") || s.equals("."))) {
      if (!Files.isRegularFile(p.resolve("pyproject.toml"))
          && !Files.isRegularFile(p.resolve("setup.py"))) {
        throw RecordException.usage(
            s + ": a directory without pyproject.toml or setup.py is not a Python project");
      }
      return new Spec(given, Kind.PROJECT, p);
    }
    if (p != null && Files.isRegularFile(p) && looksLikePath) {
      return new Spec(given, Kind.ARCHIVE, p);
    }
    if (looksLikePath || (s.contains("/") && !s.contains("://"))) {
      throw RecordException.usage(
          s
              + ": no such file or directory (a local spec must be an sdist, a wheel or a project"
              + " directory)");
    }
    if (s.startsWith("-")) {
      throw RecordException.usage(s + ": options are not package specs");
    }
    if (!REQUIREMENT.matcher(s).matches()) {
      throw RecordException.usage(
          s
              + ": not a requirement (expected e.g. django or django==5.2.17), a local sdist/wheel"
              + " or a project directory");
    }
    return new Spec(given, Kind.REQUIREMENT, null);
  }
}
