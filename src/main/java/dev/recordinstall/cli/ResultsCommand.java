package dev.recordinstall.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

@Command(
    name = "results",
    mixinStandardHelpOptions = true,
    description = "Query results stored by batch.")
final class ResultsCommand implements Callable<Integer> {
  @Override
  public Integer call() {
    System.err.println("record-install results: not implemented yet");
    return Main.EXIT_TOOL_FAILED;
  }
}
