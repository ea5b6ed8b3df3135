package dev.recordinstall.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

@Command(
    name = "tree",
    mixinStandardHelpOptions = true,
    description = "Print the process tree of a trace or recording, with roles and commands.")
final class TreeCommand implements Callable<Integer> {
  @Override
  public Integer call() {
    System.err.println("record-install tree: not implemented yet");
    return Main.EXIT_TOOL_FAILED;
  }
}
