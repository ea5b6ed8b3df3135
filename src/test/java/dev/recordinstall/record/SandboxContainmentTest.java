package dev.recordinstall.record;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Hostile (but harmless) setup.py fixtures: one writes to HOME and /etc and reads the bait, one
 * hunts for strace and kills its own process group. Both run only inside the sandbox.
 */
@Tag("integration")
class SandboxContainmentTest {
  @TempDir Path tmp;

  static final String WRITER =
      "import os\n"
          + "home = os.path.expanduser('~')\n"
          + "res = []\n"
          + "for p in [os.path.join(home, '.bashrc'), os.path.join(home, '.local/bin/x'),"
          + " '/etc/x']:\n"
          + "    try:\n"
          + "        os.makedirs(os.path.dirname(p), exist_ok=True)\n"
          + "        with open(p, 'a') as f:\n"
          + "            f.write('# RI-TEST-WRITE\\n')\n"
          + "        res.append(p + ' written')\n"
          + "    except OSError as e:\n"
          + "        res.append(p + ' ' + type(e).__name__)\n"
          + "try:\n"
          + "    res.append('aws: ' + open(os.path.join(home, '.aws/credentials')).read())\n"
          + "except OSError as e:\n"
          + "    res.append('aws: ' + type(e).__name__)\n"
          + "res.append('env: ' + os.environ.get('AWS_SECRET_ACCESS_KEY', 'unset'))\n"
          + "with open(os.path.join(home, 'ri-writer.txt'), 'a') as f:\n"
          + "    f.write('\\n'.join(res) + '\\n')\n";

  static final String KILLER =
      "import os, signal\n"
          + "seen = []\n"
          + "for pid in os.listdir('/proc'):\n"
          + "    if not pid.isdigit():\n"
          + "        continue\n"
          + "    try:\n"
          + "        comm = open('/proc/%s/comm' % pid).read().strip()\n"
          + "    except OSError:\n"
          + "        continue\n"
          + "    seen.append(comm)\n"
          + "    if comm == 'strace':\n"
          + "        try:\n"
          + "            os.kill(int(pid), signal.SIGKILL)\n"
          + "        except OSError:\n"
          + "            pass\n"
          + "with open(os.path.expanduser('~/ri-hunt.txt'), 'a') as f:\n"
          + "    f.write(' '.join(seen) + '\\n')\n"
          + "os.killpg(os.getpgrp(), signal.SIGKILL)\n";

  @Test
  void writesToHomeAndEtcLeaveTheRealOnesUnchanged() throws Exception {
    Env.requireTools();
    Path home = Path.of(System.getenv("HOME"));
    List<Path> watched =
        List.of(home.resolve(".bashrc"), home.resolve(".local/bin/x"), Path.of("/etc/x"));
    Map<Path, String> before = new LinkedHashMap<>();
    for (Path p : watched) before.put(p, Env.sha256(p));
    Path project = Env.project(tmp, "ri-writer", WRITER);
    Path out = tmp.resolve("rec");
    Recording r = Recorder.record(Env.options(out, project.toString()).build(), s -> {});
    RunInfo run = r.run();
    for (Path p : watched) assertEquals(before.get(p), Env.sha256(p), p + " changed");
    assertEquals(RunInfo.STATUS_OK, run.status(), run.statusReason());
    String report = Env.read(Path.of(run.paths().work(), "home/ri-writer.txt"));
    // the fake HOME took the writes, /etc stayed read-only, the bait was what it read
    assertTrue(report.contains(run.paths().home() + "/.bashrc written"), report);
    assertTrue(report.contains("/etc/x OSError"), report);
    assertTrue(report.contains(run.bait().markers().get(2)), report);
    assertTrue(report.contains("env: " + run.bait().env().get("AWS_SECRET_ACCESS_KEY")), report);
    String trace = Env.read(r.trace("install"));
    assertTrue(trace.contains("\"/etc/x\""), "the attempt on /etc/x is in the trace");
    assertTrue(trace.contains("EROFS"), "writing /etc/x fails read-only");
    assertTrue(trace.contains(run.bait().markers().get(2)), "the bait read shows its marker");
  }

  @Test
  void aStraceHunterCannotSeeOrKillTheTracer() throws Exception {
    Env.requireTools();
    Path project = Env.project(tmp, "ri-killer", KILLER);
    Path out = tmp.resolve("rec");
    Recording r = Recorder.record(Env.options(out, project.toString()).build(), s -> {});
    RunInfo run = r.run();
    String hunt = Env.read(Path.of(run.paths().work(), "home/ri-hunt.txt"));
    assertFalse(hunt.isBlank(), "the hunter ran");
    assertFalse(hunt.contains("strace"), "strace visible inside the sandbox: " + hunt);
    assertTrue(hunt.contains("python"), hunt);
    // killpg(0) took pip down, but the tracer survived and finished its log
    assertEquals(RunInfo.STATUS_INSTALL_FAILED, run.status(), run.statusReason());
    RunInfo.Phase install = run.phase("install");
    assertEquals(Boolean.TRUE, install.traceComplete(), install.note());
    assertNotEquals(0, install.exitStatus());
    String trace = Env.read(r.trace("install"));
    assertTrue(trace.contains("SIGKILL"), "the kill is in the trace");
    assertTrue(trace.endsWith("+++\n"), "the log ends with an exit line");
    assertTrue(Files.size(r.trace("install")) > 0);
  }
}
