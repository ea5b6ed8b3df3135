package dev.recordinstall.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

@Command(
    name = "batch",
    mixinStandardHelpOptions = true,
    description = "Scan many packages in parallel and store the results in SQLite.")
final class BatchCommand implements Callable<Integer> {
  @Override
  public Integer call() {
    System.err.println("record-install batch: not implemented yet");
    return Main.EXIT_TOOL_FAILED;
  }
}
