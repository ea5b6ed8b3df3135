package dev.recordinstall.strace;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/** Word-at-a-time (SWAR) byte searches for the hot loops of the reader. */
final class Bytes {
  private Bytes() {}

  private static final VarHandle LONGS =
      MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
  private static final long ONES = 0x0101010101010101L;
  private static final long HIGHS = 0x8080808080808080L;

  /**
   * 0x80 in every byte of {@code x} that is zero, 0 in the others. Exact in every byte (no borrow
   * runs into the next one), unlike the cheaper test of the searches below, which is only right up
   * to the first match.
   */
  static long zeroBytes(long x) {
    return ~(((x & ~HIGHS) + ~HIGHS) | x) & HIGHS;
  }

  /** First index of {@code c} in {@code b[from, to)}, or -1. */
  static int indexOf(byte[] b, int from, int to, byte c) {
    long pattern = (c & 0xffL) * ONES;
    int i = from;
    // four words per step, one branch for all (the newline search: lines are ~230 bytes)
    for (; i + 32 <= to; i += 32) {
      long w0 = (long) LONGS.get(b, i) ^ pattern;
      long w1 = (long) LONGS.get(b, i + 8) ^ pattern;
      long w2 = (long) LONGS.get(b, i + 16) ^ pattern;
      long w3 = (long) LONGS.get(b, i + 24) ^ pattern;
      long t0 = (w0 - ONES) & ~w0;
      long t1 = (w1 - ONES) & ~w1;
      long t2 = (w2 - ONES) & ~w2;
      long t3 = (w3 - ONES) & ~w3;
      if (((t0 | t1 | t2 | t3) & HIGHS) != 0) {
        // the first word with a match; its lowest flagged byte is exact
        t0 &= HIGHS;
        if (t0 != 0) return i + (Long.numberOfTrailingZeros(t0) >>> 3);
        t1 &= HIGHS;
        if (t1 != 0) return i + 8 + (Long.numberOfTrailingZeros(t1) >>> 3);
        t2 &= HIGHS;
        if (t2 != 0) return i + 16 + (Long.numberOfTrailingZeros(t2) >>> 3);
        return i + 24 + (Long.numberOfTrailingZeros(t3 & HIGHS) >>> 3);
      }
    }
    for (; i + 8 <= to; i += 8) {
      long w = (long) LONGS.get(b, i) ^ pattern;
      long t = (w - ONES) & ~w & HIGHS;
      if (t != 0) return i + (Long.numberOfTrailingZeros(t) >>> 3);
    }
    for (; i < to; i++) {
      if (b[i] == c) return i;
    }
    return -1;
  }

  /** First index of {@code c} or {@code d} in {@code b[from, to)}, or {@code to}. */
  static int indexOfEither(byte[] b, int from, int to, byte c, byte d) {
    long pc = (c & 0xffL) * ONES;
    long pd = (d & 0xffL) * ONES;
    int i = from;
    for (; i + 8 <= to; i += 8) {
      long v = (long) LONGS.get(b, i);
      long w = v ^ pc;
      long x = v ^ pd;
      long t = ((w - ONES) & ~w | (x - ONES) & ~x) & HIGHS;
      if (t != 0) return i + (Long.numberOfTrailingZeros(t) >>> 3);
    }
    for (; i < to; i++) {
      if (b[i] == c || b[i] == d) return i;
    }
    return to;
  }

  /**
   * First index in {@code b[from, to)} of any of the three bytes {@code < > \}, or {@code to}: the
   * characters that end the fast path of a path decoration ({@code [} means nothing in a path).
   */
  static int indexOfPathSpecial(byte[] b, int from, int to) {
    final long lt = '<' * ONES;
    final long gt = '>' * ONES;
    final long bs = '\\' * ONES;
    int i = from;
    for (; i + 8 <= to; i += 8) {
      long v = (long) LONGS.get(b, i);
      long w = v ^ lt;
      long x = v ^ gt;
      long z = v ^ bs;
      long t = ((w - ONES) & ~w | (x - ONES) & ~x | (z - ONES) & ~z) & HIGHS;
      if (t != 0) return i + (Long.numberOfTrailingZeros(t) >>> 3);
    }
    for (; i < to; i++) {
      byte c = b[i];
      if (c == '<' || c == '>' || c == '\\') return i;
    }
    return to;
  }

