package dev.recordinstall.record;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;

/** Shared helpers of the recorder's integration tests: preconditions and fixture projects. */
final class Env {
  static final String INDEX = "file:///opt/pypi/simple";

  private Env() {}

  /** Fails (never skips) with what is missing: the local index, strace, bwrap. */
  static void requireTools() {
    assertTrue(
        Files.isDirectory(Path.of("/opt/pypi/simple")),
        "the local package index /opt/pypi/simple is missing; the recorder's integration tests"
            + " need it (see README)");
    assertTrue(Tools.which("strace") != null, "strace is missing: apt-get install -y strace");
    assertTrue(Tools.which("bwrap") != null, "bwrap is missing: apt-get install -y bubblewrap");
  }

  static RecordOptions.Builder options(Path out, String... specs) {
    return RecordOptions.builder(out, List.of(specs))
        .indexUrl(INDEX)
        .linger(Duration.ofMillis(200))
        .installTimeout(Duration.ofSeconds(300));
  }

  /** A setup.py-only project whose setup.py first runs {@code payload} (Python source). */
  static Path project(Path parent, String name, String payload) throws IOException {
    Path dir = parent.resolve(name);
    Files.createDirectories(dir.resolve(name.replace('-', '_')));
    Files.writeString(dir.resolve(name.replace('-', '_')).resolve("__init__.py"), "");
    Files.writeString(
        dir.resolve("setup.py"),
        payload
            + "\nfrom setuptools import setup\nsetup(name='"
            + name
            + "', version='0.1', packages=['"
            + name.replace('-', '_')
            + "'])\n");
    return dir;
  }

  /** A pure-Python wheel whose package's __init__.py is {@code init} (Python source). */
  static Path wheel(Path parent, String name, String init) throws IOException {
    Files.createDirectories(parent);
    Path whl = parent.resolve(name + "-0.1-py3-none-any.whl");
    String di = name + "-0.1.dist-info/";
    java.util.Map<String, String> files = new java.util.LinkedHashMap<>();
    files.put(name + "/__init__.py", init);
    files.put(di + "METADATA", "Metadata-Version: 2.1\nName: " + name + "\nVersion: 0.1\n\n");
    files.put(
        di + "WHEEL",
        "Wheel-Version: 1.0\nGenerator: ri-test\nRoot-Is-Purelib: true\nTag: py3-none-any\n");
    StringBuilder record = new StringBuilder();
    for (String f : files.keySet()) record.append(f).append(",,\n");
    record.append(di).append("RECORD,,\n");
    files.put(di + "RECORD", record.toString());
    try (java.util.zip.ZipOutputStream z =
        new java.util.zip.ZipOutputStream(Files.newOutputStream(whl))) {
      for (java.util.Map.Entry<String, String> e : files.entrySet()) {
        z.putNextEntry(new java.util.zip.ZipEntry(e.getKey()));
        z.write(e.getValue().getBytes(StandardCharsets.UTF_8));
        z.closeEntry();
      }
    }
    return whl;
  }

  /** Host processes whose command line contains {@code token}. */
  static List<String> hostProcessesWith(String token) throws IOException {
    List<String> out = new java.util.ArrayList<>();
    try (java.util.stream.Stream<Path> s = Files.list(Path.of("/proc"))) {
      for (Path p : (Iterable<Path>) s::iterator) {
        if (!p.getFileName().toString().matches("\\d+")) continue;
        try {
          String cmd = new String(Files.readAllBytes(p.resolve("cmdline")), StandardCharsets.UTF_8);
          if (cmd.contains(token)) out.add(p.getFileName() + ": " + cmd.replace('\0', ' '));
        } catch (IOException e) {
          // the process ended
        }
      }
    }
    return out;
  }

  static String sha256(Path f) {
    try {
      if (!Files.exists(f)) return "absent";
      if (Files.isDirectory(f)) return "directory";
      return HexFormat.of()
          .formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(f)));
    } catch (Exception e) {
      fail("cannot hash " + f + ": " + e);
      return null;
    }
  }

  static String read(Path f) {
    try {
      return new String(Files.readAllBytes(f), StandardCharsets.UTF_8);
    } catch (IOException e) {
      fail("cannot read " + f + ": " + e);
      return null;
    }
  }
}
