package dev.recordinstall.strace;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Parser benchmark (a command that prints figures, run by scripts/bench-parse; not a test).
 *
 * <p>Usage: {@code ParseBench REAL_LOG SYNTHETIC_LOG SYNTHETIC_MB RUNS}
 */
public final class ParseBench {
  private ParseBench() {}

  static long sink;

  public static void main(String[] args) throws IOException {
    Path real = Path.of(args[0]);
    Path synth = Path.of(args[1]);
    long synthMb = Long.parseLong(args[2]);
    int runs = Integer.parseInt(args[3]);
    long size = Files.size(real);
    System.out.printf(
        "java %s, %d cpus, max heap %d MB, load average %.2f (the host's speed moves with its"
            + " load: compare figures with the baseline of the same run)%n",
        System.getProperty("java.version"),
        Runtime.getRuntime().availableProcessors(),
        Runtime.getRuntime().maxMemory() >> 20,
        ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());

    // 1. warm-up (parser and baseline), then RUNS rounds, each timing the baseline (line splitting
    // only) and one full parse back to back, so both see the same machine state; medians reported
    for (int i = 0; i < 10; i++) parse(real);
    for (int i = 0; i < 3; i++) scanLines(real);
    java.lang.management.ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    com.sun.management.ThreadMXBean allocs = (com.sun.management.ThreadMXBean) threads;
    resetPeaks();
    StraceParser.Summary s = null;
    double[] wall = new double[runs];
    double[] cpu = new double[runs];
    double[] scanWall = new double[runs];
    double[] scanCpu = new double[runs];
    long allocated = 0;
    for (int i = 0; i < runs; i++) {
      long c = threads.getCurrentThreadCpuTime();
      long t = System.nanoTime();
      scanLines(real);
      scanWall[i] = (System.nanoTime() - t) / 1e9;
      scanCpu[i] = (threads.getCurrentThreadCpuTime() - c) / 1e9;
      long a = allocs.getCurrentThreadAllocatedBytes();
      c = threads.getCurrentThreadCpuTime();
      t = System.nanoTime();
      s = parse(real);
      wall[i] = (System.nanoTime() - t) / 1e9;
      cpu[i] = (threads.getCurrentThreadCpuTime() - c) / 1e9;
      allocated += allocs.getCurrentThreadAllocatedBytes() - a;
    }
    double[] ratio = new double[runs];
    for (int i = 0; i < runs; i++) ratio[i] = cpu[i] / scanCpu[i];
    long lines = s.lines();
    System.out.printf(
        "%s: %d lines, %.1f MB, %d events, %d processes, %d parse errors%n",
        real, lines, size / 1e6, s.events(), s.processes(), s.errors());
    System.out.printf(
        "parse, wall (median of %d after warm-up): %.0f ms = %,.0f lines/s, %.0f MB/s (best %,.0f"
            + " lines/s)%n",
        runs,
        median(wall) * 1000,
        lines / median(wall),
        size / 1e6 / median(wall),
        lines / min(wall));
    System.out.printf(
        "parse per CPU second of the parsing thread (median; the machine is shared): %,.0f lines/s,"
            + " %.0f MB/s (best %,.0f lines/s)%n",
        lines / median(cpu), size / 1e6 / median(cpu), lines / min(cpu));
    System.out.printf(
        "baseline, line splitting only (median): %,.0f lines/s, %.0f MB/s wall; %,.0f lines/s per"
            + " CPU second; parse takes %.2fx the CPU time of the baseline (median of the per-round"
            + " ratios)%n",
        lines / median(scanWall),
        size / 1e6 / median(scanWall),
        lines / median(scanCpu),
        median(ratio));
    System.out.printf("peak heap during the parses: %d MB%n", peakHeap() >> 20);
    System.out.printf(
        "allocated by the parsing thread: %.0f bytes per line (deterministic, unlike the"
            + " timings on a shared machine)%n",
        (double) allocated / runs / lines);

    // 2. strings with escapes are decoded on first use, which the parse above never asks for (the
    // model reads few of them: socket payloads, the first bytes written to a file); the same
    // rounds again with every string decoded show what a consumer that reads them all pays
    double[] decodeCpu = new double[runs];
    for (int i = 0; i < runs; i++) {
      long c = threads.getCurrentThreadCpuTime();
      parseDecodingAll(real);
      decodeCpu[i] = (threads.getCurrentThreadCpuTime() - c) / 1e9;
    }
    System.out.printf(
        "parse and decode every string (median): %,.0f lines per CPU second%n",
        lines / median(decodeCpu));

    // 3. synthetic log of ~synthMb MB, streamed to disk, then parsed with the same heap
    if (synthMb > 0) {
      generate(real, synth, synthMb << 20);
      long synthSize = Files.size(synth);
      resetPeaks();
      long[] count = {0};
      long step = 500_000;
      long c0 = ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime();
      long t = System.nanoTime();
      System.out.printf(
          "parsing %s (%.0f MB); heap live after GC every %,d events:%n",
          synth, synthSize / 1e6, step);
      StringBuilder samples = new StringBuilder();
      StraceParser.Summary ss =
          StraceParser.parse(
              synth,
              e -> {
                sink += e.pid();
                if (++count[0] % step == 0) samples.append(" ").append(liveAfterGc() >> 10);
              });
      double sec = (System.nanoTime() - t) / 1e9;
      double synthCpu = (ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime() - c0) / 1e9;
      System.out.printf("  live KB:%s%n", samples);
      System.out.printf(
          "  %,.0f lines per CPU second of the parsing thread%n", ss.lines() / synthCpu);
      System.out.printf(
          "synthetic: %,d lines, %d events/%d errors in %.1f s = %,.0f lines/s, %.0f MB/s; peak heap %d MB (max %d MB)%n",
          ss.lines(),
          ss.events(),
          ss.errors(),
          sec,
          ss.lines() / sec,
          synthSize / 1e6 / sec,
          peakHeap() >> 20,
          Runtime.getRuntime().maxMemory() >> 20);
    }
    if (sink == 42) System.out.println();
  }

