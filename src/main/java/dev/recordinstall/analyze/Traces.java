package dev.recordinstall.analyze;

import dev.recordinstall.model.ModelBuilder;

/** The real parser + model builder as a {@link ModelSource}. */
final class Traces {
  private Traces() {}

  static final ModelSource DEFAULT =
      (trace, phase) -> {
        ModelBuilder b = ModelBuilder.create(phase);
        // TODO(parser): stream the parser's events into b once dev.recordinstall.strace lands.
        throw new java.io.IOException("the strace parser is not available yet");
      };
}
