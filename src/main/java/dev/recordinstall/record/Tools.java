package dev.recordinstall.record;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Finds and probes the external tools: strace, bwrap, setsid and the base Python interpreter. */
final class Tools {
  static final String INSTALL_STRACE = "apt-get install -y strace";
  static final String INSTALL_BWRAP = "apt-get install -y bubblewrap";
  static final String INSTALL_SETSID = "apt-get install -y util-linux";
  static final String INSTALL_VENV = "apt-get install -y python3-venv";
  static final String INSTALL_PYTHON = "apt-get install -y python3 python3-venv";

  final Path strace;
  final String straceVersion;
  final Path bwrap;
  final Path setsid;
  final Python python;

  /** The base interpreter, resolved (pyenv shims are followed to the real executable). */
  record Python(Path executable, Path basePrefix, String version, String majorMinor) {}

  private Tools(Path strace, String straceVersion, Path bwrap, Path setsid, Python python) {
    this.strace = strace;
    this.straceVersion = straceVersion;
    this.bwrap = bwrap;
    this.setsid = setsid;
    this.python = python;
  }

  static Tools probe(RecordOptions o) throws RecordException {
    List<String> missing = new ArrayList<>();
    List<String> fixes = new ArrayList<>();
    Path strace = which(o.strace());
    if (strace == null) {
      missing.add("strace (" + o.strace() + ")");
      fixes.add(INSTALL_STRACE);
    }
    Path bwrap = which(o.bwrap());
    if (bwrap == null) {
      missing.add("bubblewrap (" + o.bwrap() + ")");
      fixes.add(INSTALL_BWRAP);
    }
    Path setsid = which("setsid");
    if (setsid == null) {
      missing.add("setsid");
      fixes.add(INSTALL_SETSID);
    }
    Path py = which(o.python());
    if (py == null) {
      missing.add("python (" + o.python() + ")");
      fixes.add(INSTALL_PYTHON);
    }
    if (!missing.isEmpty()) {
      throw RecordException.toolFailed(
          "missing tools: "
              + String.join(", ", missing)
              + "; install them with: "
              + String.join(" && ", fixes));
    }
    // the three probes run in parallel: each is a process start (the pyenv shim alone is slow)
    java.util.concurrent.ExecutorService ex = java.util.concurrent.Executors.newFixedThreadPool(3);
    try {
      java.util.concurrent.Future<Python> python = ex.submit(() -> probePython(py));
      java.util.concurrent.Future<String> version = ex.submit(() -> straceVersion(strace));
      java.util.concurrent.Future<Object> sandbox =
          ex.submit(
              () -> {
                checkBwrap(bwrap);
                return null;
              });
      String v = get(version);
      get(sandbox);
      return new Tools(strace, v, bwrap, setsid, get(python));
    } finally {
      ex.shutdownNow();
    }
  }

