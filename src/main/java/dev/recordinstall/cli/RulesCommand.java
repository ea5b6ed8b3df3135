package dev.recordinstall.cli;

import dev.recordinstall.policy.Policy;
import dev.recordinstall.policy.PolicyException;
import dev.recordinstall.policy.PolicyVars;
import dev.recordinstall.report.RuleListing;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(
    name = "rules",
    mixinStandardHelpOptions = true,
    description = {
      "List the rules of the effective policy (the default plus any --policy overlays): id,"
          + " severity, category, on/off, description and exception names. Checks the overlays"
          + " as a scan would, so it also validates a policy file before use.",
      "",
      "Example: record-install rules --policy site.yaml",
      ""
    },
    footer = {"", "Exit codes: 0 listed, 2 bad option or policy file (the message says where)."})
final class RulesCommand implements Callable<Integer> {
  @Option(
      names = "--policy",
      paramLabel = "FILE",
      description = "Policy overlay (YAML) on top of the default; repeatable. See docs/policy.md.")
  List<Path> policies = new ArrayList<>();

  enum Format {
    text,
    json
  }

  @Option(
      names = "--format",
      paramLabel = "FORMAT",
      description = "${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
  Format format = Format.text;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    Policy policy;
    try {
      policy = ReportOptions.loadPolicy(policies);
      // conditions are compiled per run; compiling once here reports bad fields and operators now
      policy.compile(PolicyVars.empty());
    } catch (PolicyException e) {
      err.println("record-install rules: " + e.getMessage());
      return Main.EXIT_USAGE;
    }
    out.print(
        format == Format.json
            ? RuleListing.json(policy.rules(), policy.sources())
            : RuleListing.text(policy.rules(), policy.sources()));
    out.flush();
    return 0;
  }
}
