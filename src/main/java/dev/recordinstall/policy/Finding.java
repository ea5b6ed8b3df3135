package dev.recordinstall.policy;

import java.util.List;

/**
 * One anomaly. CONTRACT: policy (issue 5) -> report, profile, store (issues 5, 7).
 *
 * @param ruleId stable id of the rule, e.g. "net.dns-non-index"
 * @param category exit, syscall, file, process, network, tamper, parse
 * @param severity low, medium, high, critical
 * @param message one line for people
 * @param evidence the occurrences behind it (deduplicated findings keep the first few)
 * @param count how many occurrences were folded into this finding
 */
public record Finding(
    String ruleId,
    String category,
    String severity,
    String message,
    List<Evidence> evidence,
    long count) {

  /**
   * @param phase recording phase
   * @param pid process
   * @param role the process's role (model Role name)
   * @param command the process's command line (bounded)
   * @param processPath the chain of commands from the phase root to this process
   * @param event a short text of the event (syscall line or decoded activity)
   * @param location file:line in the raw trace
   */
  public record Evidence(
      String phase,
      int pid,
      String role,
      String command,
      List<String> processPath,
      String event,
      String location) {}
}
