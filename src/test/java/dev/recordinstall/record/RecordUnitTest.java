package dev.recordinstall.record;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Unit tests of the recorder's pieces (no strace, no pip). */
class RecordUnitTest {
  @TempDir Path tmp;

  @Test
  void specsAreClassifiedAndBadOnesAreUsageErrors() throws Exception {
    assertEquals(Spec.Kind.REQUIREMENT, Spec.parse("django").kind());
    assertEquals(Spec.Kind.REQUIREMENT, Spec.parse("django==5.2.17").kind());
    assertEquals(Spec.Kind.REQUIREMENT, Spec.parse("requests[socks]>=2").kind());
    Path whl = Files.writeString(tmp.resolve("a-1.0-py3-none-any.whl"), "x");
    assertEquals(Spec.Kind.ARCHIVE, Spec.parse(whl.toString()).kind());
    Path proj = Files.createDirectories(tmp.resolve("proj"));
    Files.writeString(proj.resolve("setup.py"), "");
    assertEquals(Spec.Kind.PROJECT, Spec.parse(proj.toString()).kind());
    for (String bad :
        List.of("", "--index-url", "/no/such/file.whl", "foo bar baz", "x==1\n--evil", "./nope")) {
      RecordException e = assertThrows(RecordException.class, () -> Spec.parse(bad), bad);
      assertEquals(RecordException.USAGE, e.exitCode(), bad);
    }
    RecordException e =
        assertThrows(
            RecordException.class,
            () -> Spec.parse(Files.createDirectories(tmp.resolve("empty")).toString()));
    assertTrue(e.getMessage().contains("pyproject.toml"));
  }

  @Test
  void missingToolsExitThreeWithTheInstallCommand() {
    RecordOptions o =
        RecordOptions.builder(tmp.resolve("out"), List.of("django"))
            .strace("/nonexistent/strace")
            .bwrap("/nonexistent/bwrap")
            .build();
    RecordException e = assertThrows(RecordException.class, () -> Recorder.record(o, s -> {}));
    assertEquals(RecordException.TOOL_FAILED, e.exitCode());
    assertTrue(e.getMessage().contains("apt-get install -y strace"), e.getMessage());
    assertTrue(e.getMessage().contains("apt-get install -y bubblewrap"), e.getMessage());
    assertFalse(Files.exists(tmp.resolve("out")), "nothing created before the tools check");
  }

  @Test
  void aNonEmptyOutputDirIsAUsageError() throws Exception {
    Env.requireTools();
    Path out = Files.createDirectories(tmp.resolve("out"));
    Files.writeString(out.resolve("keep.txt"), "mine");
    RecordException e =
        assertThrows(
            RecordException.class,
            () -> Recorder.record(RecordOptions.builder(out, List.of("django")).build(), s -> {}));
    assertEquals(RecordException.USAGE, e.exitCode());
    assertEquals("mine", Files.readString(out.resolve("keep.txt")));
  }

  @Test
  void optionsValidate() {
    assertThrows(
        IllegalArgumentException.class, () -> RecordOptions.builder(tmp, List.of()).build());
    assertThrows(
        IllegalArgumentException.class,
        () -> RecordOptions.builder(tmp, List.of("x")).stringLimit(100).build());
    assertThrows(
        IllegalArgumentException.class,
        () -> RecordOptions.builder(tmp, List.of("x")).timeout(java.time.Duration.ZERO).build());
  }

  private Path trace(String content) throws IOException {
    return Files.writeString(tmp.resolve("t.strace"), content, StandardCharsets.ISO_8859_1);
  }

  @Test
  void traceInspectionFindsTheRootExitAndTruncation() throws Exception {
    String ok =
        "100 1.0 execve(\"/usr/bin/bwrap\", [\"bwrap\"], 0x1 /* 3 vars */) = 0\n"
            + "101 1.1 exit_group(3) = ?\n"
            + "101 1.2 +++ exited with 3 +++\n"
            + "100 1.3 +++ exited with 3 +++\n";
    Tracer.Verdict v = Tracer.inspect(trace(ok));
    assertTrue(v.complete(), v.problem());
    assertEquals(100, v.rootPid());
    assertEquals(3, v.rootExitStatus());

    v =
        Tracer.inspect(
            trace("100 1.0 execve(\"/usr/bin/bwrap\"\n100 1.3 +++ killed by SIGKILL +++\n"));
    assertEquals(137, v.rootExitStatus());

    v = Tracer.inspect(trace("100 1.0 execve(\"/usr/bin/bwrap\"\n101 1.1 openat(AT_FDCWD, \"/et"));
    assertFalse(v.complete());
    assertTrue(v.problem().contains("mid-line"), v.problem());

    v = Tracer.inspect(trace("100 1.0 execve(\"/usr/bin/bwrap\"\n101 1.2 +++ exited with 0 +++\n"));
    assertFalse(v.complete());
    assertTrue(v.problem().contains("no exit line"), v.problem());
    assertNull(v.rootExitStatus());

    assertFalse(Tracer.inspect(trace("")).complete());
    assertFalse(Tracer.inspect(tmp.resolve("missing")).complete());
  }