  private static <T> T get(java.util.concurrent.Future<T> f) throws RecordException {
    try {
      return f.get();
    } catch (java.util.concurrent.ExecutionException e) {
      if (e.getCause() instanceof RecordException) throw (RecordException) e.getCause();
      throw RecordException.toolFailed("probing the tools failed: " + e.getCause(), e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw RecordException.toolFailed("interrupted while probing the tools", e);
    }
  }

  static Path which(String name) {
    if (name.contains("/")) {
      Path p = Path.of(name).toAbsolutePath();
      return Files.isExecutable(p) ? p : null;
    }
    String path = System.getenv("PATH");
    if (path == null) path = "/usr/local/bin:/usr/bin:/bin";
    for (String dir : path.split(":")) {
      if (dir.isEmpty()) continue;
      Path p = Path.of(dir, name);
      if (Files.isRegularFile(p) && Files.isExecutable(p)) return p;
    }
    return null;
  }

  private static final String PY_PROBE =
      "import sys, json\n"
          + "ok = True\n"
          + "try:\n"
          + "    import venv, ensurepip\n"
          + "except Exception:\n"
          + "    ok = False\n"
          + "print(json.dumps([sys.executable, sys.base_prefix, '%d.%d.%d' % sys.version_info[:3],"
          + " '%d.%d' % sys.version_info[:2], ok]))\n";

  private static Python probePython(Path py) throws RecordException {
    Out r = run(List.of(py.toString(), "-I", "-c", PY_PROBE), 60);
    if (r.exit != 0) {
      throw RecordException.toolFailed(
          py + " does not run (exit " + r.exit + "): " + r.err.strip() + "; " + INSTALL_PYTHON);
    }
    try {
      List<?> v = Recording.MAPPER.readValue(r.out.strip(), List.class);
      if (!Boolean.TRUE.equals(v.get(4))) {
        throw RecordException.toolFailed(
            py + " lacks the venv/ensurepip modules; install them with: " + INSTALL_VENV);
      }
      Path exe = Path.of((String) v.get(0));
      return new Python(
          exe, Path.of((String) v.get(1)).toRealPath(), (String) v.get(2), (String) v.get(3));
    } catch (RuntimeException | IOException e) {
      throw RecordException.toolFailed("cannot probe " + py + ": " + r.out + r.err, e);
    }
  }

  private static final Pattern STRACE_VERSION = Pattern.compile("version\\s+(\\S+)");

  private static String straceVersion(Path strace) throws RecordException {
    Out r = run(List.of(strace.toString(), "-V"), 30);
    Matcher m = STRACE_VERSION.matcher(r.out);
    if (r.exit != 0 || !m.find()) {
      throw RecordException.toolFailed(
          strace + " -V failed (exit " + r.exit + "): " + r.err.strip() + "; " + INSTALL_STRACE);
    }
    return m.group(1);
  }

  private static void checkBwrap(Path bwrap) throws RecordException {
    Out r =
        run(
            List.of(
                bwrap.toString(),
                "--ro-bind",
                "/",
                "/",
                "--unshare-pid",
                "--unshare-ipc",
                "--unshare-uts",
                "--unshare-net",
                "--proc",
                "/proc",
                "--dev",
                "/dev",
                "--cap-drop",
                "ALL",
                "--",
                "/bin/true"),
            30);
    if (r.exit != 0) {
      throw RecordException.toolFailed(
          "bubblewrap cannot create a sandbox here (exit "
              + r.exit
              + "): "
              + r.err.strip()
              + "; it needs unprivileged user namespaces or root"
              + " (sysctl -w kernel.unprivileged_userns_clone=1), or reinstall it: "
              + INSTALL_BWRAP);
    }
  }

  record Out(int exit, String out, String err) {}

  /** Runs a short helper command; never hangs longer than {@code seconds}. */
  static Out run(List<String> argv, int seconds) throws RecordException {
    try {
      Path out = Files.createTempFile("ri-probe", ".out");
      Path err = Files.createTempFile("ri-probe", ".err");
      try {
        Process p =
            new ProcessBuilder(argv)
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                .redirectOutput(out.toFile())
                .redirectError(err.toFile())
                .start();
        if (!p.waitFor(seconds, TimeUnit.SECONDS)) {
          p.descendants().forEach(ProcessHandle::destroyForcibly);
          p.destroyForcibly();
          p.waitFor();
          return new Out(-1, "", "timed out after " + seconds + " s");
        }
        return new Out(
            p.exitValue(),
            new String(Files.readAllBytes(out), StandardCharsets.UTF_8),
            new String(Files.readAllBytes(err), StandardCharsets.UTF_8));
      } finally {
        Files.deleteIfExists(out);
        Files.deleteIfExists(err);
      }
    } catch (IOException e) {
      throw RecordException.toolFailed("cannot run " + argv.get(0) + ": " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw RecordException.toolFailed("interrupted while running " + argv.get(0), e);
    }
  }
}
