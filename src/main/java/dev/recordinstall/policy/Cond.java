package dev.recordinstall.policy;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;

/**
 * A compiled condition: a small tree of field predicates joined by all/any/not and macro
 * references. There is no general expression language on purpose: every predicate is a field name
 * plus a structured matcher (docs/policy.md).
 */
interface Cond {
  boolean test(Subject s);

  Cond TRUE = s -> true;

  /** Fields a condition may name (the union over all kinds; unknown names are an error). */
  Set<String> FIELDS =
      Set.of(
          "kind",
          "phase",
          "pid",
          "role",
          "parentRole",
          "exe",
          "comm",
          "parentComm",
          "command",
          "ancestorRoles",
          "thread",
          "op",
          "path",
          "path2",
          "paths",
          "written",
          "name",
          "mode",
          "errno",
          "ok",
          "syscall",
          "procTarget",
          "newDir",
          "how",
          "fd",
          "family",
          "type",
          "protocol",
          "address",
          "port",
          "hostName",
          "bytes",
          "payload",
          "qtype",
          "server",
          "addresses",
          "sni",
          "host",
          "requestLine",
          "targetPid",
          "targetInTree",
          "signal",
          "senderPid",
          "senderInTree",
          "integrity",
          "detail",
          "argv",
          "args",
          "exitCode",
          "killedBy",
          "exited",
          "execFailed",
          "count",
          "exitStatus",
          "timedOut",
          "outputLimited",
          "traced",
          "traceComplete",
          "tracerExitStatus",
          "tracerDisagrees",
          "parseErrors");

  Set<String> MATCH_OPS =
      Set.of(
          "eq",
          "in",
          "glob",
          "prefix",
          "startsWith",
          "endsWith",
          "contains",
          "icontains",
          "every",
          "exists",
          "gt",
          "lt",
          "ge",
          "le",
          "not");

  /** Compiles conditions against one policy document and one set of variables. */
  final class Compiler {
    private static final Pattern VAR = Pattern.compile("\\$\\{?([A-Z][A-Z0-9_]*)\\}?");

    private final Map<String, List<String>> lists;
    private final Map<String, JsonNode> macros;
    private final PolicyVars vars;
    private final List<String> warnings;
    private final java.util.Map<String, Cond> macroCache = new java.util.HashMap<>();
    private final java.util.Deque<String> expanding = new java.util.ArrayDeque<>();

    Compiler(
        Map<String, List<String>> lists,
        Map<String, JsonNode> macros,
        PolicyVars vars,
        List<String> warnings) {
      this.lists = lists;
      this.macros = macros;
      this.vars = vars;
      this.warnings = warnings;
    }

    Cond compile(JsonNode node, String where) {
      if (node == null || node.isNull()) return TRUE;
      if (node.isArray()) {
        // A list of conditions: all must hold.
        List<Cond> parts = new ArrayList<>();
        int i = 0;
        for (JsonNode n : node) parts.add(compile(n, where + "[" + i++ + "]"));
        return all(parts);
      }
      if (!node.isObject()) {
        throw new PolicyException(where + ": a condition is a mapping of fields to matchers");
      }
      List<Cond> parts = new ArrayList<>();
      for (Map.Entry<String, JsonNode> e : node.properties()) {
        String key = e.getKey();
        JsonNode val = e.getValue();
        String at = where + "." + key;
        switch (key) {
          case "all":
            parts.add(all(compileList(val, at)));
            break;
          case "any":
            {
              List<Cond> alts = compileList(val, at);
              parts.add(s -> alts.stream().anyMatch(c -> c.test(s)));
              break;
            }
          case "not":
            {
              Cond inner = compile(val, at);
              parts.add(s -> !inner.test(s));
              break;
            }
          case "macro":
            {
              List<String> names = new ArrayList<>();
              if (val.isArray()) for (JsonNode n : val) names.add(n.asString());
              else names.add(val.asString());
              for (String m : names) parts.add(macro(m, at));
              break;
            }
          default:
            if (!FIELDS.contains(key) && !key.matches("arg\\.[A-Za-z0-9_]{1,40}")) {
              throw new PolicyException(at + ": unknown field '" + key + "' (see docs/policy.md)");
            }
            parts.add(field(key, val, at));
        }
      }
      return all(parts);
    }

