package dev.recordinstall.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

@Command(
    name = "parse",
    mixinStandardHelpOptions = true,
    description = "Parse strace logs into JSON Lines events.")
final class ParseCommand implements Callable<Integer> {
  @Override
  public Integer call() {
    System.err.println("record-install parse: not implemented yet");
    return Main.EXIT_TOOL_FAILED;
  }
}
