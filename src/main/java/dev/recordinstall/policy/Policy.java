package dev.recordinstall.policy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * A policy: named lists, macros (named conditions) and rules with structured exceptions, loaded
 * from YAML (docs/policy.md, schema in docs/policy.schema.json). Immutable. {@link #compile}
 * resolves the per-run variables and gives an evaluator.
 *
 * <p>Layering: the shipped default ({@link #loadDefault}) plus any number of overlay files ({@link
 * #withOverlay}) which may append list items, add macros and rules, add exceptions to existing
 * rules, override severity or disable rules, without editing the default.
 */
public final class Policy {
  public static final int SCHEMA_VERSION = 1;
  static final String DEFAULT_RESOURCE = "/policy/default.yaml";
  static final Set<String> SEVERITIES = Set.of("low", "medium", "high", "critical");
  static final Set<String> CATEGORIES =
      Set.of("exit", "syscall", "file", "process", "network", "tamper", "parse");

  private static final ObjectMapper YAML = YAMLMapper.builder().build();

  final Map<String, List<String>> lists;
  final Map<String, JsonNode> macros;
  final Map<String, RuleDef> rules;
  final List<String> sources;

  private Policy(
      Map<String, List<String>> lists,
      Map<String, JsonNode> macros,
      Map<String, RuleDef> rules,
      List<String> sources) {
    this.lists = lists;
    this.macros = macros;
    this.rules = rules;
    this.sources = sources;
  }

  /** One exception of a rule: when its condition holds, the rule does not fire. */
  record ExceptionDef(String name, String comment, JsonNode when, String source) {}

  /** A rule as written (conditions compiled later, per run). */
  record RuleDef(
      String id,
      String description,
      String severity,
      String category,
      List<String> tags,
      List<String> kinds,
      JsonNode condition,
      List<ExceptionDef> exceptions,
      String output,
      List<String> groupBy,
      boolean enabled,
      String source) {}

  /** The shipped default policy. */
  public static Policy loadDefault() {
    try (InputStream in = Policy.class.getResourceAsStream(DEFAULT_RESOURCE)) {
      if (in == null) throw new PolicyException("default policy missing from the jar");
      return empty().withYaml(new String(in.readAllBytes(), StandardCharsets.UTF_8), "default");
    } catch (IOException e) {
      throw new PolicyException("cannot read the default policy: " + e.getMessage(), e);
    }
  }

  /** The default policy with the given overlay files applied in order. */
  public static Policy load(List<Path> overlays) {
    Policy p = loadDefault();
    for (Path o : overlays) p = p.withOverlay(o);
    return p;
  }

  static Policy empty() {
    return new Policy(Map.of(), Map.of(), Map.of(), List.of());
  }

  /** Parses a complete policy from YAML text (no default underneath). */
  public static Policy parse(String yaml, String sourceName) {
    return empty().withYaml(yaml, sourceName);
  }

  /** This policy with an overlay file applied. */
  public Policy withOverlay(Path file) {
    String text;
    try {
      text = Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new PolicyException("cannot read policy file " + file + ": " + e.getMessage(), e);
    }
    return withYaml(text, file.toString());
  }

  /** This policy with YAML text applied as an overlay. */
  public Policy withYaml(String yaml, String source) {
    JsonNode root;
    try {
      root = YAML.readTree(yaml);
    } catch (JacksonException e) {
      throw new PolicyException(source + ": not valid YAML: " + e.getOriginalMessage(), e);
    }
    if (root == null || !root.isObject()) {
      throw new PolicyException(source + ": a policy file is a mapping (schemaVersion, lists…)");
    }
    return merge(root, source);
  }

  private Policy merge(JsonNode root, String src) {
    for (Map.Entry<String, JsonNode> e : root.properties()) {
      if (!Set.of("schemaVersion", "lists", "macros", "rules").contains(e.getKey())) {
        throw new PolicyException(src + ": unknown top-level key '" + e.getKey() + "'");
      }
    }
    JsonNode sv = root.get("schemaVersion");
    if (sv == null || !sv.isNumber() || sv.asInt() != SCHEMA_VERSION) {
      throw new PolicyException(
          src + ": schemaVersion must be " + SCHEMA_VERSION + " (got " + sv + ")");
    }
    Map<String, List<String>> l = new LinkedHashMap<>(lists);
    Map<String, JsonNode> m = new LinkedHashMap<>(macros);
    Map<String, RuleDef> r = new LinkedHashMap<>(rules);

    int i = 0;
    for (JsonNode n : array(root, "lists", src)) {
      String at = src + ": lists[" + i++ + "]";
      checkKeys(n, at, Set.of("list", "items", "append", "comment"));
      String name = reqString(n, "list", at);
      List<String> items = strings(n.get("items"), at + ".items");
      boolean append = n.path("append").asBoolean(false);
      if (append) {
        List<String> prev = l.get(name);
        if (prev == null) throw new PolicyException(at + ": append to unknown list '" + name + "'");
        List<String> merged = new ArrayList<>(prev);
        merged.addAll(items);
        l.put(name, List.copyOf(merged));
      } else {
        if (l.containsKey(name)) {
          throw new PolicyException(
              at + ": list '" + name + "' already defined (use append: true to add items)");
        }
        l.put(name, List.copyOf(items));
      }
    }
    i = 0;
    for (JsonNode n : array(root, "macros", src)) {
      String at = src + ": macros[" + i++ + "]";
      checkKeys(n, at, Set.of("macro", "condition", "comment"));
      String name = reqString(n, "macro", at);
      JsonNode cond = n.get("condition");
      if (cond == null) throw new PolicyException(at + ": macro '" + name + "' has no condition");
      if (m.containsKey(name)) {
        throw new PolicyException(at + ": macro '" + name + "' already defined");
      }
      m.put(name, cond);
    }
    i = 0;
    for (JsonNode n : array(root, "rules", src)) {
      String at = src + ": rules[" + i++ + "]";
      String id = reqString(n, "rule", at);
      at = at + " (" + id + ")";
      RuleDef prev = r.get(id);
      boolean append = n.path("append").asBoolean(false);
      if (prev != null || append) {
        if (prev == null) throw new PolicyException(at + ": append to unknown rule '" + id + "'");
        if (!append) {
          throw new PolicyException(
              at + ": rule already defined (use append: true to add exceptions or override)");
        }
        checkKeys(n, at, Set.of("rule", "append", "exceptions", "severity", "enabled", "comment"));
        List<ExceptionDef> ex = new ArrayList<>(prev.exceptions());
        ex.addAll(exceptions(n.get("exceptions"), at, src));
        String sev = n.has("severity") ? severity(n, at) : prev.severity();
        boolean enabled = n.has("enabled") ? n.get("enabled").asBoolean() : prev.enabled();
        r.put(
            id,
            new RuleDef(
                id,
                prev.description(),
                sev,
                prev.category(),
                prev.tags(),
                prev.kinds(),
                prev.condition(),
                List.copyOf(ex),
                prev.output(),
                prev.groupBy(),
                enabled,
                prev.source()));
        continue;
      }
      checkKeys(
          n,
          at,
          Set.of(
              "rule",
              "description",
              "severity",
              "category",
              "tags",
              "kind",
              "condition",
              "exceptions",
              "output",
              "groupBy",
              "enabled",
              "comment",
              "append"));
      String category = reqString(n, "category", at);
      if (!CATEGORIES.contains(category)) {
        throw new PolicyException(at + ": category must be one of " + CATEGORIES);
      }
      List<String> kinds = strings(n.get("kind"), at + ".kind");
      if (kinds.isEmpty()) throw new PolicyException(at + ": kind is required");
      for (String k : kinds) {
        if (!Subject.KINDS.contains(k)) {
          throw new PolicyException(
              at + ".kind: unknown kind '" + k + "', one of " + Subject.KINDS);
        }
      }
      List<String> groupBy = strings(n.get("groupBy"), at + ".groupBy");
      for (String g : groupBy) {
        if (!Cond.FIELDS.contains(g) && !g.startsWith("arg.")) {
          throw new PolicyException(at + ".groupBy: unknown field '" + g + "'");
        }
      }
      if (!n.has("condition")) throw new PolicyException(at + ": condition is required");
      r.put(
          id,
          new RuleDef(
              id,
              reqString(n, "description", at),
              severity(n, at),
              category,
              strings(n.get("tags"), at + ".tags"),
              kinds,
              n.get("condition"),
              exceptions(n.get("exceptions"), at, src),
              reqString(n, "output", at),
              groupBy,
              n.path("enabled").asBoolean(true),
              src));
    }
    List<String> s = new ArrayList<>(sources);
    s.add(src);
    Policy p =
        new Policy(
            Collections.unmodifiableMap(l),
            Collections.unmodifiableMap(m),
            Collections.unmodifiableMap(r),
            List.copyOf(s));
    // Validate structure now (fields, matchers, macro and list references), with no variables:
    // errors surface at load time, not in the middle of a scan.
    try {
      p.compile(PolicyVars.empty());
    } catch (PolicyException e) {
      throw new PolicyException(src + ": " + e.getMessage(), e);
    }
    return p;
  }

  /** Resolves the variables for one run and compiles every enabled rule. */
  public CompiledPolicy compile(PolicyVars vars) {
    List<String> warnings = new ArrayList<>();
    Cond.Compiler c = new Cond.Compiler(lists, macros, vars, warnings);
    List<CompiledPolicy.CompiledRule> out = new ArrayList<>();
    for (RuleDef r : rules.values()) {
      if (!r.enabled()) continue;
      Cond cond = c.compile(r.condition(), "rule " + r.id() + ".condition");
      List<CompiledPolicy.CompiledException> ex = new ArrayList<>();
      for (ExceptionDef e : r.exceptions()) {
        ex.add(
            new CompiledPolicy.CompiledException(
                e.name(), c.compile(e.when(), "rule " + r.id() + ".exceptions." + e.name())));
      }
      out.add(new CompiledPolicy.CompiledRule(r, cond, List.copyOf(ex)));
    }
    return new CompiledPolicy(out, vars, List.copyOf(warnings));
  }

  /** Rule ids in definition order. */
  public List<String> ruleIds() {
    return List.copyOf(rules.keySet());
  }

  /** The files this policy was built from, in order. */
  public List<String> sources() {
    return sources;
  }

  /** Id, category, severity and description of every rule (for docs and --list-rules). */
  /**
   * One rule as the effective policy (default + overlays) has it, for listings.
   *
   * @param exceptions the names of its exceptions, in order
   * @param source where the rule was defined ("default" or an overlay file)
   */
  public record RuleInfo(
      String id,
      String category,
      String severity,
      boolean enabled,
      String description,
      List<String> tags,
      List<String> kinds,
      List<String> exceptions,
      String source) {}

  /** Every rule of the effective policy, in definition order. */
  public List<RuleInfo> rules() {
    List<RuleInfo> out = new ArrayList<>();
    for (RuleDef r : rules.values()) {
      List<String> ex = new ArrayList<>();
      if (r.exceptions() != null) for (ExceptionDef e : r.exceptions()) ex.add(e.name());
      out.add(
          new RuleInfo(
              r.id(),
              r.category(),
              r.severity(),
              r.enabled(),
              r.description(),
              r.tags() == null ? List.of() : List.copyOf(r.tags()),
              r.kinds() == null ? List.of() : List.copyOf(r.kinds()),
              List.copyOf(ex),
              r.source()));
    }
    return out;
  }

  // ---- helpers ----

  private static List<ExceptionDef> exceptions(JsonNode n, String at, String src) {
    List<ExceptionDef> out = new ArrayList<>();
    if (n == null || n.isNull()) return out;
    if (!n.isArray()) throw new PolicyException(at + ".exceptions: expected a list");
    int i = 0;
    for (JsonNode e : n) {
      String w = at + ".exceptions[" + i++ + "]";
      checkKeys(e, w, Set.of("name", "comment", "when"));
      String name = reqString(e, "name", w);
      if (!e.has("when")) throw new PolicyException(w + " (" + name + "): 'when' is required");
      if (!e.has("comment")) {
        throw new PolicyException(w + " (" + name + "): say why in 'comment'");
      }
      out.add(new ExceptionDef(name, e.get("comment").asString(), e.get("when"), src));
    }
    return out;
  }

  private static String severity(JsonNode n, String at) {
    String s = reqString(n, "severity", at);
    if (!SEVERITIES.contains(s)) {
      throw new PolicyException(at + ": severity must be one of low, medium, high, critical");
    }
    return s;
  }

  private static Iterable<JsonNode> array(JsonNode root, String key, String src) {
    JsonNode n = root.get(key);
    if (n == null || n.isNull()) return List.of();
    if (!n.isArray()) throw new PolicyException(src + ": '" + key + "' must be a list");
    return n;
  }

  private static void checkKeys(JsonNode n, String at, Set<String> allowed) {
    if (!n.isObject()) throw new PolicyException(at + ": expected a mapping");
    for (Map.Entry<String, JsonNode> e : n.properties()) {
      if (!allowed.contains(e.getKey())) {
        throw new PolicyException(at + ": unknown key '" + e.getKey() + "', allowed: " + allowed);
      }
    }
  }

  private static String reqString(JsonNode n, String key, String at) {
    JsonNode v = n.get(key);
    if (v == null || v.isNull() || v.isContainer() || v.asString().isBlank()) {
      throw new PolicyException(at + ": '" + key + "' is required");
    }
    return v.asString();
  }

  private static List<String> strings(JsonNode n, String at) {
    List<String> out = new ArrayList<>();
    if (n == null || n.isNull()) return out;
    if (n.isArray()) {
      for (JsonNode x : n) {
        if (x.isContainer()) throw new PolicyException(at + ": expected scalars");
        out.add(x.asString());
      }
    } else if (n.isContainer()) {
      throw new PolicyException(at + ": expected a value or a list");
    } else {
      out.add(n.asString());
    }
    return out;
  }
}
