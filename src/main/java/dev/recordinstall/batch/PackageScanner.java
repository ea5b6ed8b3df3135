package dev.recordinstall.batch;

import java.nio.file.Path;

/**
 * Scans one package: record it in a sandbox, analyse the recording. The batch runner calls it from
 * several worker threads at once, each with its own empty work directory.
 *
 * <p>Implementations must not throw for anything the package does: a failed install, a timeout,
 * findings are all {@link ScanOutcome}s. An exception means the tool failed (stored as tool-error).
 * On thread interrupt (Ctrl-C) they should stop their child processes and throw {@link
 * InterruptedException}; the runner also kills whatever descendants remain.
 */
public interface PackageScanner {
  ScanOutcome scan(String spec, Path workDir) throws Exception;

  /**
   * Why this scanner cannot scan {@code spec} at all (the runner then leaves the spec's earlier
   * verdict standing instead of storing a failure), or null when it can. Recording scanners always
   * can; re-analysis needs a kept recording.
   */
  default String unavailable(String spec) {
    return null;
  }
}
