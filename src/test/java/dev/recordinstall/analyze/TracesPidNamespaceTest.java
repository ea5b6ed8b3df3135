package dev.recordinstall.analyze;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.recordinstall.model.BehaviorModel;
import dev.recordinstall.model.ProcessInfo;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * analyze, scan and batch (incl. --reanalyze) build their models with {@link Traces#DEFAULT}: a
 * real namespaced recording gives the same process tree with and without strace's
 * --pidns-translation.
 */
class TracesPidNamespaceTest {
  static final Path CONCURRENT =
      Path.of("src/test/resources/dev/recordinstall/model/traces/pidns-concurrent.strace.gz");

  @TempDir Path tmp;

  /** The trace as recorded (translated) and as strace prints it without the flag. */
  static Path[] translatedAndNot(Path tmp) throws IOException {
    String text;
    try (var in = new GZIPInputStream(Files.newInputStream(CONCURRENT))) {
      text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    Path a = Files.createDirectories(tmp.resolve("translated")).resolve("import.strace");
    Path b = Files.createDirectories(tmp.resolve("untranslated")).resolve("import.strace");
    Files.writeString(a, text);
    String stripped = text.replaceAll(" /\\* \\d+ in strace's PID NS \\*/", "");
    assertTrue(stripped.length() < text.length(), "the recording carries translated pids");
    Files.writeString(b, stripped);
    return new Path[] {a, b};
  }

  @Test
  void sameTreeWithAndWithoutPidnsTranslation() throws Exception {
    Path[] t = translatedAndNot(tmp);
    BehaviorModel a = Traces.DEFAULT.build(t[0], "import").model();
    BehaviorModel b = Traces.DEFAULT.build(t[1], "import").model();
    assertTrue(a.processes().size() >= 20, "processes: " + a.processes().size());
    assertEquals(a.processes().keySet(), b.processes().keySet());
    for (ProcessInfo p : a.processes().values()) {
      ProcessInfo q = b.processes().get(p.pid());
      assertNotNull(q);
      assertEquals(p.parent(), q.parent(), "parent of " + p.pid());
      assertEquals(p.role(), q.role(), "role of " + p.pid());
      assertEquals(p.exitCode(), q.exitCode(), "exit of " + p.pid());
    }
    long orphans = a.processes().values().stream().filter(p -> p.parent() == 0).count();
    assertEquals(1, orphans, "only the root has no parent");
  }
}
