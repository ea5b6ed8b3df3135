package dev.recordinstall.batch;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Turns {@code FILE|SPEC…} arguments into a deduplicated list of requirement specs. An argument
 * naming an existing file is read as one requirement per line; {@code #} starts a comment; blank
 * lines are skipped; pip options ({@code -r}, {@code --index-url}…) and over-long lines are
 * reported with file:line and skipped. Any other argument is a spec.
 */
public final class SpecList {
  private SpecList() {}

  static final int MAX_LINE = 1000;

  /** Thrown for an unreadable file. */
  public static final class SpecListException extends Exception {
    private static final long serialVersionUID = 1L;

    SpecListException(String message, Throwable cause) {
      super(message, cause);
    }
  }

  public static List<String> read(List<String> args, Consumer<String> warn)
      throws SpecListException {
    Set<String> out = new LinkedHashSet<>();
    for (String arg : args) {
      Path p = Path.of(arg);
      if (!arg.isBlank() && Files.isRegularFile(p)) {
        readFile(p, out, warn);
      } else if (!arg.isBlank()) {
        out.add(arg.trim());
      }
    }
    return new ArrayList<>(out);
  }

  private static void readFile(Path p, Set<String> out, Consumer<String> warn)
      throws SpecListException {
    // InputStreamReader replaces undecodable bytes instead of failing the whole file.
    try (BufferedReader r =
        new BufferedReader(
            new java.io.InputStreamReader(Files.newInputStream(p), StandardCharsets.UTF_8))) {
      String line;
      int n = 0;
      while ((line = r.readLine()) != null) {
        n++;
        int hash = line.indexOf('#');
        String s = (hash >= 0 ? line.substring(0, hash) : line).strip();
        if (s.isEmpty()) continue;
        if (s.length() > MAX_LINE) {
          warn.accept(p + ":" + n + ": line longer than " + MAX_LINE + " characters, skipped");
        } else if (s.startsWith("-")) {
          warn.accept(
              p + ":" + n + ": pip option '" + s + "' is not supported in a batch list, skipped");
        } else {
          out.add(s);
        }
      }
    } catch (IOException | java.io.UncheckedIOException e) {
      throw new SpecListException("cannot read " + p + ": " + e.getMessage(), e);
    }
  }
}
