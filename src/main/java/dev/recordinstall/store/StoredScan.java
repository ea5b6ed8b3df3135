package dev.recordinstall.store;

import dev.recordinstall.policy.Finding;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * One job as stored.
 *
 * @param findings filled by {@link ResultStore#scansOf}; empty in {@link ResultStore#latestScans}
 *     (see findingCount)
 * @param phases filled by {@link ResultStore#scansOf}; empty in {@link ResultStore#latestScans}
 */
public record StoredScan(
    long id,
    long runId,
    String spec,
    String packageName,
    String version,
    Status status,
    String reason,
    String recordingPath,
    Instant startedAt,
    Instant finishedAt,
    int findingCount,
    Map<String, Long> timings,
    List<ScanRecord.Phase> phases,
    List<Finding> findings) {}
