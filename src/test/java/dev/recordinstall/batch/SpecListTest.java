package dev.recordinstall.batch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SpecListTest {
  @TempDir Path tmp;

  @Test
  void readsFilesAndSpecsDropsCommentsAndDuplicatesReportsOptions() throws Exception {
    Path f = tmp.resolve("reqs.txt");
    Files.write(
        f,
        List.of(
            "# header",
            "django==5.2.17  # pinned",
            "",
            "   ",
            "-r other.txt",
            "requests",
            "x".repeat(2000),
            "django==5.2.17"));
    Files.write(tmp.resolve("bad.txt"), new byte[] {'a', (byte) 0xff, '\n', 'b', '\n'});
    List<String> warnings = new ArrayList<>();
    List<String> specs =
        SpecList.read(
            List.of(f.toString(), "flask", "requests", tmp.resolve("bad.txt").toString()),
            warnings::add);
    assertEquals(List.of("django==5.2.17", "requests", "flask", "a\uFFFD", "b"), specs);
    assertEquals(2, warnings.size(), warnings.toString());
    assertTrue(warnings.get(0).startsWith(f + ":5: pip option"), warnings.get(0));
    assertTrue(warnings.get(1).startsWith(f + ":7: line longer"), warnings.get(1));
  }
}
