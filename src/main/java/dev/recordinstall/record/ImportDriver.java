package dev.recordinstall.record;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The import phase's driver: a fresh interpreter ({@code python -I -c SCRIPT}) imports each module
 * in turn, catching everything (SystemExit included), reports each outcome on fd 1 as a line {@code
 * <nonce> <json>}, lingers, then leaves with {@code os._exit(0)} (so threads a module started
 * cannot keep it alive).
 */
final class ImportDriver {
  private ImportDriver() {}

  static final String SCRIPT =
      "import sys, os, json, time, importlib\n"
          + "nonce = sys.argv[1]\n"
          + "linger = float(sys.argv[2])\n"
          + "def report(r):\n"
          + "    try:\n"
          + "        os.write(1, (nonce + ' ' + json.dumps(r) + '\\n').encode())\n"
          + "    except BaseException:\n"
          + "        pass\n"
          + "for m in sys.argv[3:]:\n"
          + "    try:\n"
          + "        importlib.import_module(m)\n"
          + "        report({'module': m, 'ok': True, 'error': None})\n"
          + "    except BaseException as e:\n"
          + "        try:\n"
          + "            msg = (type(e).__name__ + ': ' + str(e))[:500]\n"
          + "        except BaseException:\n"
          + "            msg = 'unprintable exception'\n"
          + "        report({'module': m, 'ok': False, 'error': msg})\n"
          + "try:\n"
          + "    time.sleep(linger)\n"
          + "finally:\n"
          + "    os._exit(0)\n";

  static List<String> argv(String python, String nonce, double lingerSeconds, List<String> mods) {
    List<String> a = new ArrayList<>();
    a.add(python);
    a.add("-I");
    a.add("-c");
    a.add(SCRIPT);
    a.add(nonce);
    a.add(Double.toString(lingerSeconds));
    a.addAll(mods);
    return a;
  }

  /**
   * Matches the driver's report lines in its stdout to the modules; a module without a line was not
   * reached (the driver died or timed out first).
   */
  static List<RunInfo.ImportResult> results(
      byte[] stdout, String nonce, Map<String, String> moduleToDist) {
    Map<String, RunInfo.ImportResult> seen = new LinkedHashMap<>();
    String text = new String(stdout, StandardCharsets.UTF_8);
    for (String line : text.split("\n")) {
      if (!line.startsWith(nonce + " ")) continue;
      try {
        Map<?, ?> m = Recording.MAPPER.readValue(line.substring(nonce.length() + 1), Map.class);
        Object mod = m.get("module");
        if (!(mod instanceof String) || !moduleToDist.containsKey(mod)) continue;
        Object err = m.get("error");
        seen.putIfAbsent(
            (String) mod,
            new RunInfo.ImportResult(
                (String) mod,
                moduleToDist.get(mod),
                Boolean.TRUE.equals(m.get("ok")),
                err == null ? null : err.toString()));
      } catch (RuntimeException e) {
        // a garbled line: the module counts as not reached
      }
    }
    List<RunInfo.ImportResult> out = new ArrayList<>();
    for (Map.Entry<String, String> e : moduleToDist.entrySet()) {
      RunInfo.ImportResult r = seen.get(e.getKey());
      out.add(
          r != null
              ? r
              : new RunInfo.ImportResult(
                  e.getKey(), e.getValue(), false, "not reached: the import driver ended first"));
    }
    return out;
  }
}
