package dev.recordinstall.record;

import java.util.function.Consumer;

/** Records the installation and import of Python packages under strace inside bubblewrap. */
public final class Recorder {
  private Recorder() {}

  /**
   * Creates the venv, installs the specs and imports their top-level modules, each traced phase in
   * the sandbox, and writes {@code run.json} into {@link RecordOptions#outDir()}. A failed install
   * or a timeout is a successful recording (see {@link RunInfo#status()}).
   *
   * @param progress receives one-line progress messages (for stderr)
   * @throws RecordException when tools are missing (exit 3), the specs or options are bad (2), or
   *     the output directory cannot be written (3)
   */
  public static Recording record(RecordOptions options, Consumer<String> progress)
      throws RecordException {
    throw RecordException.toolFailed("record: not implemented yet");
  }
}
