package dev.recordinstall.cli;

import dev.recordinstall.record.RecordException;
import dev.recordinstall.record.RecordOptions;
import dev.recordinstall.record.Recorder;
import dev.recordinstall.record.Recording;
import dev.recordinstall.record.RunInfo;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
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

  @Mixin RecordOptionsMixin record = new RecordOptionsMixin();

  @Override
  public Integer call() {
    RecordOptions options = record.options(out, specs);
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
