package dev.recordinstall.cli;

import dev.recordinstall.analyze.AnalysisResult;
import dev.recordinstall.analyze.Analyzer;
import dev.recordinstall.policy.Policy;
import dev.recordinstall.policy.PolicyException;
import dev.recordinstall.record.RecordOptions;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(
    name = "scan",
    mixinStandardHelpOptions = true,
    description = {
      "Install and import packages under strace in a sandbox, analyse what they did against the"
          + " policy, and print the verdict with its evidence (record + analyze).",
      "",
      "Example: record-install scan django --index-url file:///opt/pypi/simple"
    },
    footer = {
      "",
      "Without --keep the recording goes to a temporary directory that is deleted afterwards"
          + " (kept, and its path printed on stderr, when the tool failed).",
      "Exit codes: 0 clean, 1 findings, 2 usage error, 3 no verdict (tool failed, install"
          + " failed, timeout).",
    })
final class ScanCommand implements Callable<Integer> {
  @Parameters(
      arity = "1..*",
      paramLabel = "SPEC",
      description = "Requirement (django, django==5.2.17), local sdist/wheel or project directory.")
  List<String> specs = new ArrayList<>();

  @Mixin RecordOptionsMixin record = new RecordOptionsMixin();

  @Option(
      names = "--keep",
      paramLabel = "DIR",
      description = "Keep the recording in DIR (must be empty or absent) for `analyze` later.")
  Path keep;

  @Mixin ReportOptions report = new ReportOptions();

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() {
    PrintWriter err = spec.commandLine().getErr();
    PrintWriter out = spec.commandLine().getOut();
    Policy policy;
    try {
      policy = report.loadPolicy();
    } catch (PolicyException e) {
      err.println("record-install scan: " + e.getMessage());
      return Main.EXIT_USAGE;
    }
    Path tempRoot = null;
    Path dir = keep;
    if (dir == null) {
      try {
        tempRoot = Files.createTempDirectory("record-install-scan-");
      } catch (IOException e) {
        err.println("record-install scan: cannot create a temporary directory: " + e.getMessage());
        return Main.EXIT_TOOL_FAILED;
      }
      dir = tempRoot.resolve("recording");
    }
    RecordOptions options;
    try {
      options = record.options(dir, specs);
    } catch (CommandLine.ParameterException e) {
      deleteQuietly(tempRoot);
      throw e;
    }
    AnalysisResult r =
        Analyzer.scan(
            options,
            policy,
            msg -> {
              err.println("record-install: " + msg);
              err.flush();
            });
    boolean toolFailed = r.status().equals(AnalysisResult.TOOL_ERROR) && !r.usageError();
    if (r.status().equals(AnalysisResult.TOOL_ERROR) && r.reason() != null) {
      err.println("record-install scan: " + r.reason());
    }
    boolean keepIt = keep != null || toolFailed;
    if (tempRoot != null && toolFailed) {
      err.println("record-install scan: the recording is kept for inspection in " + tempRoot);
    }
    boolean written = report.write(r, keepIt, out, err);
    if (tempRoot != null && !toolFailed) deleteQuietly(tempRoot);
    if (!written) return Main.EXIT_TOOL_FAILED;
    return r.exitCode();
  }

  private static void deleteQuietly(Path root) {
    if (root == null) return;
    try {
      Files.walkFileTree(
          root,
          new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path f, BasicFileAttributes a) throws IOException {
              Files.deleteIfExists(f);
              return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path d, IOException e) throws IOException {
              Files.deleteIfExists(d);
              return FileVisitResult.CONTINUE;
            }
          });
    } catch (IOException e) {
      System.err.println("record-install: could not delete " + root + ": " + e.getMessage());
    }
  }
}
