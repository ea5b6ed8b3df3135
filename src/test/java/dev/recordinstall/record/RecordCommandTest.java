package dev.recordinstall.record;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.recordinstall.cli.Main;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The thin CLI command: usage errors exit 2, missing tools exit 3. */
class RecordCommandTest {
  @TempDir Path tmp;

  @Test
  void usageErrorsExitTwo() throws Exception {
    assertEquals(Main.EXIT_USAGE, Main.run("record"));
    assertEquals(Main.EXIT_USAGE, Main.run("record", "django"));
    assertEquals(
        Main.EXIT_USAGE,
        Main.run("record", "-o", tmp.resolve("o").toString(), "--network", "bogus", "django"));
    assertEquals(
        Main.EXIT_USAGE,
        Main.run("record", "-o", tmp.resolve("o").toString(), "/no/such/pkg-1.0.tar.gz"));
    Path full = Files.createDirectories(tmp.resolve("full"));
    Files.writeString(full.resolve("x"), "");
    Env.requireTools();
    assertEquals(Main.EXIT_USAGE, Main.run("record", "-o", full.toString(), "django"));
  }

  @Test
  void helpExitsZero() {
    assertEquals(Main.EXIT_CLEAN, Main.run("record", "--help"));
  }
}
