package dev.recordinstall.strace;

/**
 * Explicit bounds on the parser's work. Anything over a bound becomes a {@link
 * TraceEvent.ParseError} (never an exception, never a silent drop).
 *
 * @param maxLineBytes longest log line accepted (bytes, without the newline)
 * @param maxDepth deepest nesting of arrays/structs/calls in one argument tree
 * @param maxStringBytes longest decoded string literal or fd decoration (bytes)
 * @param maxArgs most arguments (or items, or fields) in one list
 * @param maxPending most {@code <unfinished ...>} calls waiting for their {@code <... resumed>} at
 *     the same time (one per pid at most; this bounds memory for hostile logs)
 * @param maxErrorText how much of an offending line a ParseError keeps (chars)
 */
public record Limits(
    int maxLineBytes,
    int maxDepth,
    int maxStringBytes,
    int maxArgs,
    int maxPending,
    int maxErrorText) {

  /** 1 MiB lines, depth 64, 1 MiB strings, 65536 items per list, 65536 in-flight calls. */
  public static Limits defaults() {
    return new Limits(1 << 20, 64, 1 << 20, 65536, 65536, 512);
  }

  public Limits {
    if (maxLineBytes < 64
        || maxDepth < 2
        || maxStringBytes < 16
        || maxArgs < 8
        || maxPending < 1
        || maxErrorText < 16) {
      throw new IllegalArgumentException("limits too small");
    }
  }
}
