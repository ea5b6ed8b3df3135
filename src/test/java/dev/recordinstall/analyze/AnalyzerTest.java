package dev.recordinstall.analyze;

import static org.junit.jupiter.api.Assertions.*;

import dev.recordinstall.model.Activity;
import dev.recordinstall.model.BehaviorModel;
import dev.recordinstall.model.ProcessInfo;
import dev.recordinstall.model.Role;
import dev.recordinstall.policy.Finding;
import dev.recordinstall.policy.Policy;
import dev.recordinstall.strace.TraceEvent.Loc;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Analyzer on a fake recording (run.json + trace files) with a fake model source. */
class AnalyzerTest {
  @TempDir Path dir;

  static String runJson(String status, String reason, int installExit, boolean complete) {
    return """
        {"schemaVersion": 1, "tool": "record-install 0.1.0", "specs": ["demo"],
         "status": "%s", "statusReason": %s,
         "distributions": [{"name": "demo", "version": "1.0", "topLevel": ["demo"]}],
         "python": {"executable": "/usr/bin/python3", "version": "3.11.7"},
         "strace": {"path": "/usr/bin/strace", "version": "6.1"},
         "sandbox": {"kind": "bubblewrap", "network": "none", "hidden": [], "faked": {}},
         "indexUrls": ["file:///opt/pypi/simple"], "indexHosts": [],
         "paths": {"work": "/ri", "venv": "/ri/venv", "sitePackages": "/ri/venv/lib/python3.11/site-packages",
                   "home": "/ri/home", "tmp": "/ri/tmp", "pipCache": "/ri/home/.cache/pip",
                   "pythonPrefix": "/usr", "venvBin": "/ri/venv/bin"},
         "bait": {"markers": ["RI-BAIT-0123456789"], "files": ["/ri/home/.ssh/id_rsa"],
                  "env": {"AWS_SECRET_ACCESS_KEY": "RI-BAIT-aws-0123456789"}},
         "phases": [
           {"name": "venv", "argv": ["python3", "-m", "venv"], "tracerArgv": null, "sandboxArgv": null,
            "start": null, "end": null, "exitStatus": 0, "timedOut": false, "trace": null,
            "traceComplete": null, "tracerExitStatus": null, "stdout": null, "stderr": null},
           {"name": "install", "argv": ["pip"], "tracerArgv": ["strace"], "sandboxArgv": ["bwrap"],
            "start": null, "end": null, "exitStatus": %d, "timedOut": false, "trace": "install.strace",
            "traceComplete": %s, "tracerExitStatus": %d, "stdout": "install.out", "stderr": "install.err"},
           {"name": "import", "argv": ["python"], "tracerArgv": ["strace"], "sandboxArgv": ["bwrap"],
            "start": null, "end": null, "exitStatus": 0, "timedOut": false, "trace": "import.strace",
            "traceComplete": true, "tracerExitStatus": 0, "stdout": "import.out", "stderr": "import.err"}
         ]}
        """
        .formatted(
            status,
            reason == null ? "null" : "\"" + reason + "\"",
            installExit,
            complete,
            // strace exits with its tracee's status
            installExit);
  }

  void write(String runJson) throws Exception {
    Files.writeString(dir.resolve("run.json"), runJson);
    Files.writeString(dir.resolve("install.strace"), "");
    Files.writeString(dir.resolve("import.strace"), "");
    Files.writeString(
        dir.resolve("install.err"), "ERROR: No matching distribution found for demo\n");
  }

  static ModelSource models(Map<String, List<Activity>> acts, Integer pipExit) {
    return (trace, phase) -> {
      Map<Integer, ProcessInfo> procs = new java.util.LinkedHashMap<>();
      Loc l = new Loc(phase + ".strace", 1);
      Role role = phase.equals("install") ? Role.PIP_FRONTEND : Role.IMPORT;
      procs.put(
          10,
          new ProcessInfo(
              10,
              0,
              role,
              List.of(
                  new ProcessInfo.Exec("/ri/venv/bin/python", List.of("python"), true, null, l)),
              "/",
              phase.equals("install") ? pipExit : 0,
              null,
              0,
              1,
              l));
      return new ModelSource.Built(
          new BehaviorModel(
              phase, procs, new ArrayList<>(acts.getOrDefault(phase, List.of())), Map.of(), 10),
          0);
    };
  }

