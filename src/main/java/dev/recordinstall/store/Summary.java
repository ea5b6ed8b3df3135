package dev.recordinstall.store;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Counts over the latest job of every spec.
 *
 * @param specs how many distinct specs have a job
 * @param byStatus how many of them ended with each status (every status present, zero included)
 * @param installed clean + findings
 * @param withFindings specs whose latest job has findings
 * @param rules findings per rule over those jobs, most packages first
 * @param failures the non-clean, non-findings jobs with their reasons
 * @param lastRun the latest run, null when there is none
 */
public record Summary(
    int specs,
    Map<Status, Integer> byStatus,
    int installed,
    int withFindings,
    List<RuleCount> rules,
    List<StoredScan> failures,
    RunStats lastRun) {

  /** Packages with findings ÷ packages installed; 0 when nothing was installed. */
  public double falsePositiveRate() {
    return installed == 0 ? 0.0 : (double) withFindings / installed;
  }

  /**
   * @param packages how many packages have at least one finding of the rule
   * @param findings how many (deduplicated) findings
   * @param occurrences the sum of their counts
   */
  public record RuleCount(
      String ruleId,
      String category,
      String severity,
      int packages,
      int findings,
      long occurrences) {}

  /**
   * @param scanned jobs of this run that reached a verdict
   * @param wallMillis end − start (up to now while running)
   */
  public record RunStats(
      long id,
      String state,
      Instant startedAt,
      Instant finishedAt,
      int totalJobs,
      int scanned,
      long wallMillis) {
    /** Jobs per minute of wall time. */
    public double perMinute() {
      return wallMillis <= 0 ? 0.0 : scanned * 60_000.0 / wallMillis;
    }
  }
}
