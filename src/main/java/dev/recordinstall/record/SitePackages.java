package dev.recordinstall.record;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * Reads the distributions installed in a site-packages directory from their {@code *.dist-info}:
 * name and version from METADATA, top-level modules from RECORD (falling back to top_level.txt).
 * The package wrote these files, so every read is bounded and bad content is skipped.
 */
final class SitePackages {
  private SitePackages() {}

  static final int MAX_FILE = 8 << 20;
  static final int MAX_TOP_LEVEL = 200;
  private static final Pattern IDENT = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,199}");

  /** Names of the dist-info directories present. */
  static Set<String> distInfoDirs(Path site) {
    Set<String> out = new TreeSet<>();
    if (!Files.isDirectory(site)) return out;
    try (DirectoryStream<Path> ds = Files.newDirectoryStream(site, "*.dist-info")) {
      for (Path p : ds) {
        if (Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) out.add(p.getFileName().toString());
        if (out.size() > 10_000) break;
      }
    } catch (IOException e) {
      // unreadable: report what we have
    }
    return out;
  }

  static RunInfo.Distribution read(Path distInfo) {
    String name = null;
    String version = null;
    String meta = readBounded(distInfo.resolve("METADATA"), 256 << 10);
    if (meta != null) {
      for (String line : meta.split("\\R", 200)) {
        if (line.isEmpty()) break;
        if (name == null && line.regionMatches(true, 0, "Name:", 0, 5))
          name = line.substring(5).strip();
        else if (version == null && line.regionMatches(true, 0, "Version:", 0, 8))
          version = line.substring(8).strip();
      }
    }
    if (name == null || version == null) {
      String dir = distInfo.getFileName().toString();
      String base = dir.substring(0, dir.length() - ".dist-info".length());
      int dash = base.lastIndexOf('-');
      if (name == null) name = dash > 0 ? base.substring(0, dash) : base;
      if (version == null && dash > 0) version = base.substring(dash + 1);
    }
    return new RunInfo.Distribution(truncate(name), truncate(version), topLevel(distInfo));
  }

  static List<String> topLevel(Path distInfo) {
    Set<String> out = new LinkedHashSet<>();
    String record = readBounded(distInfo.resolve("RECORD"), MAX_FILE);
    if (record != null) {
      for (String line : record.split("\\R")) {
        if (out.size() >= MAX_TOP_LEVEL) break;
        String path = firstCsvField(line);
        if (path.isEmpty()) continue;
        String[] parts = path.split("/");
        String first = parts[0];
        if (first.equals("..") || first.equals(".") || first.equals("__pycache__")) continue;
        if (first.endsWith(".dist-info") || first.endsWith(".data") || first.endsWith(".egg-info"))
          continue;
        String mod;
        if (parts.length == 1) {
          if (first.endsWith(".py")) mod = first.substring(0, first.length() - 3);
          else if (first.endsWith(".so") || first.endsWith(".pyd"))
            mod = first.substring(0, first.indexOf('.'));
          else continue;
        } else {
          mod = first;
        }
        if (IDENT.matcher(mod).matches()) out.add(mod);
      }
    }
    if (out.isEmpty()) {
      String tl = readBounded(distInfo.resolve("top_level.txt"), 1 << 20);
      if (tl != null) {
        for (String line : tl.split("\\R")) {
          String m = line.strip().replace('/', '.');
          int dot = m.indexOf('.');
          if (dot > 0) m = m.substring(0, dot);
          if (IDENT.matcher(m).matches()) out.add(m);
          if (out.size() >= MAX_TOP_LEVEL) break;
        }
      }
    }
    return new ArrayList<>(new TreeSet<>(out));
  }

  private static String firstCsvField(String line) {
    String l = line.strip();
    if (l.startsWith("\"")) {
      int end = l.indexOf('"', 1);
      return end > 0 ? l.substring(1, end) : "";
    }
    int comma = l.indexOf(',');
    return comma >= 0 ? l.substring(0, comma) : l;
  }

  static String readBounded(Path f, int max) {
    if (!Files.isRegularFile(f, LinkOption.NOFOLLOW_LINKS)) return null;
    try (InputStream in = Files.newInputStream(f)) {
      return new String(in.readNBytes(max), StandardCharsets.UTF_8);
    } catch (IOException e) {
      return null;
    }
  }

  private static String truncate(String s) {
    if (s == null) return null;
    return s.length() > 200 ? s.substring(0, 200) : s;
  }
}
