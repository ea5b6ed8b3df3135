package dev.recordinstall.batch;

import dev.recordinstall.policy.Finding;
import dev.recordinstall.store.ScanRecord;
import dev.recordinstall.store.Status;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * What a {@link PackageScanner} found.
 *
 * @param status clean, findings, install-failed, timeout or tool-error
 * @param reason why, when not clean (pip's error line, the phase that timed out…)
 * @param packageName installed distribution name, null when unknown
 * @param version installed version, null when unknown
 * @param findings the findings (non-empty exactly when status is findings)
 * @param phases the recording's phases
 * @param timings named durations in ms (record, analyze…); the runner adds total
 * @param recordingDir the raw recording (run.json, traces), null when there is none
 */
public record ScanOutcome(
    Status status,
    String reason,
    String packageName,
    String version,
    List<Finding> findings,
    List<ScanRecord.Phase> phases,
    Map<String, Long> timings,
    Path recordingDir) {

  public ScanOutcome {
    if (status == Status.RUNNING || status == Status.INTERRUPTED) {
      throw new IllegalArgumentException("a scan outcome cannot be " + status);
    }
    findings = List.copyOf(findings);
    phases = List.copyOf(phases);
    timings = Map.copyOf(timings);
  }

  public static ScanOutcome toolError(String reason) {
    return new ScanOutcome(
        Status.TOOL_ERROR, reason, null, null, List.of(), List.of(), Map.of(), null);
  }
}
