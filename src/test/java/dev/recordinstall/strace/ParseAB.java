package dev.recordinstall.strace;

import java.lang.management.ManagementFactory;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.function.Consumer;

/**
 * Same-JVM A/B of two builds of the parser (a command that prints figures, run by
 * scripts/bench-parse with BENCH_AB; not a test). Each build is loaded by its own class loader from
 * a classes directory; the rounds alternate between them, so both see the same machine state, which
 * on a shared machine moves far more than most changes do. Reports the median per-CPU-second speed
 * of each and the median of the per-round CPU-time ratios (A / B: above 1 means B is faster).
 *
 * <p>Usage: {@code ParseAB LOG ROUNDS CLASSES_A CLASSES_B}
 */
public final class ParseAB {
  private ParseAB() {}

  static long sink;

  public static void main(String[] args) throws Exception {
    Path log = Path.of(args[0]);
    int rounds = Integer.parseInt(args[1]);
    String[] dirs = Arrays.copyOfRange(args, 2, args.length);
    Method[] parse = new Method[dirs.length];
    for (int i = 0; i < dirs.length; i++) {
      URLClassLoader loader =
          new URLClassLoader(
              new URL[] {Path.of(dirs[i]).toUri().toURL()}, ClassLoader.getPlatformClassLoader());
      parse[i] =
          loader
              .loadClass("dev.recordinstall.strace.StraceParser")
              .getMethod("parse", Path.class, Consumer.class);
    }
    Consumer<Object> count = e -> sink++;
    com.sun.management.ThreadMXBean threads =
        (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    for (int w = 0; w < 10; w++) for (Method m : parse) m.invoke(null, log, count);
    double[][] cpu = new double[dirs.length][rounds];
    long[] alloc = new long[dirs.length];
    for (int r = 0; r < rounds; r++) {
      for (int j = 0; j < dirs.length; j++) {
        int i = r % 2 == 0 ? j : dirs.length - 1 - j;
        long a = threads.getCurrentThreadAllocatedBytes();
        long c = threads.getCurrentThreadCpuTime();
        parse[i].invoke(null, log, count);
        cpu[i][r] = (threads.getCurrentThreadCpuTime() - c) / 1e9;
        alloc[i] += threads.getCurrentThreadAllocatedBytes() - a;
      }
    }
    long lines;
    try (var s = Files.lines(log, StandardCharsets.ISO_8859_1)) {
      lines = s.count();
    }
    for (int i = 0; i < dirs.length; i++) {
      System.out.printf(
          "%s: %,.0f lines per CPU second (median of %d, best %,.0f), %.0f bytes allocated per"
              + " line%n",
          dirs[i],
          lines / ParseBench.median(cpu[i]),
          rounds,
          lines / ParseBench.min(cpu[i]),
          (double) alloc[i] / rounds / lines);
    }
    if (dirs.length == 2) {
      double[] ratio = new double[rounds];
      for (int r = 0; r < rounds; r++) ratio[r] = cpu[0][r] / cpu[1][r];
      System.out.printf(
          "speed-up of %s over %s: %.2fx (median of the per-round CPU-time ratios)%n",
          dirs[1], dirs[0], ParseBench.median(ratio));
    }
  }
}
