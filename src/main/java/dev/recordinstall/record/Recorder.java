package dev.recordinstall.record;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Consumer;

/** Records the installation and import of Python packages under strace inside bubblewrap. */
public final class Recorder {
  /** The tool name and version written to run.json. */
  public static final String TOOL = "record-install 0.1.0";

  private final RecordOptions o;
  private final Consumer<String> progress;
  private final List<RunInfo.Phase> phases = new ArrayList<>();
  private Tools tools;
  private Path outDir;
  private Path work;
  private Path venv;
  private Path site;
  private String home;
  private Sandbox sandbox;
  private Bait bait;
  private PipConfig pip;
  private List<RunInfo.Distribution> distributions;
  private List<RunInfo.ImportResult> imports;
  private String status = RunInfo.STATUS_TOOL_ERROR;
  private String statusReason = "recording in progress or interrupted";

  private Recorder(RecordOptions o, Consumer<String> progress) {
    this.o = o;
    this.progress = progress == null ? s -> {} : progress;
  }

  /**
   * Creates the venv, installs the specs and imports their top-level modules, each traced phase in
   * the sandbox, and writes {@code run.json} into {@link RecordOptions#outDir()}. A failed install
   * or a timeout is a successful recording (see {@link RunInfo#status()}).
   *
   * @param progress receives one-line progress messages (for stderr)
   * @throws RecordException when tools are missing (exit 3), the specs or options are bad (2), or
   *     the output directory cannot be written (3)
   */
  public static Recording record(RecordOptions options, Consumer<String> progress)
      throws RecordException {
    return new Recorder(options, progress).run();
  }

  private Recording run() throws RecordException {
    List<Spec> specs = new ArrayList<>();
    for (String s : o.specs()) specs.add(Spec.parse(s));
    tools = Tools.probe(o);
    prepareOutDir();
    try {
      return runPhases(specs);
    } catch (RecordException e) {
      statusReason = e.getMessage();
      writeQuietly();
      throw e;
    } catch (IOException e) {
      statusReason = "I/O error: " + e.getMessage();
      writeQuietly();
      throw RecordException.toolFailed(
          "recording into " + outDir + " failed: " + e.getMessage(), e);
    }
  }

  private void prepareOutDir() throws RecordException {
    Path d = o.outDir().toAbsolutePath().normalize();
    try {
      if (Files.exists(d)) {
        if (!Files.isDirectory(d))
          throw RecordException.usage(d + " exists and is not a directory");
        try (var s = Files.list(d)) {
          if (s.findAny().isPresent()) {
            throw RecordException.usage(d + " is not empty; give a new or empty directory");
          }
        }
      }
      Files.createDirectories(d);
      outDir = d.toRealPath();
      if (outDir.getNameCount() == 0) throw RecordException.usage("the output dir cannot be /");
      work = outDir.resolve("work");
      Files.createDirectories(work.resolve("home"));
      venv = work.resolve("venv");
      site = venv.resolve("lib/python" + tools.python.majorMinor() + "/site-packages");
    } catch (IOException e) {
      throw RecordException.toolFailed("cannot create " + d + ": " + e.getMessage(), e);
    }
  }

