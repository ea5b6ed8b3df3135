package dev.recordinstall.cli;

import dev.recordinstall.analyze.AnalysisResult;
import dev.recordinstall.policy.Policy;
import dev.recordinstall.policy.PolicyException;
import dev.recordinstall.report.JsonReport;
import dev.recordinstall.report.TextReport;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/** Options shared by scan and analyze: policy overlays, report format and destination. */
final class ReportOptions {
  enum Format {
    text,
    json
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
      description = "Report format: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
  Format format = Format.text;

  @Option(
      names = {"-o", "--output"},
      paramLabel = "FILE",
      description = "Write the report to FILE instead of stdout.")
  Path output;

  /** The policy, or a usage error naming the file and the place in it. */
  Policy loadPolicy() {
    for (Path p : policies) {
      if (!Files.isRegularFile(p)) {
        throw new PolicyException("policy file " + p + " does not exist");
      }
    }
    return Policy.load(policies);
  }

  /** Writes the report; returns false (after saying why on stderr) when it could not. */
  boolean write(AnalysisResult r, boolean showDir, PrintWriter out, PrintWriter err) {
    String text;
    if (format == Format.json) {
      text = JsonReport.render(r.toReport(showDir));
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
}
