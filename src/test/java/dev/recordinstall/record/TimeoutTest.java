package dev.recordinstall.record;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A module that double-forks a daemon at import and then hangs: the timeout kills everything. */
@Tag("integration")
class TimeoutTest {
  @TempDir Path tmp;

  @Test
  void aTimedOutPhaseLeavesNoProcessBehindNotEvenADoubleForkedDaemon() throws Exception {
    Env.requireTools();
    String token = "RI-DAEMON-" + Long.toHexString(System.nanoTime());
    String init =
        "import os, sys, time\n"
            + "pid = os.fork()\n"
            + "if pid == 0:\n"
            + "    os.setsid()\n"
            + "    if os.fork() == 0:\n"
            + "        os.execv(sys.executable, [sys.executable, '-c',"
            + " 'import time; time.sleep(600)', '"
            + token
            + "'])\n"
            + "    os._exit(0)\n"
            + "os.waitpid(pid, 0)\n"
            + "time.sleep(600)\n";
    Path whl = Env.wheel(tmp.resolve("dist"), "ri_hang", init);
    Path out = tmp.resolve("rec");
    Recording r =
        Recorder.record(
            Env.options(out, whl.toString()).importTimeout(Duration.ofSeconds(8)).build(), s -> {});
    RunInfo run = r.run();
    assertEquals(RunInfo.STATUS_TIMEOUT, run.status(), run.statusReason());
    RunInfo.Phase imp = run.phase("import");
    assertTrue(imp.timedOut());
    assertTrue(imp.note().contains("timeout"), imp.note());
    String trace = Env.read(r.trace("import"));
    assertTrue(trace.contains(token), "the daemon was started (its execve is in the trace)");
    List<String> left = Env.hostProcessesWith(token);
    assertEquals(List.of(), left, "processes left running after the timeout");
    assertEquals(Boolean.TRUE, imp.traceComplete(), imp.note());
  }
}
