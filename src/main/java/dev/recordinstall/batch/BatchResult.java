package dev.recordinstall.batch;

import dev.recordinstall.store.Status;
import java.util.Map;

/**
 * How a batch went.
 *
 * @param runId the run's id in the store
 * @param total specs in the list (deduplicated)
 * @param skipped specs skipped because an earlier run finished them
 * @param thisRun statuses of the jobs this run scanned
 * @param overall the latest status of every spec in the list, earlier runs included
 * @param wallMillis wall time of this run
 * @param interrupted whether the run was stopped (Ctrl-C)
 */
public record BatchResult(
    long runId,
    int total,
    int skipped,
    Map<Status, Integer> thisRun,
    Map<Status, Integer> overall,
    long wallMillis,
    boolean interrupted) {

  public int count(Map<Status, Integer> m, Status s) {
    return m.getOrDefault(s, 0);
  }

  /** Jobs scanned to a verdict in this run. */
  public int scanned() {
    int n = 0;
    for (var e : thisRun.entrySet()) if (e.getKey() != Status.INTERRUPTED) n += e.getValue();
    return n;
  }

  /**
   * 0 when every spec of the list is clean; 1 when any has findings; otherwise 3 (a spec could not
   * be scanned: install failed, timeout, tool error, interrupted).
   */
  public int exitCode() {
    if (count(overall, Status.FINDINGS) > 0) return 1;
    int clean = count(overall, Status.CLEAN);
    return clean == total && !interrupted ? 0 : 3;
  }
}
