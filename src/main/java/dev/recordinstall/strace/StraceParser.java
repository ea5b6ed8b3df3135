package dev.recordinstall.strace;

import java.io.IOException;
import java.io.InputStream;
import java.io.PushbackInputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.PriorityQueue;
import java.util.function.Consumer;
import java.util.zip.GZIPInputStream;

/**
 * Library entry points of the strace parser. Logs may be plain or gzip-compressed (detected by the
 * magic bytes). Every line becomes events; bad input becomes {@link TraceEvent.ParseError} events
 * (with file:line:column and the offending text), never an exception. Only opening a file can throw
 * ({@link IOException}, e.g. a missing file).
 *
 * <pre>{@code
 * Summary s = StraceParser.parse(Path.of("trace.log"), event -> ...);
 * Summary s = StraceParser.parseFiles(List.of(ffFiles...), event -> ...); // strace -ff -o
 * try (EventStream events = StraceParser.open(path)) { while (events.hasNext()) ... }
 * }</pre>
 */
public final class StraceParser {
  private StraceParser() {}

  /**
   * Counters of one parse: lines read, bytes read, events produced (parse errors included),
   * distinct pids, parse errors.
   */
  public record Summary(long lines, long bytes, long events, int processes, long errors) {}

  /** Parses one log file (pid from a numeric {@code .PID} suffix when lines carry none). */
  public static Summary parse(Path file, Consumer<? super TraceEvent> sink) throws IOException {
    return parseFiles(List.of(file), Limits.defaults(), sink);
  }

  /** Parses a stream labelled {@code label} in events and errors (plain or gzip). */
  public static Summary parse(InputStream in, String label, Consumer<? super TraceEvent> sink) {
    return parse(in, label, -1, Limits.defaults(), sink);
  }

  /**
   * Parses a stream; {@code defaultPid} (or -1) is the pid of lines that print none (the file of
   * one pid written by {@code -ff}).
   */
  public static Summary parse(
      InputStream in,
      String label,
      int defaultPid,
      Limits limits,
      Consumer<? super TraceEvent> sink) {
    try (EventStream events = open(in, label, defaultPid, limits)) {
      drain(events, sink);
      return events.summary();
    }
  }

  /**
   * Parses one file, or the per-pid files of {@code strace -ff -o PREFIX} (each named {@code
   * PREFIX.PID}): the events of several files are merged by time stamp when the lines have one
   * (else file by file), and an unfinished call is joined with its resume across files.
   */
  public static Summary parseFiles(List<Path> files, Consumer<? super TraceEvent> sink)
      throws IOException {
    return parseFiles(files, Limits.defaults(), sink);
  }

  public static Summary parseFiles(
      List<Path> files, Limits limits, Consumer<? super TraceEvent> sink) throws IOException {
    try (EventStream events = open(files, limits)) {
      drain(events, sink);
      return events.summary();
    }
  }

  /** A pull-based stream over one file. */
  public static EventStream open(Path file) throws IOException {
    return open(List.of(file), Limits.defaults());
  }

  /** A pull-based stream over one file or the merged per-pid files of {@code -ff}. */
  public static EventStream open(List<Path> files, Limits limits) throws IOException {
    return open(files, limits, null);
  }

  /**
   * As {@link #open(List, Limits)}, labelling events with each file's path relative to {@code
   * labelBase} (null: the path as given).
   */
  public static EventStream open(List<Path> files, Limits limits, Path labelBase)
      throws IOException {
    if (files.isEmpty()) throw new IllegalArgumentException("no files");
    Session session = new Session(limits);
    List<TraceReader> readers = new ArrayList<>();
    try {
      for (Path f : files) {
        readers.add(
            new TraceReader(
                decompress(Files.newInputStream(f)),
                labelBase == null ? f.toString() : labelBase.relativize(f).toString(),
                pidSuffix(f),
                session,
                files.size() == 1));
      }
    } catch (IOException | RuntimeException e) {
      for (TraceReader r : readers) r.close();
      throw e;
    }
    return readers.size() == 1 ? readers.get(0) : new Merged(readers, session);
  }