  private Recording runPhases(List<Spec> specs) throws IOException, RecordException {
    Map<String, String> hostEnv = System.getenv();
    Path realHome = realHome(hostEnv);
    home = realHome != null ? realHome.toString() : "/home/ri-user";
    Path fakeHome = work.resolve("home");
    bait = Bait.create();
    bait.plant(fakeHome, home);
    pip = PipConfig.resolve(o, hostEnv, realHome);
    copyUserPipConfig(realHome, fakeHome);

    List<String> installSpecs = new ArrayList<>();
    Set<Path> inputs = new LinkedHashSet<>();
    for (Spec s : specs) {
      if (s.kind() == Spec.Kind.REQUIREMENT) {
        installSpecs.add(s.given().strip());
      } else if (s.kind() == Spec.Kind.ARCHIVE) {
        installSpecs.add(s.path().toString());
        inputs.add(s.path());
      } else {
        // pip builds a project in place: give it a writable copy inside the work dir
        Path copy = work.resolve("src").resolve(s.path().getFileName().toString());
        copyTree(s.path(), copy);
        installSpecs.add(copy.toString());
      }
    }
    for (String u : pip.indexUrls) addInput(inputs, PipConfig.localPath(u));
    for (String u : pip.findLinks) addInput(inputs, PipConfig.localPath(u));
    String cf = hostEnv.get("PIP_CONFIG_FILE");
    if (cf != null && !cf.isEmpty()) addInput(inputs, Path.of(cf).toAbsolutePath());

    Network net = o.network();
    if (net == Network.AUTO) {
      boolean remoteSpec = false;
      for (Spec s : specs) {
        String g = s.given().toLowerCase(java.util.Locale.ROOT);
        if (s.kind() == Spec.Kind.REQUIREMENT && g.contains("://") && !g.contains("file://"))
          remoteSpec = true;
      }
      net = pip.allLocal() && !remoteSpec ? Network.NONE : Network.HOST;
    }
    sandbox =
        new Sandbox(
            tools.bwrap,
            outDir,
            work,
            fakeHome,
            home,
            realHome,
            net,
            tools.python.basePrefix(),
            new ArrayList<>(inputs));
    Map<String, String> env = sandboxEnv(hostEnv);

    // phase 1: the venv (our own action, untraced, outside the sandbox)
    progress.accept("record: creating the venv " + venv);
    Path template =
        o.venvTemplate() ? VenvTemplate.ensure(tools.python, hostEnv, o.venvTimeout()) : null;
    List<String> venvArgv = new ArrayList<>();
    venvArgv.addAll(List.of(tools.python.executable().toString(), "-m", "venv"));
    if (template != null) venvArgv.add("--without-pip");
    venvArgv.add(venv.toString());
    PhaseRunner.Outcome v =
        PhaseRunner.run(
            venvArgv,
            hostEnvForVenv(hostEnv),
            work,
            outDir.resolve("venv.out"),
            outDir.resolve("venv.err"),
            o.venvTimeout());
    String venvNote = v.note();
    if (template != null && !v.timedOut() && v.exit() == 0) {
      VenvTemplate.seed(template, venv, tools.python.majorMinor());
      venvNote =
          "pip and setuptools copied from the venv template "
              + template
              + " (made once by python -m venv)";
    }
    phases.add(
        new RunInfo.Phase(
            "venv",
            List.copyOf(venvArgv),
            null,
            null,
            v.start().toString(),
            Instant.now().toString(),
            v.exit(),
            v.timedOut(),
            null,
            null,
            null,
            "venv.out",
            "venv.err",
            venvNote,
            false));
    if (v.timedOut() || v.exit() != 0) {
      status = v.timedOut() ? RunInfo.STATUS_TIMEOUT : RunInfo.STATUS_TOOL_ERROR;
      statusReason = "creating the venv failed (exit " + v.exit() + "); see venv.err";
      return finish();
    }
    Set<String> before = SitePackages.distInfoDirs(site);
    write();

    // phase 2: install
    List<String> installArgv = new ArrayList<>();
    installArgv.addAll(
        List.of(venv.resolve("bin/python").toString(), "-m", "pip", "install", "--no-cache-dir"));
    installArgv.add("--no-input");
    if (o.indexUrl() != null) installArgv.addAll(List.of("--index-url", o.indexUrl()));
    for (String u : o.extraIndexUrls()) installArgv.addAll(List.of("--extra-index-url", u));
    for (String u : o.findLinks()) installArgv.addAll(List.of("--find-links", u));
    installArgv.addAll(installSpecs);
    progress.accept(
        "record: installing "
            + String.join(" ", o.specs())
            + " (traced"
            + (o.fast() ? ", --fast" : "")
            + ", network "
            + net.label()
            + ")");
    RunInfo.Phase install = traced("install", installArgv, env, o.installTimeout());
    phases.add(install);
    distributions = new ArrayList<>();
    for (String d : SitePackages.distInfoDirs(site)) {
      if (!before.contains(d)) distributions.add(SitePackages.read(site.resolve(d)));
    }
    write();
    Recording early = stoppedAfter(install);
    if (early != null) return early;
    if (install.exitStatus() == null || install.exitStatus() != 0) {
      return finishWith(
          RunInfo.STATUS_INSTALL_FAILED,
          "pip exited with " + install.exitStatus() + "; see install.err");
    }

    // phase 3: import
    Map<String, String> moduleToDist = new LinkedHashMap<>();
    for (RunInfo.Distribution d : distributions) {
      for (String m : d.topLevel()) moduleToDist.putIfAbsent(m, d.name());
    }
    if (o.skipImport()) {
      return finishWith(RunInfo.STATUS_OK, "import phase skipped on request");
    }
    if (moduleToDist.isEmpty()) {
      return finishWith(RunInfo.STATUS_OK, "no top-level modules to import");
    }
    progress.accept(
        "record: importing "
            + moduleToDist.size()
            + " module(s): "
            + String.join(" ", moduleToDist.keySet())
            + " (traced, then lingering "
            + o.linger().toMillis() / 1000.0
            + " s)");
    byte[] nb = new byte[8];
    new java.security.SecureRandom().nextBytes(nb);
    String nonce = "RI-IMPORT-" + HexFormat.of().formatHex(nb);
    List<String> importArgv =
        ImportDriver.argv(
            venv.resolve("bin/python").toString(),
            nonce,
            o.linger().toMillis() / 1000.0,
            new ArrayList<>(moduleToDist.keySet()));
    Duration importTimeout = o.importTimeout().plus(o.linger());
    RunInfo.Phase imp = traced("import", importArgv, env, importTimeout);
    phases.add(imp);
    imports =
        ImportDriver.results(readHead(outDir.resolve("import.out"), 16 << 20), nonce, moduleToDist);
    early = stoppedAfter(imp);
    if (early != null) return early;
    long failed = imports.stream().filter(r -> !r.ok()).count();
    return finishWith(
        RunInfo.STATUS_OK,
        failed == 0 ? null : failed + " of " + imports.size() + " module(s) failed to import");
  }

