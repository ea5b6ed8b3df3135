package dev.recordinstall.batch;

import java.nio.file.Path;
import java.util.List;

/**
 * What to scan and how.
 *
 * @param specs requirement specs, deduplicated
 * @param jobs parallel workers (≥ 1)
 * @param rescan scan specs again even when an earlier run finished them
 * @param workRoot where per-job work directories are made (null: a fresh temp directory)
 * @param keepDir where raw recordings are kept (null: not kept)
 * @param keepClean keep the recordings of clean packages too (default: only non-clean ones)
 * @param tool tool name and version, stored with the run
 * @param options the record options as text, stored with the run
 */
public record BatchConfig(
    List<String> specs,
    int jobs,
    boolean rescan,
    Path workRoot,
    Path keepDir,
    boolean keepClean,
    String tool,
    String options) {
  public BatchConfig {
    specs = List.copyOf(specs);
    if (jobs < 1) throw new IllegalArgumentException("jobs must be at least 1, got " + jobs);
  }
}
