package dev.recordinstall.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

@Command(
    name = "record",
    mixinStandardHelpOptions = true,
    description =
        "Install and import packages under strace inside a sandbox; keep the trace and run.json.")
final class RecordCommand implements Callable<Integer> {
  @Override
  public Integer call() {
    System.err.println("record-install record: not implemented yet");
    return Main.EXIT_TOOL_FAILED;
  }
}
