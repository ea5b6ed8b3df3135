package dev.recordinstall.policy;

import dev.recordinstall.model.Activity;
import dev.recordinstall.model.BehaviorModel;
import dev.recordinstall.model.ProcessInfo;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A policy with the variables of one run resolved: evaluates behaviour models into findings.
 * Thread-safe for concurrent {@link #evaluate} calls (no mutable state).
 */
public final class CompiledPolicy {
  /** Evidence kept per finding; the rest are counted. */
  static final int MAX_EVIDENCE = 5;

  /** Distinct findings per rule before further ones fold into one overflow finding. */
  static final int MAX_GROUPS_PER_RULE = 25;

  private static final Pattern PLACEHOLDER = Pattern.compile("\\{([A-Za-z.]+)\\}");
  private static final List<String> SEVERITY_ORDER = List.of("critical", "high", "medium", "low");

  record CompiledException(String name, Cond when) {}

  record CompiledRule(Policy.RuleDef def, Cond cond, List<CompiledException> exceptions) {}

  /** One traced (or untraced) phase to evaluate: the model is null when there is no trace. */
  public record PhaseInput(BehaviorModel model, PhaseFacts facts) {}

  private final List<CompiledRule> rules;
  private final Map<String, List<CompiledRule>> byKind;
  private final PolicyVars vars;
  private final List<String> warnings;

  CompiledPolicy(List<CompiledRule> rules, PolicyVars vars, List<String> warnings) {
    this.rules = rules;
    this.vars = vars;
    this.warnings = warnings;
    Map<String, List<CompiledRule>> m = new HashMap<>();
    for (CompiledRule r : rules) {
      for (String k : r.def().kinds()) m.computeIfAbsent(k, x -> new ArrayList<>()).add(r);
    }
    this.byKind = m;
  }

  /** Items that were dropped because a variable had no value in this run. */
  public List<String> warnings() {
    return warnings;
  }

  public PolicyVars vars() {
    return vars;
  }

  /** Evaluates every phase; findings deduplicated, grouped, most severe first. */
  public List<Finding> evaluate(List<PhaseInput> phases) {
    Map<String, Acc> acc = new LinkedHashMap<>();
    Map<String, Integer> groups = new HashMap<>();
    for (PhaseInput in : phases) {
      Subject.PhaseView view = new Subject.PhaseView(in.model(), in.facts());
      BehaviorModel m = in.model();
      int root = m == null ? 0 : m.rootPid();
      ProcessInfo rootProc = m == null ? null : m.processes().get(root);
      check(
          groups,
          new Subject(
              "phase", view, root, rootProc == null ? null : rootProc.firstSeen(), in.facts()),
          acc);
      if (m == null) continue;
      for (ProcessInfo p : m.processes().values()) {
        check(groups, new Subject("process", view, p.pid(), p.firstSeen(), p), acc);
        if (p.execs() != null) {
          for (ProcessInfo.Exec e : p.execs())
            check(groups, new Subject("exec", view, p.pid(), e.loc(), e), acc);
        }
      }
      if (byKind.containsKey("syscall") && m.syscalls() != null) {
        for (Map.Entry<Integer, Map<String, BehaviorModel.SyscallUse>> e :
            m.syscalls().entrySet()) {
          for (BehaviorModel.SyscallUse u : e.getValue().values()) {
            check(groups, new Subject("syscall", view, e.getKey(), u.first(), u), acc);
          }
        }
      }
      for (Activity a : m.activities()) {
        String kind = kindOf(a);
        if (kind == null || !byKind.containsKey(kind)) continue;
        check(groups, new Subject(kind, view, a.pid(), a.loc(), a), acc);
      }
    }
    List<Finding> out = new ArrayList<>();
    for (Acc a : acc.values()) out.add(a.finding());
    out.sort(
        Comparator.comparingInt((Finding f) -> sevRank(f.severity()))
            .thenComparing(Finding::category)
            .thenComparing(Finding::ruleId));
    return List.copyOf(out);
  }

  static int sevRank(String s) {
    int i = SEVERITY_ORDER.indexOf(s);
    return i < 0 ? SEVERITY_ORDER.size() : i;
  }

  static String kindOf(Activity a) {
    if (a instanceof Activity.FileAccess) return "file";
    if (a instanceof Activity.ExecutableCreated) return "exec-created";
    if (a instanceof Activity.Network) return "net";
    if (a instanceof Activity.DnsQuery) return "dns";
    if (a instanceof Activity.DnsAnswer) return "dns-answer";
    if (a instanceof Activity.TlsHello) return "tls";
    if (a instanceof Activity.HttpRequest) return "http";
    if (a instanceof Activity.NotableCall) return "call";
    if (a instanceof Activity.SignalSeen) return "signal";
    if (a instanceof Activity.Integrity) return "integrity";
    return null;
  }

  private void check(Map<String, Integer> groupsPerRule, Subject s, Map<String, Acc> acc) {
    List<CompiledRule> rs = byKind.get(s.kind);
    if (rs == null) return;
    for (CompiledRule r : rs) {
      if (!r.cond().test(s)) continue;
      boolean excepted = false;
      for (CompiledException e : r.exceptions()) {
        if (e.when().test(s)) {
          excepted = true;
          break;
        }
      }
      if (excepted) continue;
      StringBuilder key = new StringBuilder(r.def().id());
      for (String g : r.def().groupBy()) key.append('\u0000').append(Text.str(s.get(g)));
      Acc a = acc.get(key.toString());
      if (a == null) {
        int groups = groupsPerRule.merge(r.def().id(), 1, Integer::sum);
        if (groups > MAX_GROUPS_PER_RULE) {
          // A flood (thousands of files, hosts...) folds into one last finding per rule.
          a =
              acc.computeIfAbsent(
                  r.def().id() + "\u0000\u0001overflow",
                  k ->
                      new Acc(
                          r,
                          "more of "
                              + r.def().id()
                              + " beyond the first "
                              + MAX_GROUPS_PER_RULE
                              + " distinct findings, e.g. "
                              + render(r.def().output(), s)));
        } else {
          a = new Acc(r, render(r.def().output(), s));
          acc.put(key.toString(), a);
        }
      }
      a.add(s);
    }
  }

  static String render(String template, Subject s) {
    Matcher m = PLACEHOLDER.matcher(template);
    StringBuilder sb = new StringBuilder();
    while (m.find()) {
      Object v = s.get(m.group(1));
      // Commands are long (full paths of the venv's python...): the evidence has them whole.
      int max = m.group(1).equals("command") ? 100 : 160;
      m.appendReplacement(sb, Matcher.quoteReplacement(Text.clean(Text.str(v), max)));
    }
    m.appendTail(sb);
    return Text.clean(sb.toString(), 400);
  }

  private static final class Acc {
    final CompiledRule rule;
    final String message;
    final List<Finding.Evidence> evidence = new ArrayList<>();
    final java.util.Set<String> seenEvents = new java.util.HashSet<>();
    long count;

    Acc(CompiledRule rule, String message) {
      this.rule = rule;
      this.message = message;
    }

    void add(Subject s) {
      count++;
      if (evidence.size() >= MAX_EVIDENCE) return;
      String event = Text.clean(Describe.event(s), 300);
      // The same event text from the same process adds nothing for a reader.
      if (!seenEvents.add(s.view.facts.name() + "|" + s.pid + "|" + event)) return;
      ProcessInfo p = s.process();
      evidence.add(
          new Finding.Evidence(
              s.view.facts.name(),
              s.pid,
              p == null || p.role() == null ? "UNKNOWN" : p.role().name(),
              p == null ? "" : Text.clean(p.command(), 300),
              s.view.processPath(s.pid).stream().map(c -> Text.clean(c, 300)).toList(),
              event,
              s.loc == null ? null : s.loc.toString()));
    }

    Finding finding() {
      Policy.RuleDef d = rule.def();
      return new Finding(d.id(), d.category(), d.severity(), message, List.copyOf(evidence), count);
    }
  }
}
