package dev.recordinstall.record;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

/** A recording directory: the raw traces, the phases' output and the parsed {@code run.json}. */
public final class Recording {
  /** The file name of the run description inside a recording directory. */
  public static final String RUN_JSON = "run.json";

  static final ObjectMapper MAPPER =
      JsonMapper.builder()
          .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
          .enable(SerializationFeature.INDENT_OUTPUT)
          .build();

  private final Path dir;
  private final RunInfo run;

  private Recording(Path dir, RunInfo run) {
    this.dir = dir;
    this.run = run;
  }

  static Recording of(Path dir, RunInfo run) {
    return new Recording(dir, run);
  }

  /**
   * Reads an existing recording directory.
   *
   * @throws IOException when run.json is missing, unreadable or not valid JSON (the message names
   *     the file)
   */
  public static Recording load(Path dir) throws IOException {
    Path f = dir.resolve(RUN_JSON);
    if (!Files.isRegularFile(f)) throw new IOException(f + ": no run.json (not a recording dir?)");
    try {
      RunInfo r = MAPPER.readValue(f.toFile(), RunInfo.class);
      if (r == null) throw new IOException(f + ": empty run.json");
      return new Recording(dir, r);
    } catch (JacksonException e) {
      throw new IOException(f + ": invalid run.json: " + e.getOriginalMessage(), e);
    }
  }

  static void write(Path dir, RunInfo run) throws IOException {
    Path tmp = dir.resolve(RUN_JSON + ".tmp");
    try {
      MAPPER.writeValue(tmp.toFile(), run);
    } catch (JacksonException e) {
      throw new IOException("cannot write " + tmp + ": " + e.getOriginalMessage(), e);
    }
    Files.move(
        tmp,
        dir.resolve(RUN_JSON),
        java.nio.file.StandardCopyOption.REPLACE_EXISTING,
        java.nio.file.StandardCopyOption.ATOMIC_MOVE);
  }

  /** The recording directory. */
  public Path dir() {
    return dir;
  }

  /** The parsed run.json. */
  public RunInfo run() {
    return run;
  }

  /** The raw trace of a phase ("install", "import"), or null when that phase was not traced. */
  public Path trace(String phase) {
    RunInfo.Phase p = run.phase(phase);
    if (p == null || p.trace() == null) return null;
    return dir.resolve(p.trace());
  }
}
