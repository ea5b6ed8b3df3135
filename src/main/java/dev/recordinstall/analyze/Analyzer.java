package dev.recordinstall.analyze;

import dev.recordinstall.policy.CompiledPolicy;
import dev.recordinstall.policy.Finding;
import dev.recordinstall.policy.PhaseFacts;
import dev.recordinstall.policy.Policy;
import dev.recordinstall.policy.PolicyException;
import dev.recordinstall.policy.PolicyVars;
import dev.recordinstall.record.RecordException;
import dev.recordinstall.record.RecordOptions;
import dev.recordinstall.record.Recorder;
import dev.recordinstall.record.Recording;
import dev.recordinstall.record.RunInfo;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Analysis of a recording directory: run.json + raw traces → models → policy → findings and a
 * verdict. Plain library calls; no printing except through the progress callback.
 */
public final class Analyzer {
  private Analyzer() {}

  /** Analyses a recording directory with the real parser and model builder. */
  public static AnalysisResult analyze(Path recordingDir, Policy policy) {
    return analyze(recordingDir, policy, Traces.DEFAULT, s -> {});
  }

  /** Records then analyses: {@code scan}. Never throws for recording trouble; see the status. */
  public static AnalysisResult scan(
      RecordOptions options, Policy policy, Consumer<String> progress) {
    Recording rec;
    try {
      rec = Recorder.record(options, progress);
    } catch (RecordException e) {
      boolean usage = e.exitCode() == RecordException.USAGE;
      Path dir =
          Files.exists(options.outDir().resolve(Recording.RUN_JSON)) ? options.outDir() : null;
      return AnalysisResult.toolError(e.getMessage(), dir, options.specs(), usage);
    } catch (RuntimeException e) {
      return AnalysisResult.toolError(
          "recording failed: " + e, options.outDir(), options.specs(), false);
    }
    progress.accept("analysing " + rec.dir());
    return analyze(rec.dir(), policy, Traces.DEFAULT, progress);
  }

  /** Analyses with a given model source (tests use fakes). */
  public static AnalysisResult analyze(
      Path dir, Policy policy, ModelSource source, Consumer<String> progress) {
    Recording rec;
    try {
      rec = Recording.load(dir);
    } catch (IOException e) {
      return AnalysisResult.toolError(e.getMessage(), dir, List.of(), false);
    }
    RunInfo run = rec.run();
    List<String> specs = run.specs() == null ? List.of() : run.specs();
    List<String> warnings = new ArrayList<>();
    List<String> dists = new ArrayList<>();
    if (run.distributions() != null) {
      for (RunInfo.Distribution d : run.distributions()) {
        if (d != null) dists.add(d.name() + " " + d.version());
      }
    }

    CompiledPolicy compiled;
    try {
      compiled = policy.compile(vars(run));
    } catch (PolicyException e) {
      return AnalysisResult.toolError("policy: " + e.getMessage(), dir, specs, true);
    }

    List<CompiledPolicy.PhaseInput> inputs = new ArrayList<>();
    List<String> failures = new ArrayList<>();
    if (run.phases() != null) {
      for (RunInfo.Phase p : run.phases()) {
        if (p == null || p.name() == null) continue;
        boolean traced = p.trace() != null;
        ModelSource.Built built = null;
        if (traced) {
          Path trace = dir.resolve(p.trace()).normalize();
          if (!trace.startsWith(dir.normalize())) {
            failures.add("phase " + p.name() + ": trace path leaves the recording: " + p.trace());
          } else if (!Files.isRegularFile(trace)) {
            failures.add("phase " + p.name() + ": trace " + trace + " is missing");
          } else {
            progress.accept("parsing " + trace.getFileName());
            try {
              built = source.build(trace, p.name());
            } catch (IOException | RuntimeException e) {
              failures.add("phase " + p.name() + ": cannot analyse " + trace + ": " + e);
            }
          }
        }
        PhaseFacts facts =
            new PhaseFacts(
                p.name(),
                p.exitStatus(),
                p.timedOut(),
                traced,
                p.traceComplete() == null || p.traceComplete(),
                p.tracerExitStatus(),
                built == null ? 0 : built.parseErrors(),
                Boolean.TRUE.equals(p.outputLimited()));
        inputs.add(new CompiledPolicy.PhaseInput(built == null ? null : built.model(), facts));
      }
    }
    for (String w : compiled.warnings()) {
      // A file:// index has no host: the index-host lists are empty on purpose.
      if (!w.contains("$INDEX_HOSTS")) warnings.add(w);
    }

    List<Finding> findings = compiled.evaluate(inputs);
    List<String> sources = policy.sources();
    String status = run.status() == null ? RunInfo.STATUS_OK : run.status();

    // every verdict carries the same evidence; only its status and reason differ
    java.util.function.BiFunction<String, String, AnalysisResult> verdict =
        (st, why) ->
            new AnalysisResult(st, why, findings, dir, specs, dists, warnings, sources, false);
    if (!failures.isEmpty()) {
      return verdict.apply(AnalysisResult.TOOL_ERROR, String.join("; ", failures));
    }
    switch (status) {
      case RunInfo.STATUS_OK:
        return verdict.apply(
            findings.isEmpty() ? AnalysisResult.CLEAN : AnalysisResult.FINDINGS, null);
      case RunInfo.STATUS_INSTALL_FAILED:
        {
          // pip failing makes its own processes (and a failing setup.py) exit non-zero: that is
          // the failure, not a finding. Anything else the package did still counts.
          List<Finding> rest = findings.stream().filter(f -> !"exit".equals(f.category())).toList();
          String reason = installFailure(run, dir);
          if (rest.isEmpty()) {
            return verdict.apply(AnalysisResult.INSTALL_FAILED, reason);
          }
          return verdict.apply(AnalysisResult.FINDINGS, "the install failed too: " + reason);
        }
      case RunInfo.STATUS_TIMEOUT:
      case RunInfo.STATUS_TOOL_ERROR:
      default:
        {
          String reason =
              run.statusReason() != null ? run.statusReason() : "recording status " + status;
          String st =
              RunInfo.STATUS_TIMEOUT.equals(status)
                  ? AnalysisResult.TIMEOUT
                  : AnalysisResult.TOOL_ERROR;
          // A package that kills the tracer or hangs the install still gets its findings: the
          // tamper rules see an incomplete trace, and whatever happened before counts.
          if (!findings.isEmpty()) {
            return verdict.apply(AnalysisResult.FINDINGS, st + ": " + reason);
          }
          return verdict.apply(st, reason);
        }
    }
  }

