package dev.recordinstall.analyze;

import dev.recordinstall.policy.Finding;
import dev.recordinstall.report.ReportInput;
import java.nio.file.Path;
import java.util.List;

/**
 * The verdict on one recording: a plain value for the CLI, the batch runner and tests.
 *
 * @param status {@link #CLEAN}, {@link #FINDINGS}, {@link #INSTALL_FAILED}, {@link #TIMEOUT} or
 *     {@link #TOOL_ERROR}
 * @param reason why, for install-failed/timeout/tool-error (null for clean); for findings a note
 *     when the run also failed (e.g. "install failed too")
 * @param findings most severe first; may be non-empty with any status but clean
 * @param recordingDir the recording directory (null when recording never started)
 * @param specs what was scanned
 * @param distributions "Name version" of what got installed
 * @param warnings notes about the analysis (policy variables without value, untraced phases...)
 * @param policySources the policy files used, default first
 * @param usageError true when the failure was the caller's (bad spec or option): exit code 2
 */
public record AnalysisResult(
    String status,
    String reason,
    List<Finding> findings,
    Path recordingDir,
    List<String> specs,
    List<String> distributions,
    List<String> warnings,
    List<String> policySources,
    boolean usageError) {
  public static final String CLEAN = "clean";
  public static final String FINDINGS = "findings";
  public static final String INSTALL_FAILED = "install-failed";
  public static final String TIMEOUT = "timeout";
  public static final String TOOL_ERROR = "tool-error";

  /** A failure before or outside the analysis (no findings). */
  public static AnalysisResult toolError(
      String reason, Path dir, List<String> specs, boolean usageError) {
    return new AnalysisResult(
        TOOL_ERROR, reason, List.of(), dir, specs, List.of(), List.of(), List.of(), usageError);
  }

  /** The CLI exit code: 0 clean, 1 findings, 2 usage error, 3 the tool could not give a verdict. */
  public int exitCode() {
    if (FINDINGS.equals(status)) return 1;
    if (CLEAN.equals(status)) return 0;
    return usageError ? 2 : 3;
  }

  /** What a report shows; {@code showDir} false when the recording is about to be deleted. */
  public ReportInput toReport(boolean showDir) {
    return new ReportInput(
        status,
        reason,
        specs,
        distributions,
        showDir && recordingDir != null ? recordingDir.toString() : null,
        policySources,
        findings,
        warnings);
  }

  /** This result pointing at another recording directory (e.g. after moving it). */
  public AnalysisResult withRecordingDir(Path dir) {
    return new AnalysisResult(
        status, reason, findings, dir, specs, distributions, warnings, policySources, usageError);
  }
}