  /** A pull-based stream over an input stream (plain or gzip). */
  public static EventStream open(InputStream in, String label, int defaultPid, Limits limits) {
    InputStream data;
    try {
      data = decompress(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return new TraceReader(data, label, defaultPid, new Session(limits), true);
  }

  /** The pid in a {@code -ff} file name {@code PREFIX.PID} (also {@code PREFIX.PID.gz}), or -1. */
  public static int pidSuffix(Path file) {
    String name = file.getFileName() == null ? "" : file.getFileName().toString();
    if (name.endsWith(".gz")) name = name.substring(0, name.length() - 3);
    int dot = name.lastIndexOf('.');
    if (dot < 0 || dot == name.length() - 1 || name.length() - dot > 9) return -1;
    int v = 0;
    for (int i = dot + 1; i < name.length(); i++) {
      char c = name.charAt(i);
      if (c < '0' || c > '9') return -1;
      v = v * 10 + (c - '0');
    }
    return v > 0 && v <= Session.PID_MAX ? v : -1;
  }

  private static void drain(EventStream events, Consumer<? super TraceEvent> sink) {
    if (events instanceof TraceReader one) {
      one.drainTo(sink); // one file: events straight to the sink, no queue
      return;
    }
    while (events.hasNext()) sink.accept(events.next());
  }

  /** Buffers the stream and unwraps gzip when the first bytes are the gzip magic. */
  static InputStream decompress(InputStream raw) throws IOException {
    // no buffering layer: the reader reads 64 KiB at a time straight into its own buffer
    PushbackInputStream in = new PushbackInputStream(raw, 2);
    int b0 = in.read();
    int b1 = b0 < 0 ? -1 : in.read();
    if (b1 >= 0) in.unread(b1);
    if (b0 >= 0) in.unread(b0);
    if (b0 == 0x1f && b1 == 0x8b) {
      try {
        return new GZIPInputStream(in, 1 << 16);
      } catch (IOException e) {
        // a gzip header that is itself truncated or corrupt: report it as a read error
        return new FailingStream(e);
      }
    }
    return in;
  }

  /** A stream whose first read fails with the given error (becomes a ParseError). */
  private static final class FailingStream extends InputStream {
    private final IOException error;

    FailingStream(IOException error) {
      this.error = error;
    }

    @Override
    public int read() throws IOException {
      throw error;
    }
  }

  /** Merges the per-pid files of {@code -ff}, earliest time stamp first. */
  private static final class Merged implements EventStream {
    private final List<TraceReader> readers;
    private final Session session;
    private final PriorityQueue<Head> heads;
    private final java.util.ArrayDeque<TraceEvent> tail = new java.util.ArrayDeque<>();
    private boolean flushed;

    private record Head(TraceEvent event, int index) {}

    Merged(List<TraceReader> readers, Session session) {
      this.readers = readers;
      this.session = session;
      this.heads =
          new PriorityQueue<>(
              Comparator.<Head>comparingLong(h -> h.event().timeMicros())
                  .thenComparingInt(Head::index));
      for (int i = 0; i < readers.size(); i++) advance(i);
    }

    private void advance(int i) {
      TraceReader r = readers.get(i);
      if (r.hasNext()) heads.add(new Head(r.next(), i));
    }

    @Override
    public boolean hasNext() {
      if (!heads.isEmpty() || !tail.isEmpty()) return true;
      if (!flushed) {
        flushed = true;
        // unfinished calls still waiting at the end of all files
        TraceReader first = readers.get(0);
        first.flushAllPending();
        while (first.hasNext()) tail.add(first.next());
      }
      return !tail.isEmpty();
    }

    @Override
    public TraceEvent next() {
      if (!hasNext()) throw new NoSuchElementException();
      if (!heads.isEmpty()) {
        Head h = heads.poll();
        advance(h.index());
        return h.event();
      }
      return tail.poll();
    }

    @Override
    public StraceParser.Summary summary() {
      return session.summary();
    }

    @Override
    public void close() {
      for (TraceReader r : readers) r.close();
    }
  }
}
