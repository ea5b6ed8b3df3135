package dev.recordinstall.strace;

import java.util.Arrays;
import java.util.List;

/**
 * The parsed form of recent complete syscall lines, by the bytes of their body (from the syscall
 * name to the end of the line, after the pid and time stamp). A body that comes again gives the
 * same name, arguments, return and duration, so its parse is skipped: a third of the lines of a
 * {@code pip install} trace repeat one seen shortly before ({@code lseek(3</x.pyc>, 0, SEEK_CUR) =
 * 0} twice per module, the same {@code newfstatat} probes of {@code sys.path} for every import).
 *
 * <p>Sound because the parse of a body depends on its bytes alone: the argument and return parsers
 * look no further than the line's range, and the value caches they consult change which objects
 * come back, never their values. Only bodies that parsed without error are kept, so a hit never
 * hides a parse error. The values are immutable and shared, as the value caches already share them
 * (an {@link Arg.Str}'s bytes must not be modified).
 *
 * <p>Direct-mapped, {@link #SLOTS} slots of up to {@link #MAX_BODY} bytes, each slot's key buffer
 * allocated once and overwritten in place: a miss allocates nothing. One per trace ({@link
 * Session}), used one line at a time.
 */
final class LineMemo {
  static final int SLOTS = 128;
  static final int MAX_BODY = 256;

  /** One remembered body and its parse; overwritten when another body takes the slot. */
  static final class Entry {
    final byte[] key = new byte[MAX_BODY];
    int len = -1;
    String name;
    List<Arg> args;
    TraceEvent.Return ret;
    long duration;
  }

  private final Entry[] slots = new Entry[SLOTS];

  /** The slot of {@code b[s, e)}, or -1 when the body is too long to be kept. */
  static int slot(byte[] b, int s, int e) {
    return e - s > MAX_BODY ? -1 : Bytes.hash(b, s, e) & (SLOTS - 1);
  }

  /** The entry in {@code slot} when it holds {@code b[s, e)}, else null. */
  Entry find(int slot, byte[] b, int s, int e) {
    Entry en = slots[slot];
    int n = e - s;
    return en != null && en.len == n && Arrays.equals(en.key, 0, n, b, s, e) ? en : null;
  }

  /** Remembers the parse of {@code b[s, e)} in {@code slot} (from {@link #slot}). */
  void put(
      int slot,
      byte[] b,
      int s,
      int e,
      String name,
      List<Arg> args,
      TraceEvent.Return ret,
      long duration) {
    Entry en = slots[slot];
    if (en == null) slots[slot] = en = new Entry();
    System.arraycopy(b, s, en.key, 0, e - s);
    en.len = e - s;
    en.name = name;
    en.args = args;
    en.ret = ret;
    en.duration = duration;
  }
}