  private RunInfo.Phase traced(
      String name, List<String> argv, Map<String, String> env, Duration timeout)
      throws RecordException {
    Path trace = outDir.resolve(name + ".strace");
    List<String> tracer = Tracer.argv(tools.strace, trace, o.stringLimit(), o.fast());
    List<String> bw = sandbox.argv();
    List<String> cmd = new ArrayList<>();
    cmd.add(tools.setsid.toString());
    cmd.addAll(tracer);
    cmd.addAll(bw);
    cmd.addAll(argv);
    PhaseRunner.Outcome r =
        PhaseRunner.run(
            cmd,
            env,
            work,
            outDir.resolve(name + ".out"),
            outDir.resolve(name + ".err"),
            timeout,
            List.of(trace),
            o.maxPhaseOutput());
    Tracer.Verdict t = Tracer.inspect(trace);
    Integer exit = t.rootExitStatus() != null ? t.rootExitStatus() : r.exit();
    String note = r.note();
    if (!t.complete()) {
      String p = t.problem() + "; tracer exit status " + r.exit() + "; the raw log is kept";
      note = note == null ? p : note + "; " + p;
    }
    progress.accept(
        "record: "
            + name
            + " finished: exit "
            + exit
            + (r.timedOut() ? " (timed out)" : "")
            + (r.overLimit() ? " (stopped at the output limit)" : "")
            + " in "
            + Duration.between(r.start(), r.end()).toMillis() / 1000.0
            + " s");
    return new RunInfo.Phase(
        name,
        List.copyOf(argv),
        withoutSeparator(tracer),
        withoutSeparator(bw),
        r.start().toString(),
        r.end().toString(),
        exit,
        r.timedOut(),
        outDir.relativize(trace).toString(),
        t.complete(),
        r.exit(),
        name + ".out",
        name + ".err",
        note,
        r.overLimit());
  }