  @Test
  void cleanRecording() throws Exception {
    write(runJson("ok", null, 0, true));
    AnalysisResult r = Analyzer.analyze(dir, Policy.loadDefault(), models(Map.of(), 0), s -> {});
    assertEquals(AnalysisResult.CLEAN, r.status(), r.findings().toString());
    assertEquals(0, r.exitCode());
    assertEquals(List.of("demo 1.0"), r.distributions());
    assertEquals(List.of("demo"), r.specs());
  }

  @Test
  void findingsUseRunVariables() throws Exception {
    write(runJson("ok", null, 0, true));
    Loc l = new Loc("import.strace", 7);
    var acts =
        Map.<String, List<Activity>>of(
            "import",
            List.of(
                new Activity.FileAccess(
                    10,
                    l,
                    0,
                    Activity.FileOp.READ,
                    "/ri/home/.ssh/id_rsa",
                    null,
                    -1,
                    null,
                    "openat"),
                new Activity.DnsQuery(
                    10, l, 0, "RI-BAIT-aws-0123456789.x.invalid", "A", "10.0.0.1")));
    AnalysisResult r = Analyzer.analyze(dir, Policy.loadDefault(), models(acts, 0), s -> {});
    assertEquals(AnalysisResult.FINDINGS, r.status());
    assertEquals(1, r.exitCode());
    List<String> ids = r.findings().stream().map(Finding::ruleId).sorted().toList();
    assertEquals(List.of("file.sensitive", "net.bait-exfil", "net.dns-non-index"), ids);
    assertEquals("import.strace:7", r.findings().get(0).evidence().get(0).location());
    assertTrue(r.warnings().isEmpty(), r.warnings().toString());
  }

  @Test
  void installFailedIsNotAFinding() throws Exception {
    write(runJson("install-failed", null, 1, true));
    AnalysisResult r = Analyzer.analyze(dir, Policy.loadDefault(), models(Map.of(), 1), s -> {});
    assertEquals(AnalysisResult.INSTALL_FAILED, r.status());
    assertTrue(r.reason().contains("No matching distribution"), r.reason());
    assertEquals(3, r.exitCode());
  }

  @Test
  void installFailedWithBehaviourIsFindings() throws Exception {
    write(runJson("install-failed", "pip exited 1", 1, true));
    var acts =
        Map.<String, List<Activity>>of(
            "install",
            List.of(
                new Activity.FileAccess(
                    10,
                    new Loc("install.strace", 3),
                    0,
                    Activity.FileOp.WRITE,
                    "/ri/home/.bashrc",
                    null,
                    -1,
                    null,
                    "openat")));
    AnalysisResult r = Analyzer.analyze(dir, Policy.loadDefault(), models(acts, 1), s -> {});
    assertEquals(AnalysisResult.FINDINGS, r.status());
    assertTrue(r.reason().contains("pip exited 1"));
  }

  @Test
  void toolErrorWithIncompleteTraceIsTamper() throws Exception {
    write(runJson("tool-error", "strace died", 0, false));
    AnalysisResult r = Analyzer.analyze(dir, Policy.loadDefault(), models(Map.of(), 0), s -> {});
    assertEquals(AnalysisResult.FINDINGS, r.status());
    assertEquals("tamper", r.findings().get(0).category());
  }

  @Test
  void missingTraceIsToolError() throws Exception {
    write(runJson("ok", null, 0, true));
    Files.delete(dir.resolve("import.strace"));
    AnalysisResult r = Analyzer.analyze(dir, Policy.loadDefault(), models(Map.of(), 0), s -> {});
    assertEquals(AnalysisResult.TOOL_ERROR, r.status());
    assertTrue(r.reason().contains("import.strace"), r.reason());
    assertEquals(3, r.exitCode());
  }

  @Test
  void traceOutsideTheRecordingIsRefused() throws Exception {
    write(runJson("ok", null, 0, true).replace("\"import.strace\"", "\"../../etc/passwd\""));
    AnalysisResult r = Analyzer.analyze(dir, Policy.loadDefault(), models(Map.of(), 0), s -> {});
    assertEquals(AnalysisResult.TOOL_ERROR, r.status());
    assertTrue(r.reason().contains("leaves the recording"), r.reason());
  }

  @Test
  void notARecording() {
    AnalysisResult r = Analyzer.analyze(dir, Policy.loadDefault());
    assertEquals(AnalysisResult.TOOL_ERROR, r.status());
    assertTrue(r.reason().contains("run.json"));
  }
}
