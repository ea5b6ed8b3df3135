package dev.recordinstall.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

@Command(
    name = "analyze",
    mixinStandardHelpOptions = true,
    description = "Re-analyse a stored recording.")
final class AnalyzeCommand implements Callable<Integer> {
  @Override
  public Integer call() {
    System.err.println("record-install analyze: not implemented yet");
    return Main.EXIT_TOOL_FAILED;
  }
}
