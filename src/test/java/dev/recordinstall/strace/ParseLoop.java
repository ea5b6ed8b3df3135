package dev.recordinstall.strace;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The parse loop that scripts/bench-instructions runs under valgrind (a command, not a test):
 * parses the bytes of LOG, held in memory, WARM + ROUNDS times, as {@code StraceParser.parse} does
 * for one file. Instruction counts of it are repeatable to a fraction of a percent, unlike timings
 * on a shared machine.
 *
 * <p>Usage: {@code ParseLoop LOG WARM ROUNDS}
 */
public final class ParseLoop {
  private ParseLoop() {}

  public static void main(String[] args) throws IOException {
    byte[] log = Files.readAllBytes(Path.of(args[0]));
    int rounds = Integer.parseInt(args[1]) + Integer.parseInt(args[2]);
    for (int i = 0; i < rounds; i++) {
      StraceParser.parse(new ByteArrayInputStream(log), "log", ParseBench::consume);
    }
    System.out.println(ParseBench.sink);
  }
}
