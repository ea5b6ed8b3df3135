package dev.recordinstall.cli;

import dev.recordinstall.model.BehaviorModel;
import dev.recordinstall.modeljson.ModelFiles;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Shared by {@code tree} and {@code model}: LOG|DIR to models, with exit codes. */
final class ModelInputs {
  private ModelInputs() {}

  /** The strace parser as an event reader. */
  static final ModelFiles.EventReader READER = ModelFiles.STRACE;

  /** Models of every traced phase, or null after printing an error (exit code in {@code rc}). */
  static List<BehaviorModel> load(Path path, String phase, PrintWriter err, int[] rc) {
    List<BehaviorModel> out = new ArrayList<>();
    try {
      for (ModelFiles.PhaseTrace pt : ModelFiles.phases(path, phase)) {
        err.println(
            "record-install: modelling "
                + pt.trace()
                + (pt.phase() == null ? "" : " (phase " + pt.phase() + ")"));
        err.flush();
        out.add(ModelFiles.build(pt, READER));
      }
      return out;
    } catch (ModelFiles.BadInputException e) {
      err.println("record-install: " + e.getMessage());
      rc[0] = Main.EXIT_USAGE;
    } catch (IOException e) {
      err.println("record-install: cannot read " + path + ": " + e.getMessage());
      rc[0] = Main.EXIT_TOOL_FAILED;
    }
    return null;
  }
}
