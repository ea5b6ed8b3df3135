package dev.recordinstall.record;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Bait credentials planted in the fake HOME and the environment. Every file and variable holds its
 * own marker {@code RI-BAIT-<run id>-<kind>}, so a read of it or its contents in an outgoing buffer
 * is recognisable and names what was taken.
 */
final class Bait {
  final String runId;
  final List<String> markers = new ArrayList<>();

  /** Paths as the tracee sees them (under the sandbox HOME). */
  final List<String> files = new ArrayList<>();

  final Map<String, String> env = new LinkedHashMap<>();

  private Bait(String runId) {
    this.runId = runId;
  }

  static Bait create() {
    byte[] b = new byte[6];
    new SecureRandom().nextBytes(b);
    return new Bait(HexFormat.of().formatHex(b));
  }

  String marker(String kind) {
    String m = "RI-BAIT-" + runId + "-" + kind;
    markers.add(m);
    return m;
  }

  /**
   * Writes the bait files into {@code hostHome} (the directory that the sandbox mounts at {@code
   * sandboxHome}) and fills {@link #env}.
   */
  void plant(Path hostHome, String sandboxHome) throws IOException {
    put(
        hostHome,
        sandboxHome,
        ".ssh/id_rsa",
        "-----BEGIN OPENSSH PRIVATE KEY-----\n"
            + marker("ssh-id_rsa")
            + "\n-----END OPENSSH PRIVATE KEY-----\n");
    put(
        hostHome,
        sandboxHome,
        ".ssh/id_ed25519",
        "-----BEGIN OPENSSH PRIVATE KEY-----\n"
            + marker("ssh-id_ed25519")
            + "\n-----END OPENSSH PRIVATE KEY-----\n");
    put(
        hostHome,
        sandboxHome,
        ".aws/credentials",
        "[default]\naws_access_key_id = AKIAIOSFODNN7EXAMPLE\naws_secret_access_key = "
            + marker("aws-credentials")
            + "\n");
    put(
        hostHome,
        sandboxHome,
        ".netrc",
        "machine pypi.example login bait password " + marker("netrc") + "\n");
    put(
        hostHome,
        sandboxHome,
        ".pypirc",
        "[distutils]\nindex-servers = pypi\n\n[pypi]\nusername = __token__\npassword = pypi-"
            + marker("pypirc")
            + "\n");
    put(
        hostHome,
        sandboxHome,
        ".git-credentials",
        "https://bait:" + marker("git-credentials") + "@git.example\n");
    put(
        hostHome,
        sandboxHome,
        ".config/google-chrome/Default/Login Data",
        "SQLite format 3\0 bait " + marker("chrome-login-data") + "\n");
    put(
        hostHome,
        sandboxHome,
        ".config/google-chrome/Default/Cookies",
        "SQLite format 3\0 bait " + marker("chrome-cookies") + "\n");
    put(
        hostHome,
        sandboxHome,
        ".config/google-chrome/Local State",
        "{\"os_crypt\":{\"encrypted_key\":\"" + marker("chrome-local-state") + "\"}}\n");
    put(
        hostHome,
        sandboxHome,
        ".mozilla/firefox/ri.default-release/logins.json",
        "{\"logins\":[{\"encryptedPassword\":\"" + marker("firefox-logins") + "\"}]}\n");
    put(
        hostHome,
        sandboxHome,
        ".config/discord/Local Storage/leveldb/000005.ldb",
        "_https://discord.com\0token\0\"" + marker("discord-token") + "\"\n");
    put(
        hostHome,
        sandboxHome,
        ".docker/config.json",
        "{\"auths\":{\"registry.example\":{\"auth\":\"" + marker("docker-config") + "\"}}}\n");
    env.put("AWS_ACCESS_KEY_ID", "AKIA" + marker("env-AWS_ACCESS_KEY_ID"));
    env.put("AWS_SECRET_ACCESS_KEY", marker("env-AWS_SECRET_ACCESS_KEY"));
    env.put("GITHUB_TOKEN", "ghp_" + marker("env-GITHUB_TOKEN"));
    env.put("TWINE_PASSWORD", "pypi-" + marker("env-TWINE_PASSWORD"));
    env.put("OPENAI_API_KEY", "sk-" + marker("env-OPENAI_API_KEY"));
  }

  private void put(Path hostHome, String sandboxHome, String rel, String content)
      throws IOException {
    Path f = hostHome.resolve(rel);
    Files.createDirectories(f.getParent());
    Files.write(f, content.getBytes(StandardCharsets.ISO_8859_1));
    // private like the real thing (ssh refuses keys readable by others)
    f.toFile().setReadable(false, false);
    f.toFile().setReadable(true, true);
    f.toFile().setWritable(false, false);
    f.toFile().setWritable(true, true);
    files.add(sandboxHome + "/" + rel);
  }
}
