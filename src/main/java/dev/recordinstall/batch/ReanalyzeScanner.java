package dev.recordinstall.batch;

import dev.recordinstall.analyze.AnalysisResult;
import dev.recordinstall.analyze.Analyzer;
import dev.recordinstall.policy.Policy;
import dev.recordinstall.record.Recording;
import dev.recordinstall.store.ResultStore;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * {@code batch --reanalyze}: no recording; analyses the newest kept recording of each spec again
 * with the current policy (after a policy change, or a new overlay). The recording stays where it
 * is; the new verdict is stored as a job of the new run.
 */
final class ReanalyzeScanner implements PackageScanner {
  private final ResultStore store;
  private final Policy policy;

  private ReanalyzeScanner(ResultStore store, Policy policy) {
    this.store = store;
    this.policy = policy;
  }

  static ReanalyzeScanner create(ResultStore store, ScanSettings settings) {
    Policy p =
        settings.policy() == null ? Policy.loadDefault() : Policy.load(List.of(settings.policy()));
    return new ReanalyzeScanner(store, p);
  }

  @Override
  public String unavailable(String spec) {
    return store.latestRecording(spec).isPresent() ? null : "no kept recording";
  }

  @Override
  public ScanOutcome scan(String spec, Path workDir) throws IOException {
    Optional<Path> rec = store.latestRecording(spec);
    if (rec.isEmpty()) {
      return ScanOutcome.toolError(
          "no kept recording of " + spec + " to re-analyse; scan it without --reanalyze");
    }
    long t0 = System.nanoTime();
    AnalysisResult r = Analyzer.analyze(rec.get(), policy);
    Map<String, Long> timings = new LinkedHashMap<>();
    timings.put("analyze", TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0));
    ScanOutcome o = RecordingScanner.outcome(spec, r, Recording.load(rec.get()).run(), timings);
    return o;
  }
}
