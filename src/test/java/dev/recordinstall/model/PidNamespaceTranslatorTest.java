package dev.recordinstall.model;

import static org.junit.jupiter.api.Assertions.*;

import dev.recordinstall.strace.Arg;
import dev.recordinstall.strace.StraceParser;
import dev.recordinstall.strace.TraceEvent;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;

/**
 * The pid-namespace repair inside {@link ModelBuilder}: children inside bwrap's pid namespace are
 * linked to their parents (strace 6.1 -f output) with and without strace's --pidns-translation.
 */
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

  static BehaviorModel model(String trace) {
    return model(trace, "install");
  }

  static BehaviorModel model(String trace, String phase) {
    ModelBuilder b = ModelBuilder.create(phase);
    StraceParser.parse(
        new ByteArrayInputStream(trace.getBytes(StandardCharsets.UTF_8)),
        "install.strace",
        b::accept);
    return b.finish();
  }

  @Test
  void childrenAreLinkedAndRolesFollow() {
    BehaviorModel m = model(TRACE);
    assertEquals(501, m.processes().get(502).parent());
    assertEquals(Role.PIP_FRONTEND, m.processes().get(502).role());
    assertEquals(502, m.processes().get(503).parent());
    assertEquals(Role.PIP_HELPER, m.processes().get(503).role());
    assertEquals(502, m.processes().get(504).parent());
    assertEquals(Role.BUILD_BACKEND, m.processes().get(504).role());
    assertFalse(m.processes().containsKey(2), "namespace pids do not become processes");
    Activity.NotableCall kill = kills(m).get(0);
    assertEquals(503, kill.targetPid());
    assertEquals("3", kill.details().get("namespacePid"));
    assertTrue(kill.targetInTree());
  }

  @Test
  void cloneReturnsAndPidArgumentsBecomeHostPidsKeepingTheNamespacePidAsRaw() {
    List<TraceEvent> out = new ArrayList<>();
    PidNamespaceTranslator t = new PidNamespaceTranslator(out::add);
    StraceParser.parse(
        new ByteArrayInputStream(TRACE.getBytes(StandardCharsets.UTF_8)), "install.strace", t);
    t.finish();
    Map<String, TraceEvent.Syscall> byLine = new HashMap<>();
    for (TraceEvent e : out) {
      if (e instanceof TraceEvent.Syscall s) byLine.put(s.loc().line() + "", s);
    }
    TraceEvent.Syscall clone = byLine.get("3");
    assertEquals(502L, clone.ret().value());
    assertEquals("2", clone.ret().raw());
    assertEquals(504L, byLine.get("10").ret().value());
    assertEquals(new Arg.Int(504, "4"), byLine.get("11").args().get(0), "wait4's pid");
    assertEquals(new Arg.Int(503, "3"), byLine.get("13").args().get(0), "kill's pid");
  }

  @Test
  void killOfTheNamespaceInitIsInsideTheTree() {
    String trace =
        TRACE.replace("504 1.001200 kill(3, SIGTERM) = 0", "504 1.001200 kill(1, SIGTERM) = 0");
    Activity.NotableCall kill = kills(model(trace)).get(0);
    assertEquals(501, kill.targetPid(), "namespace pid 1 is bwrap's init, host pid 501");
    assertEquals("1", kill.details().get("namespacePid"));
    assertTrue(kill.targetInTree());
  }

  @Test
  void broadcastAndGroupSignalsAreNotMapped() {
    String trace =
        TRACE.replace("504 1.001200 kill(3, SIGTERM) = 0", "504 1.001200 kill(-1, SIGTERM) = 0");
    Activity.NotableCall kill = kills(model(trace)).get(0);
    assertEquals(-1, kill.targetPid());
    assertFalse(kill.targetInTree());
    assertNull(kill.details().get("namespacePid"));
  }

  static List<Activity.NotableCall> kills(BehaviorModel m) {
    return m.activities().stream()
        .filter(a -> a instanceof Activity.NotableCall n && n.syscall().equals("kill"))
        .map(a -> (Activity.NotableCall) a)
        .toList();
  }

  /**
   * A real recording with concurrent forks from three threads and the main thread (see
   * record-pidns-concurrent.sh), recorded with --pidns-translation: the expected tree is read from
   * the clone lines themselves, independent of the model.
   */
  static final Path CONCURRENT = TestTraces.resource("traces/pidns-concurrent.strace.gz");

  private static final Pattern CLONE_RETURN =
      Pattern.compile(
          "^(\\d+) .*\\b(?:clone3?|v?fork)(?:\\(| resumed>).*\\) += (\\d+)(?: /\\* (\\d+) in strace's PID"
              + " NS \\*/)?");

  static Map<Integer, Integer> parentsFromCloneLines(List<String> lines) {
    Map<Integer, Integer> parents = new TreeMap<>();
    for (String l : lines) {
      Matcher m = CLONE_RETURN.matcher(l);
      if (!m.find()) continue;
      int child = Integer.parseInt(m.group(3) != null ? m.group(3) : m.group(2));
      parents.put(child, Integer.parseInt(m.group(1)));
    }
    return parents;
  }

  static List<String> lines(Path gz) throws IOException {
    try (var in = new GZIPInputStream(Files.newInputStream(gz))) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().toList();
    }
  }

  /** The same run as strace prints it without --pidns-translation. */
  static String untranslated(List<String> lines) {
    return String.join("\n", lines).replaceAll(" /\\* \\d+ in strace's PID NS \\*/", "") + "\n";
  }

  @Test
  void concurrentForksGiveTheExactTreeWithAndWithoutTranslation() throws Exception {
    List<String> lines = lines(CONCURRENT);
    Map<Integer, Integer> expected = parentsFromCloneLines(lines);
    assertTrue(expected.size() >= 20, "clone lines: " + expected);
    BehaviorModel translated = ModelBuilder.fromLog(CONCURRENT, "import");
    BehaviorModel stripped = model(untranslated(lines), "import");
    for (BehaviorModel m : List.of(translated, stripped)) {
      for (Map.Entry<Integer, Integer> e : expected.entrySet()) {
        ProcessInfo p = m.processes().get(e.getKey());
        assertNotNull(p, "process " + e.getKey());
        assertEquals(e.getValue(), p.parent(), "parent of " + e.getKey() + " " + p.command());
      }
      assertEquals(expected.size() + 1, m.processes().size(), "no namespace pid as a process");
    }
    for (int pid : expected.keySet()) {
      assertEquals(
          translated.processes().get(pid).role(),
          stripped.processes().get(pid).role(),
          "role of " + pid);
    }
    Activity.NotableCall term = kills(translated).get(0);
    assertEquals(term.targetPid(), kills(stripped).get(0).targetPid());
    assertEquals(
        term.details().get("namespacePid"), kills(stripped).get(0).details().get("namespacePid"));
    assertTrue(term.targetInTree());
    for (BehaviorModel m : List.of(translated, stripped)) {
      Activity.SignalSeen seen =
          m.activities().stream()
              .filter(a -> a instanceof Activity.SignalSeen g && g.signal().equals("SIGTERM"))
              .map(a -> (Activity.SignalSeen) a)
              .findFirst()
              .orElseThrow();
      assertEquals(term.pid(), seen.senderPid(), "si_pid of the SIGTERM names its sender");
    }
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
