package dev.recordinstall.record;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * Fast venv creation. {@code python -m venv} spends seconds in ensurepip (it pip-installs pip from
 * its bundled wheel); we run ensurepip once per interpreter into a template venv under the user's
 * cache ({@code ~/.cache/record-install/venv-template/}) and then build each run's venv with {@code
 * python -m venv --without-pip} plus a copy of the template's site-packages and pip scripts
 * (shebangs rewritten). The result has the same files as a fresh {@code python -m venv}.
 */
final class VenvTemplate {
  private VenvTemplate() {}

  static final String MARKER = ".record-install-template-complete";

  static Path cacheRoot(Map<String, String> env) {
    String xdg = env.get("XDG_CACHE_HOME");
    Path base =
        xdg != null && !xdg.isBlank()
            ? Path.of(xdg)
            : Path.of(env.getOrDefault("HOME", System.getProperty("user.home")), ".cache");
    return base.resolve("record-install").resolve("venv-template");
  }

  /** The template for this interpreter, created on first use (safe under concurrency). */
  static Path ensure(Tools.Python py, Map<String, String> env, java.time.Duration timeout)
      throws RecordException {
    String key;
    try {
      byte[] h =
          java.security.MessageDigest.getInstance("SHA-256")
              .digest(py.executable().toString().getBytes(StandardCharsets.UTF_8));
      key = py.version() + "-" + HexFormat.of().formatHex(h).substring(0, 12);
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
    Path root = cacheRoot(env);
    Path t = root.resolve(key);
    if (Files.isRegularFile(t.resolve(MARKER))) return t;
    try {
      Files.createDirectories(root);
      Path tmp = Files.createTempDirectory(root, key + ".tmp-");
      Path v = tmp.resolve("venv");
      Path out = tmp.resolve("out.txt");
      PhaseRunner.Outcome r =
          PhaseRunner.run(
              List.of(py.executable().toString(), "-m", "venv", v.toString()),
              null,
              tmp,
              out,
              out,
              timeout);
      if (r.timedOut() || r.exit() != 0) {
        String msg = new String(Files.readAllBytes(out), StandardCharsets.UTF_8);
        Recorder.deleteTree(tmp);
        throw RecordException.toolFailed(
            "python -m venv failed (exit "
                + r.exit()
                + "): "
                + msg.strip()
                + "; install venv support: "
                + Tools.INSTALL_VENV);
      }
      Files.writeString(v.resolve(MARKER), "ok\n");
      try {
        Files.move(v, t, StandardCopyOption.ATOMIC_MOVE);
      } catch (FileAlreadyExistsException | AtomicMoveNotSupportedException e) {
        // another run made it first
      } catch (IOException e) {
        if (!Files.isRegularFile(t.resolve(MARKER))) throw e;
      }
      Recorder.deleteTree(tmp);
      if (!Files.isRegularFile(t.resolve(MARKER))) {
        throw RecordException.toolFailed("cannot create the venv template " + t);
      }
      return t;
    } catch (IOException e) {
      throw RecordException.toolFailed("cannot create the venv template in " + root + ": " + e, e);
    }
  }

  /** Seeds a {@code --without-pip} venv with the template's site-packages and pip scripts. */
  static void seed(Path template, Path venv, String majorMinor) throws IOException {
    String sp = "lib/python" + majorMinor + "/site-packages";
    Path from = template.resolve(sp);
    Path to = venv.resolve(sp);
    try (DirectoryStream<Path> ds = Files.newDirectoryStream(from)) {
      for (Path p : ds) Recorder.copyTree(p, to.resolve(p.getFileName().toString()));
    }
    String oldShebang = "#!" + template.resolve("bin/python");
    String newShebang = "#!" + venv.resolve("bin/python");
    try (DirectoryStream<Path> ds = Files.newDirectoryStream(template.resolve("bin"), "pip*")) {
      for (Path p : ds) {
        if (!Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)) continue;
        String s = new String(Files.readAllBytes(p), StandardCharsets.UTF_8);
        // the shebang names the template's python3 (or python); point it at this venv
        s =
            s.replaceFirst(
                "^#!\\S*/bin/python", java.util.regex.Matcher.quoteReplacement(newShebang));
        if (s.startsWith(oldShebang)) s = newShebang + s.substring(oldShebang.length());
        Path dst = venv.resolve("bin").resolve(p.getFileName().toString());
        Files.writeString(dst, s);
        dst.toFile().setExecutable(true, false);
      }
    }
  }
}
