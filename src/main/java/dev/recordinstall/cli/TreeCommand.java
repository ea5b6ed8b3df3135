package dev.recordinstall.cli;

import dev.recordinstall.model.BehaviorModel;
import dev.recordinstall.model.ProcessTree;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(
    name = "tree",
    mixinStandardHelpOptions = true,
    description = {
      "Print the process tree of a trace or recording, with roles and commands.",
      "One line per process: pid, role, exit status, command; children indented.",
      "Roles: SETUP, PIP_FRONTEND, PIP_HELPER, BUILD_BACKEND, BUILD_TOOL, IMPORT,"
          + " PACKAGE_CHILD, UNKNOWN (see docs/model.md)."
    })
final class TreeCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Parameters(
      paramLabel = "LOG|DIR",
      description = "A strace log, or a recording directory (run.json): one tree per phase.")
  Path input;

  @Option(
      names = "--phase",
      paramLabel = "NAME",
      description =
          "For a LOG: its phase (install, import, venv; default: inferred)."
              + " For a DIR: only this phase.")
  String phase;

  @Override
  public Integer call() {
    int[] rc = {Main.EXIT_CLEAN};
    List<BehaviorModel> models = ModelInputs.load(input, phase, spec.commandLine().getErr(), rc);
    if (models == null) return rc[0];
    StringBuilder sb = new StringBuilder();
    for (BehaviorModel m : models) sb.append(ProcessTree.render(m));
    spec.commandLine().getOut().print(sb);
    spec.commandLine().getOut().flush();
    return Main.EXIT_CLEAN;
  }
}
