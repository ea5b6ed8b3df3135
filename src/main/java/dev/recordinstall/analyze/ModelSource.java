package dev.recordinstall.analyze;

import dev.recordinstall.model.BehaviorModel;
import java.io.IOException;
import java.nio.file.Path;

/** Turns one phase's raw trace into a behaviour model (parser + model builder). */
@FunctionalInterface
public interface ModelSource {
  /**
   * @param trace the raw strace log
   * @param phase "venv", "install", "import"
   * @return the model and how many lines could not be parsed
   */
  Built build(Path trace, String phase) throws IOException;

  /** A model plus the parse-error count behind it. */
  record Built(BehaviorModel model, long parseErrors) {}
}