    private List<Cond> compileList(JsonNode val, String at) {
      if (!val.isArray()) throw new PolicyException(at + ": expected a list of conditions");
      List<Cond> out = new ArrayList<>();
      int i = 0;
      for (JsonNode n : val) out.add(compile(n, at + "[" + i++ + "]"));
      return out;
    }

    private Cond macro(String name, String at) {
      Cond c = macroCache.get(name);
      if (c != null) return c;
      JsonNode body = macros.get(name);
      if (body == null) throw new PolicyException(at + ": unknown macro '" + name + "'");
      if (expanding.contains(name)) {
        throw new PolicyException(at + ": macro '" + name + "' refers to itself");
      }
      expanding.push(name);
      try {
        c = compile(body, "macro " + name);
      } finally {
        expanding.pop();
      }
      macroCache.put(name, c);
      return c;
    }

    private static Cond all(List<Cond> parts) {
      if (parts.isEmpty()) return TRUE;
      if (parts.size() == 1) return parts.get(0);
      Cond[] arr = parts.toArray(new Cond[0]);
      return s -> {
        for (Cond c : arr) if (!c.test(s)) return false;
        return true;
      };
    }

    private Cond field(String field, JsonNode val, String at) {
      ValueMatcher m = matcher(val, at);
      return s -> m.test(s.get(field));
    }

    ValueMatcher matcher(JsonNode val, String at) {
      if (val.isObject()) {
        List<ValueMatcher> parts = new ArrayList<>();
        for (Map.Entry<String, JsonNode> e : val.properties()) {
          String op = e.getKey();
          JsonNode arg = e.getValue();
          String where = at + "." + op;
          if (!MATCH_OPS.contains(op)) {
            throw new PolicyException(
                where + ": unknown matcher '" + op + "' (see docs/policy.md)");
          }
          parts.add(op(op, arg, where));
        }
        return v -> {
          for (ValueMatcher m : parts) if (!m.test(v)) return false;
          return true;
        };
      }
      return op("in", val, at);
    }

    private ValueMatcher op(String op, JsonNode arg, String at) {
      switch (op) {
        case "not":
          {
            ValueMatcher inner = matcher(arg, at);
            return v -> !inner.test(v);
          }
        case "every":
          {
            // For list fields: every element matches (an empty list does not).
            ValueMatcher inner = matcher(arg, at);
            return v -> {
              if (v instanceof List<?> l) {
                if (l.isEmpty()) return false;
                for (Object o : l) if (!inner.test(o)) return false;
                return true;
              }
              return inner.test(v);
            };
          }
        case "exists":
          {
            boolean want = arg.asBoolean();
            return v -> (v != null) == want;
          }
        case "gt":
        case "lt":
        case "ge":
        case "le":
          {
            if (!arg.isNumber()) throw new PolicyException(at + ": expected a number");
            long n = arg.asLong();
            return any(
                x -> {
                  Long l = asLong(x);
                  if (l == null) return false;
                  switch (op) {
                    case "gt":
                      return l > n;
                    case "lt":
                      return l < n;
                    case "ge":
                      return l >= n;
                    default:
                      return l <= n;
                  }
                });
          }
        default:
          break;
      }
      List<String> items = items(arg, at);
      switch (op) {
        case "eq":
        case "in":
          {
            Set<String> set = Set.copyOf(items);
            return any(x -> set.contains(text(x)));
          }
        case "glob":
          {
            List<Glob> globs = items.stream().map(Glob::compile).toList();
            return any(
                x -> {
                  String t = text(x);
                  for (Glob g : globs) if (g.matches(t)) return true;
                  return false;
                });
          }
        case "prefix":
          return any(
              x -> {
                String t = text(x);
                if (t == null) return false;
                for (String p : items) {
                  if (p.endsWith("/") ? t.startsWith(p) : (t.equals(p) || t.startsWith(p + "/"))) {
                    return true;
                  }
                }
                return false;
              });
        case "startsWith":
          return any(x -> textTest(x, t -> items.stream().anyMatch(t::startsWith)));
        case "endsWith":
          return any(x -> textTest(x, t -> items.stream().anyMatch(t::endsWith)));
        case "contains":
          return any(x -> textTest(x, t -> items.stream().anyMatch(t::contains)));
        case "icontains":
          {
            List<String> low =
                items.stream().map(i -> i.toLowerCase(java.util.Locale.ROOT)).toList();
            return any(
                x ->
                    textTest(
                        x,
                        t -> {
                          String tl = t.toLowerCase(java.util.Locale.ROOT);
                          return low.stream().anyMatch(tl::contains);
                        }));
          }
        default:
          throw new PolicyException(at + ": unknown matcher '" + op + "'");
      }
    }

