package dev.recordinstall.batch;

import dev.recordinstall.analyze.AnalysisResult;
import dev.recordinstall.analyze.Analyzer;
import dev.recordinstall.policy.Policy;
import dev.recordinstall.record.RecordException;
import dev.recordinstall.record.RecordOptions;
import dev.recordinstall.record.Recorder;
import dev.recordinstall.record.Recording;
import dev.recordinstall.record.RunInfo;
import dev.recordinstall.store.PackageNames;
import dev.recordinstall.store.ScanRecord;
import dev.recordinstall.store.Status;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The real scanner: {@link Recorder#record} into {@code workDir/recording}, then {@link
 * Analyzer#analyze} with the policy (default + overlay). The verdict logic (install-failed vs
 * findings, timeouts, tool errors) is the analyser's, the same as {@code scan}.
 */
final class RecordingScanner implements PackageScanner {
  private final ScanSettings settings;
  private final Policy policy;

  private RecordingScanner(ScanSettings settings, Policy policy) {
    this.settings = settings;
    this.policy = policy;
  }

  /**
   * @throws dev.recordinstall.policy.PolicyException when the policy overlay is invalid
   */
  static RecordingScanner create(ScanSettings settings) {
    Policy p =
        settings.policy() == null ? Policy.loadDefault() : Policy.load(List.of(settings.policy()));
    return new RecordingScanner(settings, p);
  }

  RecordOptions options(String spec, Path outDir) {
    return settings.recordOptions().apply(spec, outDir);
  }

  @Override
  public ScanOutcome scan(String spec, Path workDir) throws InterruptedException {
    Path out = workDir.resolve("recording");
    Map<String, Long> timings = new LinkedHashMap<>();
    long t0 = System.nanoTime();
    Recording rec;
    try {
      rec = Recorder.record(options(spec, out), msg -> {});
    } catch (RecordException e) {
      if (Thread.currentThread().isInterrupted()) throw new InterruptedException(e.getMessage());
      String kind = e.exitCode() == RecordException.USAGE ? "bad spec or option: " : "";
      return new ScanOutcome(
          Status.TOOL_ERROR,
          kind + e.getMessage(),
          null,
          null,
          List.of(),
          List.of(),
          Map.of("record", ms(t0)),
          Files.exists(out.resolve(Recording.RUN_JSON)) ? out : null);
    } catch (IllegalArgumentException e) {
      return ScanOutcome.toolError("bad spec or option: " + e.getMessage());
    }
    timings.put("record", ms(t0));
    if (Thread.currentThread().isInterrupted()) throw new InterruptedException();
    long t1 = System.nanoTime();
    AnalysisResult r = Analyzer.analyze(rec.dir(), policy);
    timings.put("analyze", ms(t1));
    return outcome(spec, r, rec.run(), timings);
  }

  private static long ms(long since) {
    return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - since);
  }

  /** Maps the analyser's verdict and run.json to what the store keeps. */
  static ScanOutcome outcome(
      String spec, AnalysisResult r, RunInfo run, Map<String, Long> timings) {
    Status status;
    try {
      status = Status.fromText(r.status());
    } catch (IllegalArgumentException e) {
      status = Status.TOOL_ERROR;
    }
    if (status == Status.RUNNING || status == Status.INTERRUPTED) status = Status.TOOL_ERROR;
    String name = null;
    String version = null;
    RunInfo.Distribution d = distribution(spec, run);
    if (d != null) {
      name = d.name();
      version = d.version();
    }
    List<ScanRecord.Phase> phases = new ArrayList<>();
    if (run != null && run.phases() != null) {
      for (RunInfo.Phase p : run.phases()) {
        if (p == null || p.name() == null) continue;
        phases.add(
            new ScanRecord.Phase(
                p.name(),
                p.exitStatus(),
                p.timedOut(),
                instant(p.start()),
                instant(p.end()),
                p.trace()));
      }
    }
    return new ScanOutcome(
        status, r.reason(), name, version, r.findings(), phases, timings, r.recordingDir());
  }

  /** The installed distribution the spec asked for (by normalised name), else the only one. */
  static RunInfo.Distribution distribution(String spec, RunInfo run) {
    if (run == null || run.distributions() == null) return null;
    String want = PackageNames.ofSpec(spec);
    for (RunInfo.Distribution d : run.distributions()) {
      if (d != null && d.name() != null && PackageNames.normalize(d.name()).equals(want)) return d;
    }
    return run.distributions().size() == 1 ? run.distributions().get(0) : null;
  }

  private static Instant instant(String s) {
    if (s == null) return null;
    try {
      return Instant.parse(s);
    } catch (DateTimeParseException e) {
      try {
        return java.time.OffsetDateTime.parse(s).toInstant();
      } catch (DateTimeParseException e2) {
        return null;
      }
    }
  }
}
