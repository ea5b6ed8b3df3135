package dev.recordinstall.model;

import dev.recordinstall.modeljson.ModelFiles;
import dev.recordinstall.strace.TraceEvent;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** How model tests read strace text. */
final class TestTraces {
  private TestTraces() {}

  /** The event reader used by snippet tests and the benchmark. */
  static final ModelFiles.EventReader READER = ModelFiles.STRACE;

  static Path resource(String name) {
    try {
      return Path.of(TestTraces.class.getResource(name).toURI());
    } catch (Exception e) {
      throw new AssertionError("missing test resource " + name, e);
    }
  }

  static BehaviorModel model(String resource, String phase) throws IOException {
    List<TraceEvent> ev = new ArrayList<>();
    READER.read(resource(resource), ev::add);
    ModelBuilder b = ModelBuilder.create(phase);
    ev.forEach(b::accept);
    return b.finish();
  }
}
