package dev.recordinstall.cli;

import dev.recordinstall.record.Network;
import dev.recordinstall.record.RecordException;
import dev.recordinstall.record.RecordOptions;
import dev.recordinstall.record.Recorder;
import dev.recordinstall.record.Recording;
import dev.recordinstall.record.RunInfo;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(
    name = "record",
    mixinStandardHelpOptions = true,
    description = {
      "Install and import packages under strace inside a bubblewrap sandbox; keep the raw traces"
          + " and run.json in DIR.",
      "SPEC is a requirement (django, django==5.2.17), a local sdist or wheel, or a project"
          + " directory."
    },
    footer = {
      "",
      "DIR receives run.json, install.strace, import.strace and each phase's .out/.err"
          + " (docs/recording.md).",
      "Exit codes: 0 recorded (run.json status ok), 1 recorded but the install failed or timed"
          + " out, 2 usage error, 3 the tool failed (missing strace/bwrap/python venv: the message"
          + " says how to install them)."
    })
final class RecordCommand implements Callable<Integer> {
  @Parameters(arity = "1..*", paramLabel = "SPEC", description = "Packages to record.")
  List<String> specs = new ArrayList<>();

  @Option(
      names = {"-o", "--output"},
      required = true,
      paramLabel = "DIR",
      description = "Recording directory (new or empty).")
  Path out;

  @Option(names = "--index-url", paramLabel = "URL", description = "pip --index-url.")
  String indexUrl;

  @Option(names = "--extra-index-url", paramLabel = "URL", description = "pip --extra-index-url.")
  List<String> extraIndexUrls = new ArrayList<>();

  @Option(names = "--find-links", paramLabel = "DIR", description = "pip --find-links.")
  List<String> findLinks = new ArrayList<>();

  @Option(
      names = "--timeout",
      paramLabel = "S",
      description =
          "Timeout of each phase in seconds (default: venv 120, install 600, import 120).")
  Long timeout;

  @Option(
      names = "--network",
      paramLabel = "MODE",
      description =
          "host, none, or auto (default: none when every index is a local file:// path, else"
              + " host).")
  String network = "auto";

  @Option(
      names = "--fast",
      description = "Trace with --seccomp-bpf and a reduced syscall set (docs/recording.md).")
  boolean fast;

  @Option(
      names = "--linger",
      paramLabel = "S",
      description = "Seconds the import driver stays alive after the imports (default 2).")
  double linger = 2;

  @Option(names = "--keep-venv", description = "Keep DIR/work/venv.")
  boolean keepVenv;

  @Option(names = "--no-import", description = "Skip the import phase.")
  boolean noImport;

  @Option(
      names = "--python",
      paramLabel = "EXE",
      description = "Base interpreter for the venv (default python3).")
  String python = "python3";

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() {
    Network net;
    try {
      net = Network.valueOf(network.toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new CommandLine.ParameterException(
          spec.commandLine(), "--network must be host, none or auto, not " + network);
    }
    RecordOptions options;
    try {
      RecordOptions.Builder b =
          RecordOptions.builder(out, specs)
              .indexUrl(indexUrl)
              .extraIndexUrls(extraIndexUrls)
              .findLinks(findLinks)
              .network(net)
              .fast(fast)
              .linger(Duration.ofMillis(Math.round(linger * 1000)))
              .keepVenv(keepVenv)
              .skipImport(noImport)
              .python(python);
      if (timeout != null) b.timeout(Duration.ofSeconds(timeout));
      options = b.build();
    } catch (IllegalArgumentException e) {
      throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
    }
    try {
      Recording r = Recorder.record(options, System.err::println);
      RunInfo run = r.run();
      System.out.println(r.dir());
      return RunInfo.STATUS_OK.equals(run.status())
          ? Main.EXIT_CLEAN
          : RunInfo.STATUS_TOOL_ERROR.equals(run.status())
              ? Main.EXIT_TOOL_FAILED
              : Main.EXIT_FINDINGS;
    } catch (RecordException e) {
      System.err.println("record-install record: " + e.getMessage());
      return e.exitCode();
    }
  }
}
