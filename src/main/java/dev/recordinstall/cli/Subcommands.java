package dev.recordinstall.cli;

import picocli.CommandLine;

/** The subcommand list; each command lives in its own class and stays thin. */
final class Subcommands {
  private Subcommands() {}

  static void register(CommandLine cl) {
    cl.addSubcommand(new ParseCommand());
    cl.addSubcommand(new RecordCommand());
    cl.addSubcommand(new TreeCommand());
    cl.addSubcommand(new ModelCommand());
    cl.addSubcommand(new ScanCommand());
    cl.addSubcommand(new AnalyzeCommand());
    cl.addSubcommand(new BatchCommand());
    cl.addSubcommand(new ResultsCommand());
    cl.addSubcommand(new RulesCommand());
  }
}
