package dev.recordinstall.report;

import dev.recordinstall.policy.Finding;
import java.util.List;

/**
 * Everything a report shows: the verdict, what was scanned, and the findings.
 *
 * @param status clean, findings, install-failed, timeout, tool-error
 * @param reason why, for anything but clean/findings (null otherwise)
 * @param specs what was asked for
 * @param distributions "name version" of what got installed
 * @param recordingDir the recording directory, or null when it was deleted
 * @param policySources the policy files used, default first
 * @param findings most severe first
 * @param warnings notes about the analysis (variables without value, phases not traced...)
 */
public record ReportInput(
    String status,
    String reason,
    List<String> specs,
    List<String> distributions,
    String recordingDir,
    List<String> policySources,
    List<Finding> findings,
    List<String> warnings) {}
