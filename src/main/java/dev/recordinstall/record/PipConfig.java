package dev.recordinstall.record;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * pip's configuration as it will apply inside the sandbox: the config files (global, user, site),
 * PIP_* environment variables and our command-line options, reduced to what decides the network
 * mode and what run.json reports: the effective index URLs and find-links locations.
 */
final class PipConfig {
  static final String DEFAULT_INDEX = "https://pypi.org/simple";

  /** User config files relative to HOME, copied into the fake HOME so they still apply. */
  static final List<String> USER_FILES = List.of(".config/pip/pip.conf", ".pip/pip.conf");

  final List<String> indexUrls;
  final List<String> findLinks;
  final List<Path> configFiles;

  private PipConfig(List<String> indexUrls, List<String> findLinks, List<Path> configFiles) {
    this.indexUrls = indexUrls;
    this.findLinks = findLinks;
    this.configFiles = configFiles;
  }

  static PipConfig resolve(RecordOptions o, Map<String, String> env, Path realHome) {
    List<Path> files = new ArrayList<>();
    String xdgDirs = env.getOrDefault("XDG_CONFIG_DIRS", "/etc/xdg");
    for (String d : xdgDirs.split(":")) if (!d.isEmpty()) files.add(Path.of(d, "pip", "pip.conf"));
    files.add(Path.of("/etc/pip.conf"));
    if (realHome != null) for (String u : USER_FILES) files.add(realHome.resolve(u));
    String cf = env.get("PIP_CONFIG_FILE");
    if (cf != null && !cf.isEmpty() && !cf.equals("/dev/null")) files.add(Path.of(cf));
    List<Path> present = new ArrayList<>();
    Map<String, String> values = new LinkedHashMap<>();
    for (Path f : files) {
      if (!Files.isRegularFile(f)) continue;
      present.add(f);
      values.putAll(readIni(f));
    }
    String index = values.get("index-url");
    String envIndex = env.get("PIP_INDEX_URL");
    if (envIndex != null && !envIndex.isBlank()) index = envIndex;
    if (o.indexUrl() != null) index = o.indexUrl();
    if (index == null || index.isBlank()) index = DEFAULT_INDEX;
    Set<String> urls = new LinkedHashSet<>();
    urls.add(index.strip());
    String extras = env.getOrDefault("PIP_EXTRA_INDEX_URL", values.get("extra-index-url"));
    if (extras != null) for (String e : extras.split("\\s+")) if (!e.isBlank()) urls.add(e);
    urls.addAll(o.extraIndexUrls());
    Set<String> links = new LinkedHashSet<>();
    String fl = env.getOrDefault("PIP_FIND_LINKS", values.get("find-links"));
    if (fl != null) for (String e : fl.split("\\s+")) if (!e.isBlank()) links.add(e);
    links.addAll(o.findLinks());
    return new PipConfig(List.copyOf(urls), List.copyOf(links), List.copyOf(present));
  }

  /** [global] and [install] keys of a pip.conf; continuation lines are joined with spaces. */
  static Map<String, String> readIni(Path f) {
    Map<String, String> out = new LinkedHashMap<>();
    List<String> lines;
    try {
      byte[] b = Files.readAllBytes(f);
      if (b.length > 1 << 20) return out;
      lines = List.of(new String(b, StandardCharsets.UTF_8).split("\\R"));
    } catch (IOException e) {
      return out;
    }
    String section = "";
    String lastKey = null;
    for (String line : lines) {
      String t = line.strip();
      if (t.isEmpty() || t.startsWith("#") || t.startsWith(";")) continue;
      if (t.startsWith("[") && t.endsWith("]")) {
        section = t.substring(1, t.length() - 1).strip().toLowerCase(Locale.ROOT);
        lastKey = null;
        continue;
      }
      boolean relevant = section.equals("global") || section.equals("install");
      if (Character.isWhitespace(line.charAt(0)) && lastKey != null) {
        if (relevant) out.merge(lastKey, t, (a, b) -> a + " " + b);
        continue;
      }
      int eq = indexOfSeparator(t);
      if (eq < 0) continue;
      String key = t.substring(0, eq).strip().toLowerCase(Locale.ROOT).replace('_', '-');
      String value = t.substring(eq + 1).strip();
      lastKey = key;
      if (relevant) out.put(key, value);
    }
    return out;
  }

  private static int indexOfSeparator(String t) {
    int eq = t.indexOf('=');
    int colon = t.indexOf(':');
    if (eq < 0) return colon;
    if (colon < 0) return eq;
    return Math.min(eq, colon);
  }

  /** Every location pip reads from is local (file:// URLs or plain paths). */
  boolean allLocal() {
    for (String u : indexUrls) if (!isLocal(u)) return false;
    for (String u : findLinks) if (!isLocal(u)) return false;
    return true;
  }

  static boolean isLocal(String u) {
    String l = u.toLowerCase(Locale.ROOT);
    if (l.startsWith("file:")) return true;
    return !l.contains("://");
  }

  /** Local filesystem path of a file:// URL or plain path, or null for remote locations. */
  static Path localPath(String u) {
    if (!isLocal(u)) return null;
    try {
      if (u.toLowerCase(Locale.ROOT).startsWith("file:")) return Path.of(URI.create(u));
      return Path.of(u).toAbsolutePath().normalize();
    } catch (RuntimeException e) {
      return null;
    }
  }

  /** Host names of the remote indexes and find-links (pypi.org implies files.pythonhosted.org). */
  List<String> remoteHosts() {
    Set<String> hosts = new LinkedHashSet<>();
    List<String> all = new ArrayList<>(indexUrls);
    all.addAll(findLinks);
    for (String u : all) {
      if (isLocal(u)) continue;
      try {
        String h = URI.create(u).getHost();
        if (h == null) continue;
        hosts.add(h.toLowerCase(Locale.ROOT));
        if (h.equalsIgnoreCase("pypi.org")) hosts.add("files.pythonhosted.org");
      } catch (RuntimeException e) {
        // not a URI: ignore
      }
    }
    return List.copyOf(hosts);
  }
}
