package dev.recordinstall.cli;

import dev.recordinstall.model.BehaviorModel;
import dev.recordinstall.modeljson.ModelJson;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(
    name = "model",
    mixinStandardHelpOptions = true,
    description = {
      "Print the behaviour model of a trace or recording as JSON.",
      "For a LOG: one model object. For a DIR: {\"schemaVersion\":1,\"phases\":[...]}.",
      "Fields are described in docs/model.md."
    })
final class ModelCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Parameters(paramLabel = "LOG|DIR", description = "A strace log, or a recording directory.")
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
    String json =
        java.nio.file.Files.isDirectory(input)
            ? ModelJson.writeAll(models)
            : ModelJson.write(models.get(0));
    spec.commandLine().getOut().println(json);
    spec.commandLine().getOut().flush();
    return Main.EXIT_CLEAN;
  }
}
