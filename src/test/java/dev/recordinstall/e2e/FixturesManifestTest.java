package dev.recordinstall.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.recordinstall.e2e.Fixtures.Expectation;
import dev.recordinstall.e2e.Fixtures.Fixture;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Fast checks on the fixtures themselves (no pip, no strace): the manifest is complete and every
 * malicious fixture is harmless by construction (env guard, TEST-NET / loopback addresses and
 * .invalid / .example names only).
 */
class FixturesManifestTest {
  private static final Pattern IPV4 =
      Pattern.compile("(?<![\\w.])(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})(?![\\w.])");
  private static final Pattern URL_HOST = Pattern.compile("[a-z]+://([^/:\"'\\s]+)");
  private static final Pattern REAL_TLD =
      Pattern.compile(
          "\\b[\\w-]+\\.(com|net|org|io|ru|cn|xyz|cfd|top|app|dev|co|info|biz|me|tk|su)\\b");
  private static final String GUARD = "os.environ.get(\"RECORD_INSTALL_SANDBOX\") == \"1\"";

  @Test
  void manifestListsEnoughTechniquesAndBenignKinds() {
    List<Fixture> all = Fixtures.load();
    List<Fixture> bad = all.stream().filter(Fixture::malicious).toList();
    long benign = all.size() - bad.size();
    long atInstall = bad.stream().filter(f -> f.phase().equals("install")).count();
    assertTrue(bad.size() >= 16, "at least 16 malicious fixtures, got " + bad.size());
    assertTrue(benign >= 7, "at least 7 benign fixtures, got " + benign);
    assertTrue(
        atInstall * 10 >= bad.size() * 4 && atInstall * 10 <= bad.size() * 6,
        "roughly half of the malicious fixtures act at install: " + atInstall + "/" + bad.size());
    assertTrue(all.stream().anyMatch(f -> f.build().equals("wheel")), "some wheels");
    assertEquals(all.size(), all.stream().map(Fixture::name).distinct().count(), "unique names");
  }

  @Test
  void everyFixtureDirectoryMatchesItsManifestRow() throws IOException {
    for (Fixture f : Fixtures.load()) {
      Path d = Fixtures.dir().resolve(f.kind()).resolve(f.name());
      Path pyproject = d.resolve("pyproject.toml");
      assertTrue(Files.isRegularFile(pyproject), "missing " + pyproject);
      String text = Files.readString(pyproject);
      assertTrue(
          text.contains("name = \"" + f.distribution() + "\""),
          pyproject + " must declare name = \"" + f.distribution() + "\"");
      if (f.phase().equals("install") && f.malicious()) {
        assertTrue(Files.isRegularFile(d.resolve("setup.py")), f.name() + ": setup.py payload");
        assertEquals("sdist", f.build(), f.name() + ": install-time payloads need an sdist");
      }
    }
  }

  @Test
  void maliciousFixturesAreGuardedAndAimOnlyAtReservedAddresses() throws IOException {
    List<String> problems = new ArrayList<>();
    for (Fixture f : Fixtures.load()) {
      if (!f.malicious()) continue;
      Path d = Fixtures.dir().resolve(f.kind()).resolve(f.name());
      boolean guarded = false;
      try (Stream<Path> files = Files.walk(d)) {
        for (Path p : files.filter(p -> p.toString().endsWith(".py")).toList()) {
          String src = Files.readString(p, StandardCharsets.UTF_8);
          if (src.contains("payload()")) {
            if (!src.contains(GUARD) || !src.contains("\nif ARMED:\n")) {
              problems.add(p + ": payload not behind the RECORD_INSTALL_SANDBOX guard");
            }
            guarded = true;
          }
          problems.addAll(addressProblems(p, src));
        }
      }
      if (!guarded) problems.add(f.name() + ": no guarded payload() found");
    }
    assertTrue(problems.isEmpty(), String.join("\n", problems));
  }

  static List<String> addressProblems(Path p, String src) {
    List<String> problems = new ArrayList<>();
    Matcher m = IPV4.matcher(src);
    while (m.find()) {
      if (!reservedAddress(m.group())) problems.add(p + ": address " + m.group());
    }
    m = URL_HOST.matcher(src);
    while (m.find()) {
      String host = m.group(1);
      if (!host.endsWith(".invalid") && !host.endsWith(".example") && !reservedAddress(host)) {
        problems.add(p + ": URL host " + host);
      }
    }
    m = REAL_TLD.matcher(src);
    while (m.find()) problems.add(p + ": real-looking domain " + m.group());
    return problems;
  }

  static boolean reservedAddress(String ip) {
    return ip.startsWith("192.0.2.")
        || ip.startsWith("198.51.100.")
        || ip.startsWith("203.0.113.")
        || ip.startsWith("127.");
  }

  @Test
  void harmlessnessLintCatchesRealAddresses() {
    Path p = Path.of("x.py");
    assertFalse(addressProblems(p, "s.connect((\"8.8.8.8\", 53))").isEmpty());
    assertFalse(addressProblems(p, "urlopen(\"https://evil.example.com/x\")").isEmpty());
    assertTrue(
        addressProblems(p, "urlopen(\"https://c.invalid/x\"); (\"192.0.2.1\", 0)").isEmpty());
    assertTrue(addressProblems(p, "version = \"0.1.0\"").isEmpty());
  }

  @Test
  void expectationsCombineAlternativesAndGroups() {
    Expectation e = Expectation.parse("network,process|syscall");
    assertTrue(e.matchedBy(Set.of("network", "syscall")));
    assertFalse(e.matchedBy(Set.of("network")));
    assertFalse(e.matchedBy(Set.of("process", "file")));
    assertTrue(Expectation.parse("-").isClean());
    assertThrows(IllegalArgumentException.class, () -> Expectation.parse("netwrok"));
  }
}
