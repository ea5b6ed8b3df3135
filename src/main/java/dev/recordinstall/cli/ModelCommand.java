package dev.recordinstall.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

@Command(
    name = "model",
    mixinStandardHelpOptions = true,
    description = "Print the behaviour model of a trace or recording as JSON.")
final class ModelCommand implements Callable<Integer> {
  @Override
  public Integer call() {
    System.err.println("record-install model: not implemented yet");
    return Main.EXIT_TOOL_FAILED;
  }
}
