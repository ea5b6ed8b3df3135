package dev.recordinstall.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * Entry point. Exit codes: 0 clean, 1 findings (or parse errors with --strict), 2 usage error, 3
 * the tool failed. stdout carries the report; diagnostics go to stderr.
 */
@Command(
    name = "record-install",
    mixinStandardHelpOptions = true,
    versionProvider = Main.Version.class,
    description = {
      "Installs and imports a Python package under strace inside a sandbox and reports what it did"
          + " that an installation should not do.",
      ""
    },
    subcommands = {
      CommandLine.HelpCommand.class,
    },
    footer = {
      "",
      "Exit codes: 0 clean, 1 findings, 2 usage error, 3 the tool failed.",
    })
public final class Main implements Runnable {
  public static final int EXIT_CLEAN = 0;
  public static final int EXIT_FINDINGS = 1;
  public static final int EXIT_USAGE = 2;
  public static final int EXIT_TOOL_FAILED = 3;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    throw new CommandLine.ParameterException(spec.commandLine(), "Missing a subcommand");
  }

  public static void main(String[] args) {
    System.exit(run(args));
  }

  /** Runs the CLI and returns the exit code (tests call this). */
  public static int run(String... args) {
    CommandLine cl = new CommandLine(new Main());
    // Subcommands are registered here, one line each, so parallel work does not collide.
    Subcommands.register(cl);
    cl.setExecutionExceptionHandler(
        (ex, cmd, parseResult) -> {
          cmd.getErr().println("record-install: error: " + ex.getMessage());
          if (System.getenv("RECORD_INSTALL_DEBUG") != null) ex.printStackTrace(cmd.getErr());
          return EXIT_TOOL_FAILED;
        });
    return cl.execute(args);
  }

  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      String v = Main.class.getPackage().getImplementationVersion();
      return new String[] {"record-install " + (v == null ? "dev" : v)};
    }
  }
}
