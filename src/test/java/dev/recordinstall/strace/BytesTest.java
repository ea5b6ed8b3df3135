package dev.recordinstall.strace;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The word-at-a-time searches of {@link Bytes} against plain byte loops: every start, every end and
 * every position of the byte sought (the four-word step of the newline search, its word step and
 * its byte tail), with the other bytes random, near misses (0x0b, 0x09, 0x8a) and matches repeated
 * after the first.
 */
class BytesTest {

  static int naiveIndexOf(byte[] b, int from, int to, byte c) {
    for (int i = from; i < to; i++) if (b[i] == c) return i;
    return -1;
  }

  @Test
  void indexOfFindsTheFirstMatchAtEveryOffset() {
    Random r = new Random(7);
    byte[] noise = {'a', 0x0b, 0x09, (byte) 0x8a, 0, (byte) 0xff, (byte) ('\n' ^ 0x80), ' '};
    int checked = 0;
    for (int round = 0; round < 400; round++) {
      byte[] b = new byte[1 + r.nextInt(140)];
      for (int i = 0; i < b.length; i++) b[i] = noise[r.nextInt(noise.length)];
      int matches = r.nextInt(4);
      for (int m = 0; m < matches; m++) b[r.nextInt(b.length)] = '\n';
      for (int from = 0; from <= b.length; from++) {
        for (int to = from; to <= b.length; to += 1 + r.nextInt(5)) {
          assertEquals(
              naiveIndexOf(b, from, to, (byte) '\n'),
              Bytes.indexOf(b, from, to, (byte) '\n'),
              "from " + from + " to " + to + " of " + b.length);
          checked++;
        }
      }
    }
    assertEquals(true, checked > 100_000, "checked " + checked);
  }

  static int naiveIndexOfAny(byte[] b, int from, int to, String set) {
    for (int i = from; i < to; i++) if (set.indexOf(b[i] & 0xff) >= 0) return i;
    return to;
  }

  @Test
  void pathAndStructSearchesFindTheFirstSpecialByte() {
    Random r = new Random(11);
    byte[] noise = {'a', '/', '=', ';', '?', '|', (byte) 0xbc, (byte) 0xbe, (byte) 0xdc, ']', ' '};
    String specials = "<>\\}{\"[(";
    int checked = 0;
    for (int round = 0; round < 300; round++) {
      byte[] b = new byte[1 + r.nextInt(120)];
      for (int i = 0; i < b.length; i++) b[i] = noise[r.nextInt(noise.length)];
      int matches = r.nextInt(4);
      for (int m = 0; m < matches; m++) {
        b[r.nextInt(b.length)] = (byte) specials.charAt(r.nextInt(specials.length()));
      }
      for (int from = 0; from <= b.length; from++) {
        for (int to = from; to <= b.length; to += 1 + r.nextInt(5)) {
          String at = "from " + from + " to " + to + " of " + b.length;
          assertEquals(
              naiveIndexOfAny(b, from, to, "<>\\"), Bytes.indexOfPathSpecial(b, from, to), at);
          assertEquals(
              naiveIndexOfAny(b, from, to, "}{\"[("), Bytes.indexOfStructEnd(b, from, to), at);
          assertEquals(
              naiveIndexOfAny(b, from, to, "\"\\"),
              Bytes.indexOfEither(b, from, to, (byte) '"', (byte) '\\'),
              at);
          checked++;
        }
      }
    }
    assertEquals(true, checked > 50_000, "checked " + checked);
  }
}
