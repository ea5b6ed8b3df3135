package dev.recordinstall.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

@Command(
    name = "scan",
    mixinStandardHelpOptions = true,
    description = "Record and analyse packages: the verdict and its evidence.")
final class ScanCommand implements Callable<Integer> {
  @Override
  public Integer call() {
    System.err.println("record-install scan: not implemented yet");
    return Main.EXIT_TOOL_FAILED;
  }
}