    /** Scalars and lists, with @list references and $VARIABLES expanded. */
    List<String> items(JsonNode arg, String at) {
      List<String> raw = new ArrayList<>();
      if (arg.isArray()) {
        for (JsonNode n : arg) {
          if (n.isContainer()) throw new PolicyException(at + ": expected scalars in the list");
          raw.add(n.asString());
        }
      } else if (arg.isContainer()) {
        throw new PolicyException(at + ": expected a value or a list of values");
      } else {
        raw.add(arg.asString());
      }
      List<String> out = new ArrayList<>();
      for (String r : raw) expandInto(r, out, at, 0);
      return out;
    }

    private void expandInto(String item, List<String> out, String at, int depth) {
      if (depth > 16) throw new PolicyException(at + ": lists nested too deep at '" + item + "'");
      if (item.startsWith("@")) {
        List<String> l = lists.get(item.substring(1));
        if (l == null) throw new PolicyException(at + ": unknown list '" + item.substring(1) + "'");
        for (String s : l) expandInto(s, out, at, depth + 1);
        return;
      }
      out.addAll(substitute(item, at));
    }

    /** Replaces $VARS; a multi-valued variable multiplies the item; an empty one drops it. */
    List<String> substitute(String item, String at) {
      Matcher m = VAR.matcher(item);
      if (!m.find()) return List.of(item);
      String name = m.group(1);
      List<String> values = vars.get(name);
      if (values.isEmpty()) {
        String w = at + ": $" + name + " has no value for this run; '" + item + "' is ignored";
        if (!warnings.contains(w)) warnings.add(w);
        return List.of();
      }
      List<String> out = new ArrayList<>();
      String head = item.substring(0, m.start());
      String tail = item.substring(m.end());
      for (String v : values) {
        for (String rest : substitute(tail, at)) out.add(head + v + rest);
      }
      return out;
    }

    private static boolean textTest(Object x, java.util.function.Predicate<String> p) {
      String t = text(x);
      return t != null && p.test(t);
    }

    private static ValueMatcher any(ValueMatcher scalar) {
      return v -> {
        if (v instanceof List<?> l) {
          Iterator<?> it = l.iterator();
          while (it.hasNext()) if (scalar.test(it.next())) return true;
          return false;
        }
        return v != null && scalar.test(v);
      };
    }

    static String text(Object x) {
      if (x == null) return null;
      return x.toString();
    }

    static Long asLong(Object x) {
      if (x instanceof Long l) return l;
      if (x instanceof Integer i) return (long) i;
      if (x instanceof String s) {
        try {
          return Long.parseLong(s.trim());
        } catch (NumberFormatException e) {
          return null;
        }
      }
      return null;
    }
  }

  /** A predicate on one field value (String, Long, Boolean, List or null). */
  interface ValueMatcher {
    boolean test(Object value);
  }
}
