package dev.recordinstall.cli;

import dev.recordinstall.analyze.AnalysisResult;
import dev.recordinstall.analyze.Analyzer;
import dev.recordinstall.policy.Policy;
import dev.recordinstall.policy.PolicyException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

@Command(
    name = "analyze",
    mixinStandardHelpOptions = true,
    description = {
      "Re-analyse a stored recording directory (from `record -o DIR` or `scan --keep DIR`)"
          + " against the policy and print the verdict with its evidence.",
      "",
      "Example: record-install analyze rec/ --format sarif -o record-install.sarif",
      ""
    },
    footer = {
      "",
      "Exit codes: 0 clean, 1 findings, 2 usage error (bad policy file, not a recording),"
          + " 3 no verdict (the recording failed, the install failed, a timeout).",
    })
final class AnalyzeCommand implements Callable<Integer> {
  @Parameters(index = "0", paramLabel = "DIR", description = "The recording directory.")
  Path dir;

  @Mixin ReportOptions report = new ReportOptions();

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() {
    PrintWriter err = spec.commandLine().getErr();
    PrintWriter out = spec.commandLine().getOut();
    if (!Files.isDirectory(dir)) {
      err.println("record-install analyze: " + dir + " is not a directory");
      return Main.EXIT_USAGE;
    }
    if (!Files.isRegularFile(dir.resolve("run.json"))) {
      err.println(
          "record-install analyze: "
              + dir
              + " has no run.json; give a directory made by `record-install record -o DIR`"
              + " or `scan --keep DIR`");
      return Main.EXIT_USAGE;
    }
    Policy policy;
    try {
      policy = report.loadPolicy();
    } catch (PolicyException e) {
      err.println("record-install analyze: " + e.getMessage());
      return Main.EXIT_USAGE;
    }
    AnalysisResult r = Analyzer.analyze(dir, policy);
    if (r.status().equals(AnalysisResult.TOOL_ERROR) && r.reason() != null) {
      err.println("record-install analyze: " + r.reason());
    }
    if (!report.write(r, policy, true, out, err)) return Main.EXIT_TOOL_FAILED;
    return r.exitCode();
  }
}
