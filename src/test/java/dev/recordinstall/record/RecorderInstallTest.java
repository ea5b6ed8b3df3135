package dev.recordinstall.record;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Records a real package from the local index with real strace, pip and bwrap. */
@Tag("integration")
class RecorderInstallTest {
  @TempDir Path tmp;

  @Test
  void recordsPyyamlAndImportsTheModuleNotTheDistributionName() throws Exception {
    Env.requireTools();
    Path out = tmp.resolve("rec");
    List<String> progress = new ArrayList<>();
    Recording r = Recorder.record(Env.options(out, "pyyaml").build(), progress::add);
    RunInfo run = r.run();
    assertEquals(RunInfo.STATUS_OK, run.status(), run.statusReason());
    assertEquals(1, run.schemaVersion());
    RunInfo.Distribution yaml =
        run.distributions().stream()
            .filter(d -> d.name().equalsIgnoreCase("PyYAML"))
            .findFirst()
            .orElseThrow();
    assertNotNull(yaml.version());
    assertTrue(yaml.topLevel().contains("yaml"), yaml.topLevel().toString());
    assertTrue(
        run.imports().stream().anyMatch(i -> i.module().equals("yaml") && i.ok()),
        run.imports().toString());
    assertEquals("none", run.sandbox().network());

    RunInfo.Phase install = run.phase("install");
    assertEquals(0, install.exitStatus());
    assertFalse(install.timedOut());
    assertEquals(Boolean.TRUE, install.traceComplete());
    assertEquals("install.strace", install.trace());
    assertTrue(install.tracerArgv().contains("-yy") && install.tracerArgv().contains("-f"));
    assertFalse(install.tracerArgv().contains("-qq"));
    assertTrue(install.sandboxArgv().contains("--unshare-pid"));
    assertNull(run.phase("venv").trace());

    String trace = Env.read(r.trace("install"));
    // the pip frontend runs from the venv, as the tracee sees it
    assertTrue(trace.contains("execve(\"" + run.paths().venv() + "/bin/python\""));
    assertTrue(trace.contains("+++ exited with 0 +++"));
    String imp = Env.read(r.trace("import"));
    assertTrue(imp.contains("yaml/__init__.py"), "the import trace opens yaml/__init__.py");

    // the trace lives outside the sandbox's writable dir
    assertFalse(r.trace("install").startsWith(Path.of(run.paths().work())));
    // bait planted with markers, HOME path as the tracee sees it
    assertEquals(System.getenv("HOME"), run.paths().home());
    assertTrue(run.bait().files().contains(run.paths().home() + "/.ssh/id_rsa"));
    assertTrue(run.bait().env().get("AWS_SECRET_ACCESS_KEY").startsWith("RI-BAIT-"));
    assertTrue(
        Env.read(Path.of(run.paths().work(), "home/.aws/credentials"))
            .contains(run.bait().markers().get(2)));
    // the venv is removed by default, run.json round-trips
    assertFalse(Files.exists(Path.of(run.paths().venv())));
    Recording loaded = Recording.load(out);
    assertEquals(run, loaded.run());
    assertTrue(progress.stream().anyMatch(p -> p.contains("installing pyyaml")));
  }

  @Test
  void aFailingInstallIsRecordedWithPipsErrorKept() throws Exception {
    Env.requireTools();
    Path out = tmp.resolve("rec");
    Recording r =
        Recorder.record(Env.options(out, "no-such-package-ri-test==1.0").build(), s -> {});
    RunInfo run = r.run();
    assertEquals(RunInfo.STATUS_INSTALL_FAILED, run.status());
    assertNotEquals0(run.phase("install").exitStatus());
    assertNull(run.phase("import"));
    assertTrue(Env.read(out.resolve("install.err")).contains("no-such-package-ri-test"));
    assertEquals(Boolean.TRUE, run.phase("install").traceComplete());
  }

  private static void assertNotEquals0(Integer v) {
    assertNotNull(v);
    assertTrue(v != 0, "exit status " + v);
  }
}