  @Test
  void tracerFlags() {
    List<String> a = Tracer.argv(Path.of("/usr/bin/strace"), Path.of("/o/t"), 1024, false);
    assertTrue(a.containsAll(List.of("-f", "-ttt", "-yy", "-s", "1024", "-o", "/o/t")));
    assertFalse(a.contains("-qq") || a.contains("-q"));
    assertFalse(a.contains("--seccomp-bpf"));
    List<String> f = Tracer.argv(Path.of("/usr/bin/strace"), Path.of("/o/t"), 1024, true);
    assertTrue(f.contains("--seccomp-bpf"));
    String set = f.get(f.indexOf("--seccomp-bpf") + 2);
    for (String keep :
        List.of(
            "%process",
            "%network", "openat", "unlink", "rename", "ptrace", "memfd_create", "setns", "kill"))
      assertTrue(set.contains(keep), keep);
  }

  @Test
  void topLevelModulesComeFromRecordNotTheDistributionName() throws Exception {
    Path di = Files.createDirectories(tmp.resolve("PyYAML-6.0.2.dist-info"));
    Files.writeString(
        di.resolve("METADATA"),
        "Metadata-Version: 2.1\nName: PyYAML\nVersion: 6.0.2\n\nbody\nName: evil\n");
    Files.writeString(
        di.resolve("RECORD"),
        "_yaml/__init__.py,sha256=x,1\n"
            + "yaml/__init__.py,sha256=x,1\n"
            + "yaml/_yaml.cpython-311-x86_64-linux-gnu.so,,\n"
            + "PyYAML-6.0.2.dist-info/RECORD,,\n"
            + "../../../bin/evil,,\n"
            + "six.py,,\n"
            + "_cffi.abi3.so,,\n"
            + "x.pth,,\n"
            + "\"quoted/__init__.py\",,\n"
            + "bad-name/__init__.py,,\n"
            + "__pycache__/six.cpython-311.pyc,,\n");
    RunInfo.Distribution d = SitePackages.read(di);
    assertEquals("PyYAML", d.name());
    assertEquals("6.0.2", d.version());
    assertEquals(List.of("_cffi", "_yaml", "quoted", "six", "yaml"), d.topLevel());

    Path legacy = Files.createDirectories(tmp.resolve("foo-1.0.dist-info"));
    Files.writeString(legacy.resolve("top_level.txt"), "foo\ngoogle/protobuf\n\n../x\n");
    RunInfo.Distribution l = SitePackages.read(legacy);
    assertEquals("foo", l.name());
    assertEquals("1.0", l.version());
    assertEquals(List.of("foo", "google"), l.topLevel());
  }

  @Test
  void pipConfigDecidesTheNetwork() throws Exception {
    Path home = Files.createDirectories(tmp.resolve("home"));
    Files.createDirectories(home.resolve(".config/pip"));
    Files.writeString(
        home.resolve(".config/pip/pip.conf"),
        "[global]\nextra-index-url = file:///opt/a/simple\n    file:///opt/b/simple\n"
            + "find_links = /opt/wheels\n[freeze]\nindex-url = https://ignored.example\n");
    RecordOptions local =
        RecordOptions.builder(tmp, List.of("x")).indexUrl("file:///opt/pypi/simple").build();
    PipConfig c = PipConfig.resolve(local, Map.of(), home);
    assertEquals(
        List.of("file:///opt/pypi/simple", "file:///opt/a/simple", "file:///opt/b/simple"),
        c.indexUrls);
    assertEquals(List.of("/opt/wheels"), c.findLinks);
    assertTrue(c.allLocal());
    assertEquals(List.of(), c.remoteHosts());

    PipConfig d =
        PipConfig.resolve(RecordOptions.builder(tmp, List.of("x")).build(), Map.of(), home);
    assertEquals(PipConfig.DEFAULT_INDEX, d.indexUrls.get(0));
    assertFalse(d.allLocal());
    assertEquals(List.of("pypi.org", "files.pythonhosted.org"), d.remoteHosts());

    PipConfig e =
        PipConfig.resolve(local, Map.of("PIP_EXTRA_INDEX_URL", "https://idx.example/simple"), home);
    assertFalse(e.allLocal());
    assertEquals(List.of("idx.example"), e.remoteHosts());
  }

  @Test
  void importResultsAreMatchedByNonceAndMissingOnesAreNotReached() {
    Map<String, String> mods = new LinkedHashMap<>();
    mods.put("yaml", "PyYAML");
    mods.put("_yaml", "PyYAML");
    mods.put("six", "six");
    String out =
        "noise\nN {\"module\": \"yaml\", \"ok\": true, \"error\": null}\n"
            + "FORGED {\"module\": \"six\", \"ok\": true}\n"
            + "N {\"module\": \"_yaml\", \"ok\": false, \"error\": \"ImportError: x\"}\n"
            + "N {\"module\": \"notours\", \"ok\": true}\nN {garbage\n";
    List<RunInfo.ImportResult> r =
        ImportDriver.results(out.getBytes(StandardCharsets.UTF_8), "N", mods);
    assertEquals(3, r.size());
    assertTrue(r.get(0).ok());
    assertFalse(r.get(1).ok());
    assertEquals("ImportError: x", r.get(1).error());
    assertFalse(r.get(2).ok());
    assertTrue(r.get(2).error().startsWith("not reached"));
  }

  @Test
  void loadReportsABadRunJsonWithItsPath() throws Exception {
    Files.writeString(tmp.resolve("run.json"), "{\"schemaVersion\": 1, \"status\": ");
    IOException e = assertThrows(IOException.class, () -> Recording.load(tmp));
    assertTrue(e.getMessage().contains("run.json"), e.getMessage());
    assertThrows(IOException.class, () -> Recording.load(tmp.resolve("nothing")));
  }
}
