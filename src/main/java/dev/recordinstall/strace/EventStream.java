package dev.recordinstall.strace;

import java.util.Iterator;

/**
 * A pull-based stream of trace events (one log file, or the merged per-pid files of {@code -ff}).
 * {@link #next()} never throws for bad input: bad input arrives as {@link TraceEvent.ParseError}
 * events. Close it to release the file.
 */
public interface EventStream extends Iterator<TraceEvent>, AutoCloseable {
  /** Counters so far (complete once {@link #hasNext()} returned false). */
  StraceParser.Summary summary();

  @Override
  void close();
}
