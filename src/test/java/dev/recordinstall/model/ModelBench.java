package dev.recordinstall.model;

import dev.recordinstall.modeljson.ModelFiles;
import dev.recordinstall.strace.TraceEvent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;

/**
 * Benchmark (prints figures, asserts nothing): parse-only vs parse + model over the same log,
 * interleaved in one JVM after warm-up, plus the model pass alone over pre-parsed events. Run by
 * {@code scripts/bench-model LOG}.
 */
public final class ModelBench {
  private ModelBench() {}

  static final ModelFiles.EventReader READER = TestTraces.READER;

  public static void main(String[] args) throws Exception {
    Path log = Path.of(args.length > 0 ? args[0] : "target/django.strace");
    int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 15;
    if (!Files.isRegularFile(log)) {
      System.err.println("bench: no log at " + log + " (record one, see docs/model.md)");
      System.exit(2);
    }
    long[] count = new long[1];
    Consumer<TraceEvent> counter = e -> count[0]++;
    for (int i = 0; i < 3; i++) { // warm-up
      READER.read(log, counter);
      ModelBuilder b = ModelBuilder.create(null);
      READER.read(log, b::accept);
      b.finish();
    }
    long[] parse = new long[rounds];
    long[] both = new long[rounds];
    BehaviorModel m = null;
    for (int r = 0; r < rounds; r++) {
      count[0] = 0;
      long t0 = System.nanoTime();
      READER.read(log, counter);
      parse[r] = System.nanoTime() - t0;
      t0 = System.nanoTime();
      ModelBuilder b = ModelBuilder.create(null);
      READER.read(log, b::accept);
      m = b.finish();
      both[r] = System.nanoTime() - t0;
    }
    List<TraceEvent> events = new ArrayList<>();
    READER.read(log, events::add);
    long[] alone = new long[rounds];
    for (int r = 0; r < rounds; r++) {
      long t0 = System.nanoTime();
      ModelBuilder.build(null, events);
      alone[r] = System.nanoTime() - t0;
    }
    long lines;
    try (var s = Files.lines(log, java.nio.charset.StandardCharsets.ISO_8859_1)) {
      lines = s.count();
    }
    double p = median(parse) / 1e6;
    double pb = median(both) / 1e6;
    double a = median(alone) / 1e6;
    System.out.printf(
        "log %s: %d lines, %d events, %d processes, %d activities%n",
        log, lines, count[0], m.processes().size(), m.activities().size());
    System.out.printf("parse only        median %8.1f ms (min %.1f)%n", p, min(parse) / 1e6);
    System.out.printf("parse + model     median %8.1f ms (min %.1f)%n", pb, min(both) / 1e6);
    System.out.printf(
        "model alone       median %8.1f ms (min %.1f), %.0f ns/event%n",
        a, min(alone) / 1e6, median(alone) / (double) count[0]);
    long[] paired = new long[rounds];
    for (int r = 0; r < rounds; r++) paired[r] = Math.round(1e4 * (both[r] - parse[r]) / parse[r]);
    System.out.printf(
        "paired rounds: model adds median %.1f%% (each round: parse+model vs the"
            + " parse-only run just before it)%n",
        median(paired) / 100.0);
    System.out.printf(
        "model adds %.1f%% to parse time (parse+model vs parse, medians);"
            + " model alone / parse = %.1f%%%n",
        100 * (pb - p) / p, 100 * a / p);
  }

  static double median(long[] v) {
    long[] c = v.clone();
    Arrays.sort(c);
    return c[c.length / 2];
  }

  static double min(long[] v) {
    return Arrays.stream(v).min().orElse(0);
  }
}
