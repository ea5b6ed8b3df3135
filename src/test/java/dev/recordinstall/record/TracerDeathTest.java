package dev.recordinstall.record;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** strace killed from outside mid-phase: run.json says so, the raw log is kept, nothing lingers. */
@Tag("integration")
class TracerDeathTest {
  @TempDir Path tmp;

  @Test
  void aDeadTracerIsReportedAndItsLogKept() throws Exception {
    Env.requireTools();
    String token = "RI-SLEEPER-" + Long.toHexString(System.nanoTime());
    Path whl =
        Env.wheel(
            tmp.resolve("dist"),
            "ri_sleeper",
            "import sys, time\nprint('" + token + "', flush=True)\ntime.sleep(120)\n");
    Path out = tmp.resolve("rec");
    AtomicBoolean killed = new AtomicBoolean();
    Thread killer =
        new Thread(
            () -> {
              long deadline = System.nanoTime() + Duration.ofSeconds(240).toNanos();
              while (System.nanoTime() < deadline && !killed.get()) {
                Optional<ProcessHandle> strace =
                    ProcessHandle.current()
                        .descendants()
                        .filter(
                            h ->
                                h.info().command().orElse("").endsWith("strace")
                                    && String.join(" ", h.info().arguments().orElse(new String[0]))
                                        .contains("import.strace"))
                        .findFirst();
                if (strace.isPresent()) {
                  try {
                    // let the import start, then kill the tracer
                    if (Files.exists(out.resolve("import.out"))
                        && Files.readString(out.resolve("import.out")).contains(token)) {
                      killed.set(strace.get().destroyForcibly());
                    }
                  } catch (java.io.IOException e) {
                    // not yet
                  }
                }
                try {
                  Thread.sleep(100);
                } catch (InterruptedException e) {
                  return;
                }
              }
            });
    killer.setDaemon(true);
    killer.start();
    Recording r =
        Recorder.record(
            Env.options(out, whl.toString()).importTimeout(Duration.ofSeconds(150)).build(),
            s -> {});
    killer.interrupt();
    assertTrue(killed.get(), "the test killed strace");
    RunInfo run = r.run();
    RunInfo.Phase imp = run.phase("import");
    assertEquals(RunInfo.STATUS_TOOL_ERROR, run.status(), run.statusReason());
    assertEquals(Boolean.FALSE, imp.traceComplete());
    assertEquals(137, imp.tracerExitStatus());
    assertTrue(imp.note().contains("raw log is kept"), imp.note());
    assertTrue(Files.size(r.trace("import")) > 0, "the raw log is kept");
    assertFalse(imp.timedOut());
    // bwrap --die-with-parent took the sandbox down with the tracer
    Thread.sleep(500);
    // the import driver's argv names the module: nothing of the sandbox may still run
    List<String> left = Env.hostProcessesWith(out.resolve("work/venv").toString());
    assertEquals(List.of(), left);
    assertEquals(run, Recording.load(out).run());
  }
}
