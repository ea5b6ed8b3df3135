package dev.recordinstall.e2e;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The fixture packages described by fixtures/manifest.tsv, and what a scan must report for each.
 */
final class Fixtures {
  private Fixtures() {}

  /** The repository's fixtures/ directory (tests run with the module root as working directory). */
  static Path dir() {
    Path p = Path.of("fixtures").toAbsolutePath();
    if (!Files.isRegularFile(p.resolve("manifest.tsv"))) {
      throw new IllegalStateException("fixtures/manifest.tsv not found under " + p.getParent());
    }
    return p;
  }

  /**
   * One manifest row.
   *
   * @param name the fixture id (directory under fixtures/KIND/), distribution "rifx-NAME"
   * @param kind malicious or benign
   * @param phase install (payload in setup.py) or import (payload at import)
   * @param build sdist or wheel
   * @param expected what the scan must report, see {@link Expectation}
   * @param rules rule ids that must appear ("-" for none)
   */
  record Fixture(
      String name,
      String kind,
      String phase,
      String build,
      Expectation expected,
      List<String> rules,
      String technique,
      String precedent) {
    boolean malicious() {
      return kind.equals("malicious");
    }

    String distribution() {
      return "rifx-" + name;
    }
  }

  static List<Fixture> load() {
    return parse(dir().resolve("manifest.tsv"));
  }

  static List<Fixture> parse(Path manifest) {
    List<String> lines;
    try {
      lines = Files.readAllLines(manifest, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    List<Fixture> out = new ArrayList<>();
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i);
      if (line.isBlank() || line.startsWith("#")) continue;
      String[] f = line.split("\t", -1);
      String where = manifest + ":" + (i + 1) + ": ";
      if (f.length != 8) {
        throw new IllegalArgumentException(
            where + "expected 8 tab-separated columns, got " + f.length);
      }
      if (!f[1].equals("malicious") && !f[1].equals("benign")) {
        throw new IllegalArgumentException(where + "kind must be malicious or benign: " + f[1]);
      }
      if (!f[2].equals("install") && !f[2].equals("import")) {
        throw new IllegalArgumentException(where + "phase must be install or import: " + f[2]);
      }
      if (!f[3].equals("sdist") && !f[3].equals("wheel")) {
        throw new IllegalArgumentException(where + "build must be sdist or wheel: " + f[3]);
      }
      List<String> rules = f[5].equals("-") ? List.of() : List.of(f[5].split(","));
      Expectation exp = Expectation.parse(f[4]);
      if (f[1].equals("malicious") && exp.isClean()) {
        throw new IllegalArgumentException(where + "a malicious fixture needs expected categories");
      }
      if (f[1].equals("benign") && (!exp.isClean() || !rules.isEmpty())) {
        throw new IllegalArgumentException(where + "a benign fixture expects nothing (\"-\")");
      }
      for (String rule : rules) {
        String category = Expectation.categoryOfRule(rule);
        if (exp.groups().stream().noneMatch(g -> g.size() == 1 && g.contains(category))) {
          throw new IllegalArgumentException(
              where + "rule " + rule + " implies category " + category + "; list it in expected");
        }
      }
      out.add(new Fixture(f[0], f[1], f[2], f[3], exp, rules, f[6], f[7]));
    }
    return out;
  }

  /**
   * Expected finding categories: "a|b,c" means (a or b) and c; "-" means no findings at all.
   *
   * @param groups each group must be matched by at least one of its categories
   */
  record Expectation(List<Set<String>> groups) {
    static final Set<String> CATEGORIES =
        Set.of("exit", "syscall", "file", "process", "network", "tamper", "parse");

    static Expectation parse(String text) {
      if (text.equals("-")) return new Expectation(List.of());
      List<Set<String>> groups = new ArrayList<>();
      for (String g : text.split(",")) {
        Set<String> alts = new LinkedHashSet<>(List.of(g.split("\\|")));
        for (String c : alts) {
          if (!CATEGORIES.contains(c)) {
            throw new IllegalArgumentException("unknown category '" + c + "' in '" + text + "'");
          }
        }
        groups.add(Set.copyOf(alts));
      }
      return new Expectation(List.copyOf(groups));
    }

    /** The category a default-policy rule id belongs to, from its prefix ("net." = network). */
    static String categoryOfRule(String ruleId) {
      String prefix = ruleId.contains(".") ? ruleId.substring(0, ruleId.indexOf('.')) : ruleId;
      String c = prefix.equals("net") ? "network" : prefix;
      if (!CATEGORIES.contains(c)) {
        throw new IllegalArgumentException("rule id '" + ruleId + "' has no known category prefix");
      }
      return c;
    }

    boolean isClean() {
      return groups.isEmpty();
    }

    /** Whether the reported categories satisfy every group. */
    boolean matchedBy(Set<String> categories) {
      for (Set<String> g : groups) {
        if (g.stream().noneMatch(categories::contains)) return false;
      }
      return true;
    }

    @Override
    public String toString() {
      if (groups.isEmpty()) return "clean";
      List<String> parts = new ArrayList<>();
      for (Set<String> g : groups) parts.add(String.join("|", g.stream().sorted().toList()));
      return String.join(",", parts);
    }
  }
}
