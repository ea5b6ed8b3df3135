package dev.recordinstall.cli;

import dev.recordinstall.analyze.AnalysisResult;
import dev.recordinstall.analyze.Analyzer;
import dev.recordinstall.policy.Policy;
import dev.recordinstall.policy.PolicyException;
import dev.recordinstall.record.Network;
import dev.recordinstall.record.RecordOptions;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
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

  @Option(names = "--index-url", paramLabel = "URL", description = "pip --index-url.")
  String indexUrl;

  @Option(
      names = "--extra-index-url",
      paramLabel = "URL",
      description = "pip --extra-index-url (repeatable).")
  List<String> extraIndexUrls = new ArrayList<>();

  @Option(
      names = "--find-links",
      paramLabel = "DIR|URL",
      description = "pip --find-links (repeatable).")
  List<String> findLinks = new ArrayList<>();

  @Option(
      names = "--timeout",
      paramLabel = "SECONDS",
      description = "Time limit of each phase in seconds (default: install 600, import 120).")
  Long timeoutSeconds;

  @Option(
      names = "--network",
      paramLabel = "MODE",
      description =
          "Sandbox network: none, host, or auto (none when every index is local; default).")
  String network = "auto";

  @Option(
      names = "--fast",
      description = "Trace with --seccomp-bpf and a reduced syscall set (see docs/recording.md).")
  boolean fast;

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
    Network net;
    try {
      net = Network.valueOf(network.toUpperCase(java.util.Locale.ROOT));
    } catch (IllegalArgumentException e) {
      err.println("record-install scan: --network must be none, host or auto, not " + network);
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
      RecordOptions.Builder b =
          RecordOptions.builder(dir, specs)
              .indexUrl(indexUrl)
              .extraIndexUrls(extraIndexUrls)
              .findLinks(findLinks)
              .network(net)
              .fast(fast);
      if (timeoutSeconds != null) {
        if (timeoutSeconds <= 0) throw new IllegalArgumentException("--timeout must be positive");
        b.timeout(Duration.ofSeconds(timeoutSeconds));
      }
      options = b.build();
    } catch (IllegalArgumentException e) {
      err.println("record-install scan: " + e.getMessage());
      deleteQuietly(tempRoot);
      return Main.EXIT_USAGE;
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