  static double median(double[] v) {
    double[] c = v.clone();
    java.util.Arrays.sort(c);
    int n = c.length;
    return n % 2 == 1 ? c[n / 2] : (c[n / 2 - 1] + c[n / 2]) / 2;
  }

  static double min(double[] v) {
    double m = Double.MAX_VALUE;
    for (double x : v) m = Math.min(m, x);
    return m;
  }

  static StraceParser.Summary parse(Path p) throws IOException {
    return StraceParser.parse(p, ParseBench::consume);
  }

  /** What the timed parses do with each event (also ParseLoop's): touch it, so none is dropped. */
  static void consume(TraceEvent e) {
    sink += e.pid();
    if (e instanceof TraceEvent.Syscall sc) sink += sc.args().size();
  }

  static void parseDecodingAll(Path p) throws IOException {
    StraceParser.parse(
        p,
        e -> {
          if (e instanceof TraceEvent.Syscall sc) for (Arg a : sc.args()) decodeAll(a);
        });
  }

  static void decodeAll(Arg a) {
    if (a instanceof Arg.Str s) sink += s.bytes().length;
    else if (a instanceof Arg.Named n) decodeAll(n.value());
    else if (a instanceof Arg.Array arr) for (Arg x : arr.items()) decodeAll(x);
    else if (a instanceof Arg.Struct st) for (Arg.Field f : st.fields()) decodeAll(f.value());
    else if (a instanceof Arg.Call c) for (Arg x : c.args()) decodeAll(x);
  }

  static void scanLines(Path p) throws IOException {
    try (var in = Files.newInputStream(p)) {
      byte[] buf = new byte[1 << 16];
      int n;
      long lines = 0;
      while ((n = in.read(buf)) > 0) {
        for (int i = 0; i < n; i++) if (buf[i] == '\n') lines++;
      }
      sink += lines;
    }
  }

  /** Repeats the real log's lines with pids shifted per repetition (valid, distinct pids). */
  static void generate(Path real, Path out, long bytes) throws IOException {
    if (Files.exists(out) && Math.abs(Files.size(out) - bytes) < bytes / 10) {
      System.out.printf("reusing %s%n", out);
      return;
    }
    List<String> lines = Files.readAllLines(real, java.nio.charset.StandardCharsets.ISO_8859_1);
    long size = Files.size(real);
    int reps = (int) Math.max(1, (bytes + size - 1) / size);
    int shift = Math.max(1, 4_000_000 / reps);
    Path tmp = out.resolveSibling(out.getFileName() + ".tmp");
    try (OutputStream o = new BufferedOutputStream(Files.newOutputStream(tmp), 1 << 20)) {
      for (int k = 0; k < reps; k++) {
        int add = k * shift;
        for (String line : lines) {
          int sp = line.indexOf(' ');
          if (sp > 0 && sp <= 8) {
            int pid = Integer.parseInt(line.substring(0, sp));
            o.write(Integer.toString(Math.min(4_194_304, pid % shift + 1 + add)).getBytes());
            o.write(line.substring(sp).getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
          } else {
            o.write(line.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
          }
          o.write('\n');
        }
      }
    }
    Files.move(tmp, out, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    System.out.printf("generated %s: %d repetitions of %s%n", out, reps, real.getFileName());
  }

  static void resetPeaks() {
    for (MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans()) p.resetPeakUsage();
  }

  static long peakHeap() {
    long sum = 0;
    for (MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans()) {
      if (p.getType() == MemoryType.HEAP) sum += p.getPeakUsage().getUsed();
    }
    return sum;
  }

  /** Heap in use right after the last collection of each pool (the live set). */
  static long liveAfterGc() {
    long sum = 0;
    for (MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans()) {
      if (p.getType() == MemoryType.HEAP && p.getCollectionUsage() != null) {
        sum += p.getCollectionUsage().getUsed();
      }
    }
    return sum;
  }
}
