package dev.recordinstall.cli;

import picocli.CommandLine;

/** The subcommand list. One line per command; each command lives in its own class. */
final class Subcommands {
  private Subcommands() {}

  static void register(CommandLine cl) {
    // parse (issue 2), record (issue 3), tree (issue 4), scan/analyze (issue 5),
    // batch/results (issue 7) register here.
  }
}