  private static List<String> withoutSeparator(List<String> a) {
    List<String> c = new ArrayList<>(a);
    if (!c.isEmpty() && c.get(c.size() - 1).equals("--")) c.remove(c.size() - 1);
    return List.copyOf(c);
  }

  /**
   * The end of the recording when a traced phase did not run to its end (timeout, output limit, an
   * incomplete trace), else null: the next phase only runs after a complete one.
   */
  private Recording stoppedAfter(RunInfo.Phase ph) throws IOException {
    if (ph.timedOut()) {
      return finishWith(
          RunInfo.STATUS_TIMEOUT, "the " + ph.name() + " phase timed out: " + ph.note());
    }
    if (Boolean.TRUE.equals(ph.outputLimited())) {
      return finishWith(
          RunInfo.STATUS_OUTPUT_LIMIT, "the " + ph.name() + " phase was stopped: " + ph.note());
    }
    if (!Boolean.TRUE.equals(ph.traceComplete())) {
      return finishWith(RunInfo.STATUS_TOOL_ERROR, ph.name() + ": " + ph.note());
    }
    return null;
  }

  private Recording finishWith(String st, String reason) throws IOException {
    status = st;
    statusReason = reason;
    return finish();
  }

  private Recording finish() throws IOException {
    if (!o.keepVenv()) deleteTree(venv);
    RunInfo r = runInfo();
    Recording.write(outDir, r);
    progress.accept("record: " + status + (statusReason == null ? "" : " (" + statusReason + ")"));
    return Recording.of(outDir, r);
  }

  private void write() throws IOException {
    Recording.write(outDir, runInfo());
  }

  private void writeQuietly() {
    try {
      if (outDir != null) write();
    } catch (IOException | RuntimeException e) {
      progress.accept("record: cannot write run.json: " + e.getMessage());
    }
  }

  private RunInfo runInfo() {
    RunInfo.SandboxInfo sb =
        sandbox == null
            ? null
            : new RunInfo.SandboxInfo(
                "bubblewrap",
                sandbox.network.label(),
                List.copyOf(sandbox.hidden),
                new TreeMap<>(sandboxFaked()));
    return new RunInfo(
        RunInfo.SCHEMA_VERSION,
        TOOL,
        o.specs(),
        status,
        statusReason,
        distributions == null ? List.of() : List.copyOf(distributions),
        new RunInfo.PythonInfo(tools.python.executable().toString(), tools.python.version()),
        new RunInfo.StraceInfo(tools.strace.toString(), tools.straceVersion),
        sb,
        pip == null ? List.of() : pip.indexUrls,
        pip == null ? List.of() : pip.remoteHosts(),
        pip == null ? List.of() : pip.findLinks,
        new RunInfo.Paths(
            work.toString(),
            venv.toString(),
            site.toString(),
            home,
            "/tmp",
            home + "/.cache/pip",
            tools.python.basePrefix().toString(),
            venv.resolve("bin").toString()),
        bait == null
            ? null
            : new RunInfo.Bait(
                List.copyOf(bait.markers), List.copyOf(bait.files), Map.copyOf(bait.env)),
        List.copyOf(phases),
        imports == null ? List.of() : List.copyOf(imports),
        o.fast());
  }

  private Map<String, String> sandboxFaked() {
    Map<String, String> f = new LinkedHashMap<>(sandbox.faked);
    if (bait != null) for (String k : bait.env.keySet()) f.put("env:" + k, "bait marker");
    return f;
  }

