package dev.recordinstall.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Records a real {@code pip install} of a local sdist with a C extension under strace (build
 * isolation, PEP 517 hooks, gcc) and checks the roles the model gives every process.
 */
@Tag("integration")
class RealInstallRolesTest {
  static final String PYTHON = "/root/.pyenv/versions/3.11.7/bin/python3";

  static void need(String path, String what) {
    assertTrue(Files.exists(Path.of(path)), "missing " + what + " at " + path);
  }

  static void run(Path dir, Path out, String... cmd) throws Exception {
    Process p =
        new ProcessBuilder(cmd)
            .directory(dir.toFile())
            .redirectErrorStream(true)
            .redirectOutput(out.toFile())
            .start();
    assertTrue(p.waitFor(300, TimeUnit.SECONDS), "timed out: " + String.join(" ", cmd));
    assertEquals(0, p.exitValue(), String.join(" ", cmd) + " failed:\n" + Files.readString(out));
  }

  @Test
  void sdistWithCExtension(@TempDir Path dir) throws Exception {
    need("/usr/bin/strace", "strace");
    need("/usr/bin/gcc", "gcc (the C extension build)");
    need("/opt/pypi/simple", "the local package index /opt/pypi/simple");
    need(PYTHON, "python 3.11");
    Path pkg = Files.createDirectories(dir.resolve("cpkg/src"));
    Files.writeString(
        dir.resolve("cpkg/setup.py"),
        "from setuptools import setup, Extension\n"
            + "setup(name='ri_cdemo', version='0.1',"
            + " ext_modules=[Extension('ri_cdemo', ['src/ri_cdemo.c'])])\n");
    Files.writeString(
        pkg.resolve("ri_cdemo.c"),
        "#include <Python.h>\n"
            + "static struct PyModuleDef m = {PyModuleDef_HEAD_INIT, \"ri_cdemo\", NULL, -1, NULL};\n"
            + "PyMODINIT_FUNC PyInit_ri_cdemo(void) { return PyModule_Create(&m); }\n");
    Path log = dir.resolve("out.txt");
    run(dir, log, PYTHON, "-m", "venv", "venv");
    run(
        dir,
        log,
        "strace",
        "-f",
        "-ttt",
        "-yy",
        "-s",
        "256",
        "-o",
        "install.strace",
        "venv/bin/python",
        "-m",
        "pip",
        "install",
        "--no-cache-dir",
        "--index-url",
        "file:///opt/pypi/simple",
        "./cpkg");
    List<dev.recordinstall.strace.TraceEvent> ev = new ArrayList<>();
    TestTraces.READER.read(dir.resolve("install.strace"), ev::add);
    BehaviorModel m = ModelBuilder.build(null, ev);
    assertEquals("install", m.phase());
    String tree = ProcessTree.render(m);
    assertEquals(Role.PIP_FRONTEND, m.processes().get(m.rootPid()).role(), tree);
    List<String> roles = new ArrayList<>();
    for (ProcessInfo p : m.processes().values()) {
      if (p.isThread() || p.argv().isEmpty()) continue;
      String exe = p.argv().get(0).replaceAll(".*/", "");
      String tag =
          p.argv().stream().anyMatch(a -> a.endsWith("__pip-runner__.py"))
              ? "runner"
              : p.argv().stream().anyMatch(a -> a.endsWith("_in_process.py")) ? "hook" : exe;
      roles.add(tag + "=" + p.role());
    }
    assertTrue(roles.contains("runner=PIP_FRONTEND"), tree);
    assertTrue(roles.contains("hook=BUILD_BACKEND"), tree);
    assertTrue(roles.contains("gcc=BUILD_TOOL"), tree);
    assertTrue(roles.contains("cc1=BUILD_TOOL"), tree);
    assertTrue(roles.contains("as=BUILD_TOOL"), tree);
    assertTrue(roles.contains("ld=BUILD_TOOL"), tree);
    assertTrue(roles.contains("lsb_release=PIP_HELPER"), tree);
    assertTrue(roles.contains("uname=PIP_HELPER"), tree);
    for (String r : roles) {
      assertTrue(!r.endsWith("=PACKAGE_CHILD") && !r.endsWith("=UNKNOWN"), r + "\n" + tree);
    }
    List<Activity.Integrity> bad =
        m.activities().stream()
            .filter(a -> a instanceof Activity.Integrity)
            .map(a -> (Activity.Integrity) a)
            .toList();
    assertTrue(bad.isEmpty(), bad.toString());
    // the built extension is written (ELF) and installed into the venv
    assertTrue(
        m.activities().stream()
            .anyMatch(
                a ->
                    a instanceof Activity.ExecutableCreated x
                        && x.path().contains("/venv/lib/python3.11/site-packages/ri_cdemo")),
        tree);
  }
}