  /**
   * First index in {@code b[from, to)} of any of {@code } { " [ (}, or {@code to}: where a struct
   * ends, unless something not flat comes first.
   */
  static int indexOfStructEnd(byte[] b, int from, int to) {
    int i = from;
    for (; i + 8 <= to; i += 8) {
      long v = (long) LONGS.get(b, i);
      long t1 = v ^ ('}' * ONES);
      long t2 = v ^ ('{' * ONES);
      long t3 = v ^ ('"' * ONES);
      long t4 = v ^ ('[' * ONES);
      long t5 = v ^ ('(' * ONES);
      long t =
          ((t1 - ONES) & ~t1
                  | (t2 - ONES) & ~t2
                  | (t3 - ONES) & ~t3
                  | (t4 - ONES) & ~t4
                  | (t5 - ONES) & ~t5)
              & HIGHS;
      if (t != 0) return i + (Long.numberOfTrailingZeros(t) >>> 3);
    }
    for (; i < to; i++) {
      byte c = b[i];
      if (c == '}' || c == '{' || c == '"' || c == '[' || c == '(') return i;
    }
    return to;
  }

  static final long K1 = 0x9E3779B97F4A7C15L;
  static final long K2 = 0xC2B2AE3D27D4EB4FL;
  static final long K3 = 0x165667B19E3779F9L;
  static final long K4 = 0xD6E8FEB86659FD93L;

  /** The 8 bytes at {@code i} as a little-endian word. */
  static long word(byte[] b, int i) {
    return (long) LONGS.get(b, i);
  }

  /** Whether the 8 bytes of a little-endian word are all ASCII digits. */
  static boolean eightDigits(long w) {
    return ((w & 0xF0F0F0F0F0F0F0F0L) | (((w + 0x0606060606060606L) & 0xF0F0F0F0F0F0F0F0L) >>> 4))
        == 0x3333333333333333L;
  }

  /** The value of 8 ASCII digits in a little-endian word (first digit in the lowest byte). */
  static long parseEightDigits(long w) {
    long v = w - 0x3030303030303030L;
    v = (v * 10) + (v >>> 8);
    v =
        (((v & 0x000000FF000000FFL) * 0x000F424000000064L)
                + (((v >>> 16) & 0x000000FF000000FFL) * 0x0000271000000001L))
            >>> 32;
    return v;
  }

  /** The bytes of {@code b[s, e)} (fewer than 8) as a little-endian word, zero above them. */
  static long shortWord(byte[] b, int s, int e) {
    int n = e - s;
    if (s + 8 <= b.length) return (long) LONGS.get(b, s) & ((1L << (n << 3)) - 1);
    long w = 0;
    for (int i = e - 1; i >= s; i--) w = (w << 8) | (b[i] & 0xff);
    return w;
  }

  /**
   * A cheap hash of {@code b[s, e)} for the direct-mapped caches: the length, the first, middle and
   * last two words (strings shorter than 8 bytes as one word). Independent multiplies, no serial
   * chain over every byte; equal ranges give equal hashes, and the caches compare the bytes anyway.
   */
  static int hash(byte[] b, int s, int e) {
    int n = e - s;
    long h;
    if (n >= 8) {
      long w0 = (long) LONGS.get(b, s);
      long w1 = (long) LONGS.get(b, e - 8);
      long w2 = (long) LONGS.get(b, s + ((n - 8) >>> 1));
      long w3 = n >= 16 ? (long) LONGS.get(b, e - 16) : 0;
      h = w0 * K1 ^ w1 * K2 ^ w2 * K3 ^ w3 * K4 ^ n;
    } else {
      h = (shortWord(b, s, e) ^ n) * K1;
    }
    h ^= h >>> 29;
    h *= K2;
    return (int) (h ^ (h >>> 32));
  }
}
