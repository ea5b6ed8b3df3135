package dev.recordinstall.record;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.recordinstall.analyze.AnalysisResult;
import dev.recordinstall.analyze.Analyzer;
import dev.recordinstall.policy.Finding;
import dev.recordinstall.policy.Policy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A module that floods its trace at import (a tight stat loop, for up to 10 minutes): the recorder
 * stops the phase at the output limit long before the timeout, keeps the trace so far, and the
 * analysis reports the flood as a finding.
 */
@Tag("integration")
class OutputLimitTest {
  @TempDir Path tmp;

  @Test
  void aPhaseThatFloodsItsTraceIsStoppedAtTheLimitAndReported() throws Exception {
    Env.requireTools();
    String token = "RI-FLOOD-" + Long.toHexString(System.nanoTime());
    String init =
        "import os, time\n"
            + "end = time.time() + 600\n"
            + "while time.time() < end:\n"
            + "    try:\n"
            + "        os.stat('/nonexistent/"
            + token
            + "')\n"
            + "    except OSError:\n"
            + "        pass\n";
    Path whl = Env.wheel(tmp.resolve("dist"), "ri_flood", init);
    Path out = tmp.resolve("rec");
    long limit = 4L << 20;
    long t0 = System.nanoTime();
    Recording r =
        Recorder.record(
            Env.options(out, whl.toString())
                .importTimeout(Duration.ofSeconds(300))
                .maxPhaseOutput(limit)
                .build(),
            s -> {});
    long seconds = (System.nanoTime() - t0) / 1_000_000_000L;
    RunInfo run = r.run();
    assertEquals(RunInfo.STATUS_OUTPUT_LIMIT, run.status(), run.statusReason());
    RunInfo.Phase imp = run.phase("import");
    assertEquals(Boolean.TRUE, imp.outputLimited(), imp.note());
    assertTrue(!imp.timedOut(), "stopped by the limit, not the timeout");
    assertTrue(imp.note().contains("output limit"), imp.note());
    assertTrue(seconds < 200, "stopped long before the 300 s timeout: " + seconds + " s");
    long size = Files.size(r.trace("import"));
    assertTrue(size > limit, "trace kept: " + size);
    assertTrue(size < 64L * limit, "stopped near the limit: " + size);
    assertEquals(List.of(), Env.hostProcessesWith("ri_flood"), "processes left running");
    assertEquals(
        Boolean.FALSE, run.phase("install").outputLimited(), "the install phase was not stopped");

    AnalysisResult a = Analyzer.analyze(out, Policy.loadDefault());
    assertEquals(AnalysisResult.FINDINGS, a.status(), a.reason());
    assertTrue(
        a.findings().stream().map(Finding::ruleId).anyMatch("tamper.output-flood"::equals),
        a.findings().toString());
  }
}
