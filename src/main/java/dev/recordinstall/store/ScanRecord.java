package dev.recordinstall.store;

import dev.recordinstall.policy.Finding;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Everything the store keeps about one finished scan job.
 *
 * @param status the verdict
 * @param reason why, for anything but clean (pip's error line, the timed-out phase, the exception)
 * @param packageName the distribution's name as installed (null when unknown, e.g. install failed)
 * @param version the installed version (null when unknown)
 * @param findings the analyser's findings (empty unless status is findings)
 * @param phases the recording's phases
 * @param timings named durations in milliseconds, e.g. record, analyze, total
 * @param recordingPath where the raw recording was kept (null when it was not kept)
 * @param finishedAt when the job finished
 */
public record ScanRecord(
    Status status,
    String reason,
    String packageName,
    String version,
    List<Finding> findings,
    List<Phase> phases,
    Map<String, Long> timings,
    String recordingPath,
    Instant finishedAt) {

  public ScanRecord {
    findings = List.copyOf(findings);
    phases = List.copyOf(phases);
    timings = Map.copyOf(timings);
  }

  /** A job that ended without a usable recording (tool error, interrupted). */
  public static ScanRecord of(Status status, String reason, Map<String, Long> timings) {
    return new ScanRecord(
        status, reason, null, null, List.of(), List.of(), timings, null, Instant.now());
  }

  /**
   * One phase of a recording.
   *
   * @param name venv, install, import
   * @param exitStatus the phase's exit status (null when unknown)
   * @param timedOut whether it ran out of time
   * @param start start (null when unknown)
   * @param end end (null when unknown)
   * @param trace the raw trace, relative to the recording (null when untraced)
   */
  public record Phase(
      String name,
      Integer exitStatus,
      boolean timedOut,
      Instant start,
      Instant end,
      String trace) {}
}
