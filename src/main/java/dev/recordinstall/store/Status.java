package dev.recordinstall.store;

import java.util.Locale;

/**
 * The outcome of scanning one package. {@link #RUNNING} and {@link #INTERRUPTED} are bookkeeping
 * states of a job; the other five are verdicts.
 */
public enum Status {
  /** Installed and imported, no findings. */
  CLEAN,
  /** Installed, at least one finding. */
  FINDINGS,
  /**
   * pip could not install it for reasons that are not the package's behaviour (a dependency missing
   * from the index, no wheel for this Python, a build that failed): not a finding.
   */
  INSTALL_FAILED,
  /** A phase ran out of time. */
  TIMEOUT,
  /** record-install itself failed (tracer, sandbox, analyser…). */
  TOOL_ERROR,
  /** Claimed by a worker, result not stored yet. */
  RUNNING,
  /** The batch was stopped (Ctrl-C) before this job finished; a re-run scans it again. */
  INTERRUPTED;

  /** The text stored in the database and shown in reports: {@code install-failed}. */
  public String text() {
    return name().toLowerCase(Locale.ROOT).replace('_', '-');
  }

  /** Parses {@link #text()}; unknown text is an {@link IllegalArgumentException}. */
  public static Status fromText(String text) {
    return valueOf(text.trim().toUpperCase(Locale.ROOT).replace('-', '_'));
  }

  /**
   * Whether a re-run without --rescan skips a spec whose latest job ended like this. Tool errors
   * and interrupted jobs are retried: they say nothing about the package.
   */
  public boolean isDone() {
    return this == CLEAN || this == FINDINGS || this == INSTALL_FAILED || this == TIMEOUT;
  }

  /** Whether the package got installed (the denominator of the false-positive rate). */
  public boolean isInstalled() {
    return this == CLEAN || this == FINDINGS;
  }

  @Override
  public String toString() {
    return text();
  }
}