  /** The policy variables of a run (docs/policy.md). */
  public static PolicyVars vars(RunInfo run) {
    Map<String, List<String>> m = new LinkedHashMap<>();
    RunInfo.Paths p = run.paths();
    if (p != null) {
      m.put("WORK", one(p.work()));
      m.put("VENV", one(p.venv()));
      m.put("VENV_BIN", one(p.venvBin()));
      m.put("SITE_PACKAGES", one(p.sitePackages()));
      m.put("HOME", one(p.home()));
      m.put("TMP", one(p.tmp()));
      m.put("PIP_CACHE", one(p.pipCache()));
      m.put("PYTHON_PREFIX", one(p.pythonPrefix()));
    }
    m.put("INDEX_HOSTS", run.indexHosts() == null ? List.of() : run.indexHosts());
    RunInfo.Bait b = run.bait();
    m.put("BAIT_FILES", b == null || b.files() == null ? List.of() : b.files());
    List<String> markers = new ArrayList<>();
    if (b != null && b.markers() != null) markers.addAll(b.markers());
    if (b != null && b.env() != null) markers.addAll(b.env().values());
    m.put("BAIT_MARKERS", PolicyVars.encodedMarkers(markers.stream().distinct().toList()));
    return PolicyVars.of(m);
  }

  private static List<String> one(String s) {
    return s == null || s.isEmpty() ? List.of() : List.of(s);
  }

  /**
   * The last lines of pip's stderr (they say why: "No matching distribution found for x"), else the
   * recorder's statusReason.
   */
  static String installFailure(RunInfo run, Path dir) {
    String head =
        run.statusReason() != null && !run.statusReason().isBlank()
            ? run.statusReason()
            : "pip exited with status "
                + (run.phase("install") == null ? "?" : run.phase("install").exitStatus());
    RunInfo.Phase p = run.phase("install");
    if (p == null || p.stderr() == null) return head;
    Path err = dir.resolve(p.stderr()).normalize();
    if (!err.startsWith(dir.normalize()) || !Files.isRegularFile(err)) return head;
    // Only the tail: the package controls what pip prints (a build log can be huge, not UTF-8).
    try (java.nio.channels.SeekableByteChannel ch = Files.newByteChannel(err)) {
      long size = ch.size();
      int n = (int) Math.min(size, 64 * 1024);
      ch.position(size - n);
      java.nio.ByteBuffer buf = java.nio.ByteBuffer.allocate(n);
      while (buf.hasRemaining() && ch.read(buf) > 0) {}
      String text = new String(buf.array(), 0, buf.position(), StandardCharsets.UTF_8);
      List<String> lines = new ArrayList<>();
      for (String l : text.split("\n")) if (!l.isBlank()) lines.add(l.strip());
      int from = Math.max(0, lines.size() - 3);
      if (lines.isEmpty()) return head;
      String tail = String.join(" / ", lines.subList(from, lines.size()));
      return head + ": " + (tail.length() > 600 ? tail.substring(tail.length() - 600) : tail);
    } catch (IOException | RuntimeException e) {
      return head + " (and " + err + " is unreadable: " + e.getMessage() + ")";
    }
  }
}