  private Map<String, String> sandboxEnv(Map<String, String> host) {
    Map<String, String> e = new TreeMap<>();
    e.put(
        "PATH",
        venv.resolve("bin") + ":/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin");
    e.put("HOME", home);
    String user = host.getOrDefault("USER", System.getProperty("user.name", "user"));
    e.put("USER", user);
    e.put("LOGNAME", user);
    e.put("LANG", host.getOrDefault("LANG", "C.UTF-8"));
    e.put("TMPDIR", "/tmp");
    e.put("VIRTUAL_ENV", venv.toString());
    // The malicious test fixtures act only when they see this (see fixtures/README and
    // docs/techniques.md): outside our sandbox they do nothing.
    e.put("RECORD_INSTALL_SANDBOX", "1");
    for (Map.Entry<String, String> h : host.entrySet()) {
      String k = h.getKey();
      if (k.startsWith("PIP_") || k.startsWith("LC_") || k.equals("TERM")) e.put(k, h.getValue());
    }
    e.putAll(bait.env);
    return e;
  }

  private Map<String, String> hostEnvForVenv(Map<String, String> host) {
    Map<String, String> e = new TreeMap<>();
    e.put("PATH", host.getOrDefault("PATH", "/usr/local/bin:/usr/bin:/bin"));
    e.put("HOME", host.getOrDefault("HOME", "/"));
    e.put("LANG", host.getOrDefault("LANG", "C.UTF-8"));
    for (Map.Entry<String, String> h : host.entrySet()) {
      if (h.getKey().startsWith("PIP_")) e.put(h.getKey(), h.getValue());
    }
    return e;
  }

  /** At most {@code max} bytes from the start of a file the tracee wrote (its stdout). */
  private static byte[] readHead(Path f, int max) {
    try (java.io.InputStream in = Files.newInputStream(f)) {
      return in.readNBytes(max);
    } catch (IOException e) {
      return new byte[0];
    }
  }

  private static Path realHome(Map<String, String> env) {
    String h = env.get("HOME");
    if (h == null || h.isBlank()) h = System.getProperty("user.home");
    if (h == null || h.isBlank()) return null;
    Path p = Path.of(h).toAbsolutePath().normalize();
    if (p.getNameCount() == 0) return null;
    try {
      return Files.isDirectory(p) ? p.toRealPath() : p;
    } catch (IOException e) {
      return p;
    }
  }

  private void copyUserPipConfig(Path realHome, Path fakeHome) throws IOException {
    if (realHome == null) return;
    for (String rel : PipConfig.USER_FILES) {
      Path src = realHome.resolve(rel);
      if (Files.isRegularFile(src)) {
        Path dst = fakeHome.resolve(rel);
        Files.createDirectories(dst.getParent());
        Files.copy(src, dst, StandardCopyOption.REPLACE_EXISTING);
      }
    }
  }

  private static void addInput(Set<Path> inputs, Path p) {
    if (p == null) return;
    try {
      if (Files.exists(p)) inputs.add(p.toRealPath());
    } catch (IOException e) {
      // unreadable: pip will say so
    }
  }

  static void copyTree(Path from, Path to) throws IOException {
    Files.walkFileTree(
        from,
        new SimpleFileVisitor<>() {
          @Override
          public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes a)
              throws IOException {
            Files.createDirectories(to.resolve(from.relativize(dir).toString()));
            return FileVisitResult.CONTINUE;
          }

          @Override
          public FileVisitResult visitFile(Path f, BasicFileAttributes a) throws IOException {
            Files.copy(
                f,
                to.resolve(from.relativize(f).toString()),
                LinkOption.NOFOLLOW_LINKS,
                StandardCopyOption.COPY_ATTRIBUTES);
            return FileVisitResult.CONTINUE;
          }
        });
  }

  static void deleteTree(Path root) throws IOException {
    if (!Files.exists(root, LinkOption.NOFOLLOW_LINKS)) return;
    Files.walkFileTree(
        root,
        new SimpleFileVisitor<>() {
          @Override
          public FileVisitResult visitFile(Path f, BasicFileAttributes a) throws IOException {
            Files.delete(f);
            return FileVisitResult.CONTINUE;
          }

          @Override
          public FileVisitResult visitFileFailed(Path f, IOException e) {
            return FileVisitResult.CONTINUE;
          }

          @Override
          public FileVisitResult postVisitDirectory(Path d, IOException e) throws IOException {
            Files.delete(d);
            return FileVisitResult.CONTINUE;
          }
        });
  }
}
