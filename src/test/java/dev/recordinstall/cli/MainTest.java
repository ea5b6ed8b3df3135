package dev.recordinstall.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class MainTest {
  @Test
  void helpExitsZero() {
    assertEquals(0, Main.run("--help"));
  }

  @Test
  void unknownOptionIsUsageError() {
    assertEquals(2, Main.run("--no-such-option"));
  }
}
