package dev.recordinstall.cli;

import dev.recordinstall.analyze.AnalysisResult;
import dev.recordinstall.policy.Policy;
import dev.recordinstall.policy.PolicyException;
import dev.recordinstall.report.JsonReport;
import dev.recordinstall.report.SarifReport;
import dev.recordinstall.report.TextReport;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Option;

/** Options shared by scan and analyze: policy overlays, report format and destination. */
final class ReportOptions {
  enum Format {
    text,
    json,
    sarif
  }

  @Option(
      names = "--policy",
      paramLabel = "FILE",
      description =
          "Policy overlay (YAML) applied on top of the default policy: extra exceptions, list"
              + " items, rules. Repeatable. See docs/policy.md.")
  List<Path> policies = new ArrayList<>();

  @Option(
      names = "--format",
      paramLabel = "FORMAT",
      description =
          "Report format: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}). json is the"
              + " tool's own schema; sarif is a SARIF 2.1.0 log for CI code scanning (GitHub,"
              + " GitLab, Azure DevOps). See docs/report.md.")
  Format format = Format.text;

  @Option(
      names = {"-o", "--output"},
      paramLabel = "FILE",
      description = "Write the report to FILE instead of stdout.")
  Path output;

  /** The policy, or a usage error naming the file and the place in it. */
  Policy loadPolicy() {
    return loadPolicy(policies);
  }

  /**
   * The default policy with {@code overlays} applied.
   *
   * @throws PolicyException naming a missing file, or the file and the place of a bad one
   */
  static Policy loadPolicy(List<Path> overlays) {
    for (Path p : overlays) {
      if (!Files.isRegularFile(p)) {
        throw new PolicyException("policy file " + p + " does not exist");
      }
    }
    return Policy.load(overlays);
  }

  /**
   * Writes the report; returns false (after saying why on stderr) when it could not.
   *
   * @param policy the policy the result was analysed with (rule descriptions for SARIF)
   */
  boolean write(
      AnalysisResult r, Policy policy, boolean showDir, PrintWriter out, PrintWriter err) {
    String text;
    if (format == Format.json) {
      text = JsonReport.render(r.toReport(showDir));
    } else if (format == Format.sarif) {
      text = SarifReport.render(r.toReport(showDir), toolVersion(), sarifRules(policy));
    } else {
      boolean tty = output == null && System.console() != null;
      text = TextReport.render(r.toReport(showDir), TextReport.useColour(tty, System.getenv()));
    }
    if (output == null) {
      out.print(text);
      out.flush();
      return true;
    }
    try {
      Path parent = output.toAbsolutePath().getParent();
      if (parent != null) Files.createDirectories(parent);
      Files.writeString(output, text, StandardCharsets.UTF_8);
      return true;
    } catch (IOException e) {
      err.println("record-install: cannot write the report to " + output + ": " + e.getMessage());
      return false;
    }
  }

  /** The version `--version` shows (the jar's Implementation-Version), "dev" outside a jar. */
  static String toolVersion() {
    String v = Main.class.getPackage().getImplementationVersion();
    return v == null ? "dev" : v;
  }

  /** Description and tags of each of the policy's rules, for SARIF. */
  static Map<String, SarifReport.Rule> sarifRules(Policy policy) {
    Map<String, SarifReport.Rule> rules = new LinkedHashMap<>();
    for (Policy.RuleInfo r : policy.rules()) {
      rules.put(r.id(), new SarifReport.Rule(r.description(), r.tags()));
    }
    return rules;
  }
}
