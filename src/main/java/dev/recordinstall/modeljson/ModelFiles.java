package dev.recordinstall.modeljson;

import dev.recordinstall.model.BehaviorModel;
import dev.recordinstall.model.ModelBuilder;
import dev.recordinstall.strace.TraceEvent;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Builds models from files: one strace log, or a recording directory ({@code run.json} with one
 * trace per phase, see docs/recording.md / RECORDING-CONTRACT).
 */
public final class ModelFiles {
  private ModelFiles() {}

  /** Reads the parsed events of a log; implemented by the strace parser. */
  @FunctionalInterface
  public interface EventReader {
    /** Streams the events of {@code log} to {@code sink} in log order. */
    void read(Path log, java.util.function.Consumer<TraceEvent> sink) throws IOException;
  }

  /** The real strace parser (plain or .gz logs). */
  public static final EventReader STRACE =
      (log, sink) -> dev.recordinstall.strace.StraceParser.parse(log, sink);

  /** A traced phase of a recording: its name and its log. */
  public record PhaseTrace(String phase, Path trace) {}

  /** Thrown for input the user must fix (missing file, bad run.json): exit code 2. */
  public static final class BadInputException extends Exception {
    public BadInputException(String message) {
      super(message);
    }
  }

  /**
   * The traced phases of {@code path}: a recording directory's phases with a trace, or the file
   * itself as one phase ({@code phase}, null = inferred).
   */
  public static List<PhaseTrace> phases(Path path, String phase) throws BadInputException {
    if (!Files.exists(path)) throw new BadInputException("no such file or directory: " + path);
    if (!Files.isDirectory(path)) return List.of(new PhaseTrace(phase, path));
    Path run = path.resolve("run.json");
    if (!Files.isRegularFile(run)) {
      throw new BadInputException(
          path + " is a directory without run.json: give a recording directory or a strace log");
    }
    JsonNode root;
    try {
      root = JsonMapper.builder().build().readTree(run.toFile());
    } catch (JacksonException e) {
      throw new BadInputException(run + " is not valid JSON: " + e.getOriginalMessage());
    }
    List<PhaseTrace> out = new ArrayList<>();
    for (JsonNode ph : root.path("phases")) {
      JsonNode trace = ph.get("trace");
      if (trace == null || trace.isNull() || !trace.isString()) continue;
      String name = ph.path("name").isString() ? ph.path("name").asString() : null;
      if (phase != null && !phase.equals(name)) continue;
      Path t = path.resolve(trace.asString()).normalize();
      if (!t.startsWith(path.normalize())) {
        throw new BadInputException(run + ": trace path leaves the recording: " + trace);
      }
      out.add(new PhaseTrace(name, t));
    }
    if (out.isEmpty()) {
      throw new BadInputException(
          run + " lists no traced phase" + (phase == null ? "" : " named " + phase));
    }
    return out;
  }

  /** Builds the model of one log. */
  public static BehaviorModel build(PhaseTrace pt, EventReader reader)
      throws IOException, BadInputException {
    if (!Files.isRegularFile(pt.trace())) {
      throw new BadInputException("trace file missing: " + pt.trace());
    }
    ModelBuilder b = ModelBuilder.create(pt.phase());
    reader.read(pt.trace(), b::accept);
    return b.finish();
  }
}
