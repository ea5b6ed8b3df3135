package dev.recordinstall.analyze;

import dev.recordinstall.model.ModelBuilder;
import dev.recordinstall.strace.StraceParser;
import java.io.InputStream;
import java.nio.file.Files;

/** The real parser + model builder as a {@link ModelSource}. */
final class Traces {
  private Traces() {}

  /**
   * Streams the log through the parser into the model builder (one pass, bounded memory on the
   * parser side). Locations are labelled with the file name, i.e. relative to the recording. The
   * builder repairs pid-namespace traces recorded without {@code --pidns-translation} itself.
   */
  static final ModelSource DEFAULT =
      (trace, phase) -> {
        ModelBuilder b = ModelBuilder.create(phase);
        StraceParser.Summary s;
        try (InputStream in = Files.newInputStream(trace)) {
          s = StraceParser.parse(in, trace.getFileName().toString(), b::accept);
        }
        return new ModelSource.Built(b.finish(), s.errors());
      };
}
