package dev.recordinstall.analyze;

import static org.junit.jupiter.api.Assertions.*;

import dev.recordinstall.model.BehaviorModel;
import dev.recordinstall.model.ModelBuilder;
import dev.recordinstall.model.Role;
import dev.recordinstall.strace.StraceParser;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Children inside bwrap's pid namespace are linked to their parents (strace 6.1 -f output). */
class PidNamespaceTranslatorTest {
  static final String TRACE =
      """
      500 1.000001 execve("/usr/bin/bwrap", ["/usr/bin/bwrap", "--unshare-pid", "--", "/w/venv/bin/python", "-m", "pip", "install", "x"], 0x7ffd /* 5 vars */) = 0
      500 1.000100 clone(child_stack=NULL, flags=CLONE_NEWNS|CLONE_NEWPID|SIGCHLD) = 501
      501 1.000200 clone(child_stack=NULL, flags=CLONE_CHILD_CLEARTID|CLONE_CHILD_SETTID|SIGCHLD, child_tidptr=0x7f00) = 2
      502 1.000300 execve("/w/venv/bin/python", ["/w/venv/bin/python", "-m", "pip", "install", "x"], 0x7ffd /* 5 vars */) = 0
      502 1.000400 vfork( <unfinished ...>
      503 1.000500 execve("/usr/bin/uname", ["uname", "-rs"], 0x7ffd /* 5 vars */) = 0
      503 1.000600 exit_group(0)                     = ?
      503 1.000700 +++ exited with 0 +++
      502 1.000800 <... vfork resumed>)             = 3
      502 1.000900 clone(child_stack=NULL, flags=CLONE_CHILD_CLEARTID|CLONE_CHILD_SETTID|SIGCHLD, child_tidptr=0x7f00) = 4
      502 1.001000 wait4(4, [{WIFEXITED(s) && WEXITSTATUS(s) == 0}], 0, NULL) = 4
      504 1.001100 execve("/w/venv/bin/python", ["/w/venv/bin/python", "/w/venv/lib/python3.11/site-packages/pip/_vendor/pyproject_hooks/_in_process/_in_process.py", "build_wheel", "/tmp/t"], 0x7ffd /* 5 vars */) = 0
      504 1.001200 kill(3, SIGTERM) = 0
      504 1.001300 exit_group(0)                     = ?
      504 1.001400 +++ exited with 0 +++
      502 1.001500 exit_group(0)                     = ?
      502 1.001600 +++ exited with 0 +++
      501 1.001700 +++ killed by SIGKILL +++
      500 1.001800 exit_group(0)                     = ?
      500 1.001900 +++ exited with 0 +++
      """;

  BehaviorModel model(boolean translate) {
    ModelBuilder b = ModelBuilder.create("install");
    PidNamespaceTranslator t = new PidNamespaceTranslator(b::accept);
    StraceParser.parse(
        new ByteArrayInputStream(TRACE.getBytes(StandardCharsets.UTF_8)),
        "install.strace",
        translate ? t : b::accept);
    t.finish();
    return b.finish();
  }

  @Test
  void childrenAreLinkedAndRolesFollow() {
    BehaviorModel m = model(true);
    assertEquals(501, m.processes().get(502).parent());
    assertEquals(Role.PIP_FRONTEND, m.processes().get(502).role());
    assertEquals(502, m.processes().get(503).parent());
    assertEquals(Role.PIP_HELPER, m.processes().get(503).role());
    assertEquals(502, m.processes().get(504).parent());
    assertEquals(Role.BUILD_BACKEND, m.processes().get(504).role());
    assertFalse(m.processes().containsKey(2), "namespace pids do not become processes");
  }

  @Test
  void withoutTheTranslationTheTreeIsBroken() {
    BehaviorModel m = model(false);
    assertNotEquals(Role.PIP_FRONTEND, m.processes().get(502).role());
  }

  @Test
  void stepsAsideWhenStraceTranslatedThePids() throws Exception {
    // Recorded with --pidns-translation (see scripts/record-golden.sh): the parser already gives
    // strace's pids, so every event must pass through untouched.
    java.util.List<dev.recordinstall.strace.TraceEvent> direct = new java.util.ArrayList<>();
    java.util.List<dev.recordinstall.strace.TraceEvent> through = new java.util.ArrayList<>();
    java.nio.file.Path golden =
        java.nio.file.Path.of("src/test/resources/golden/beh-pidns-f-ttt-T.strace.gz");
    StraceParser.parse(golden, direct::add);
    PidNamespaceTranslator t = new PidNamespaceTranslator(through::add);
    StraceParser.parse(golden, t);
    t.finish();
    assertTrue(direct.stream().anyMatch(PidNamespaceTranslator::isTranslatedByStrace));
    assertEquals(direct.size(), through.size());
    for (int i = 0; i < direct.size(); i++) {
      assertEquals(direct.get(i).loc(), through.get(i).loc());
      assertEquals(direct.get(i).pid(), through.get(i).pid());
      if (direct.get(i) instanceof dev.recordinstall.strace.TraceEvent.Syscall a
          && through.get(i) instanceof dev.recordinstall.strace.TraceEvent.Syscall b) {
        assertEquals(a.ret(), b.ret(), "line " + a.loc());
      }
    }
  }
}
