package dev.recordinstall.strace;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Time by kind of line (a command, not a test): parses LOG, held in memory, through the pull API 10
 * times to warm up and then ROUNDS times, timing each event with {@code System.nanoTime()}, and
 * prints, per syscall name, the share of the time and the nanoseconds per event (the median of each
 * event over the rounds, summed). Each figure includes ~20-40 ns of the clock itself, and an
 * unfinished call's line is charged to the event that follows it. It tells which kinds of line the
 * time goes to, which the instruction counts of scripts/bench-instructions do not (a line parsed
 * moments after one like it runs at a much higher rate of instructions per cycle).
 *
 * <p>Usage: {@code java -cp target/classes:target/test-classes dev.recordinstall.strace.LineTimes
 * target/bench/django.strace 15}
 */
public final class LineTimes {
  private LineTimes() {}

  public static void main(String[] args) throws IOException {
    int rounds =
        args.length == 2 && args[1].matches("[1-9][0-9]{0,3}") ? Integer.parseInt(args[1]) : 0;
    if (rounds == 0) {
      System.err.println(
          "usage: LineTimes LOG ROUNDS   (ROUNDS: 1-9999 timed parses after 10 of warm-up)");
      System.exit(2);
    }
    byte[] log;
    try {
      log = Files.readAllBytes(Path.of(args[0]));
    } catch (NoSuchFileException e) {
      System.err.println(
          "LineTimes: " + args[0] + " does not exist (scripts/bench-parse records the django log)");
      System.exit(2);
      return;
    }
    int warm = 10;
    List<String> kinds = new ArrayList<>();
    long[][] nanos = null;
    for (int r = 0; r < warm + rounds; r++) {
      try (EventStream events =
          StraceParser.open(new ByteArrayInputStream(log), "log", -1, Limits.defaults())) {
        int i = 0;
        long before = System.nanoTime();
        while (events.hasNext()) {
          TraceEvent e = events.next();
          long after = System.nanoTime();
          if (r == 0) kinds.add(kind(e));
          else if (r >= warm) nanos[r - warm][i] = after - before;
          i++;
          before = System.nanoTime();
        }
        if (r == 0) nanos = new long[rounds][i];
      }
    }
    int n = kinds.size();
    Map<String, double[]> byKind = new HashMap<>(); // kind -> {nanoseconds, events}
    double total = 0;
    double[] column = new double[rounds];
    for (int i = 0; i < n; i++) {
      for (int r = 0; r < rounds; r++) column[r] = nanos[r][i];
      double median = ParseBench.median(column);
      total += median;
      double[] k = byKind.computeIfAbsent(kinds.get(i), x -> new double[2]);
      k[0] += median;
      k[1]++;
    }
    System.out.printf(
        "%s: %d events, %.1f ms (sum of the per-event medians of %d rounds), %.0f ns per event%n",
        args[0], n, total / 1e6, rounds, total / n);
    double all = total;
    byKind.entrySet().stream()
        .sorted((a, b) -> Double.compare(b.getValue()[0], a.getValue()[0]))
        .limit(20)
        .forEach(
            en ->
                System.out.printf(
                    "  %-16s %7.0f events %5.1f%% of the time %6.0f ns per event%n",
                    en.getKey(),
                    en.getValue()[1],
                    100 * en.getValue()[0] / all,
                    en.getValue()[0] / en.getValue()[1]));
  }

  private static String kind(TraceEvent e) {
    if (e instanceof TraceEvent.Syscall sc) return sc.name() + (sc.resumed() ? " (resumed)" : "");
    return e.getClass().getSimpleName();
  }
}
