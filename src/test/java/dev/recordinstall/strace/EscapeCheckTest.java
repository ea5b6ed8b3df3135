package dev.recordinstall.strace;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The parser checks escaped strings eight bytes at a time and falls back to an exact scan for
 * anything unusual; strings are decoded later, on use. Both must agree, byte for byte and error for
 * error, with the straightforward decoder below on strings built to hit every case: runs of
 * one-digit escapes, three-digit and out-of-range octals, hex, letters, escaped quotes and
 * backslashes, quotes and escapes across word boundaries, unterminated strings and escapes.
 */
class EscapeCheckTest {

  /** Reference: decoded bytes of the string starting after the opening quote, or the error. */
  record Ref(byte[] bytes, int close, String error, int errorPos) {}

  static Ref reference(byte[] b, int s, int end) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    int i = s;
    while (true) {
      if (i >= end) return new Ref(null, -1, "unterminated string", s - 1);
      byte c = b[i];
      if (c == '"') return new Ref(out.toByteArray(), i, null, -1);
      if (c != '\\') {
        out.write(c);
        i++;
        continue;
      }
      if (i + 1 >= end) return new Ref(null, -1, "unterminated escape", i);
      byte d = b[i + 1];
      int letter = "ntrvfabe\"\\'?".indexOf(d);
      if (letter >= 0) {
        out.write(
            new byte[] {'\n', '\t', '\r', 0x0b, '\f', 0x07, '\b', 0x1b, '"', '\\', '\'', '?'}
                [letter]);
        i += 2;
      } else if (d >= '0' && d <= '7') {
        int v = 0;
        int j = i + 1;
        while (j < end && j < i + 4 && b[j] >= '0' && b[j] <= '7') v = v * 8 + (b[j++] - '0');
        if (v > 0xff) return new Ref(null, -1, "octal escape out of range", i);
        out.write(v);
        i = j;
      } else if (d == 'x') {
        int v = 0;
        int j = i + 2;
        while (j < end && j < i + 4 && Character.digit(b[j], 16) >= 0) {
          v = v * 16 + Character.digit(b[j++], 16);
        }
        if (j == i + 2) return new Ref(null, -1, "bad \\x escape", i);
        out.write(v);
        i = j;
      } else {
        return new Ref(null, -1, "unknown escape", i);
      }
    }
  }

  static final String[] PIECES = {
    "\\0", "\\0", "\\0", "\\0", "\\1", "\\2", "\\177", "\\377", "\\400", "\\777", "\\0224", "\\01",
    "\\12", "\\n", "\\t", "\\\"", "\\\\", "\\x41", "\\x4", "\\xg", "\\x", "\\8", "\\q", "\\", "\"",
    "a", "E", "LF", "0", "7", "9", "x", ">", "@", "\u00e9", " ", "..."
  };

  @Test
  void wordCheckAgreesWithTheReferenceOnRandomStrings() {
    Random r = new Random(ParserPropertyTest.SEED);
    int ok = 0;
    int bad = 0;
    for (int n = 0; n < 200_000; n++) {
      StringBuilder sb = new StringBuilder("\"");
      int pieces = r.nextInt(40);
      for (int k = 0; k < pieces; k++) {
        // mostly the pieces of binary data, so the eight-byte steps are exercised
        sb.append(r.nextInt(3) == 0 ? PIECES[r.nextInt(PIECES.length)] : PIECES[r.nextInt(8)]);
      }
      if (r.nextInt(8) != 0) sb.append('"');
      sb.append(r.nextBoolean() ? ", 832" : "");
      byte[] text = (sb + ")").getBytes(StandardCharsets.ISO_8859_1);
      Ref ref = reference(text, 1, text.length);
      ArgParser p = new ArgParser(Limits.defaults());
      p.reset(text, 0, text.length);
      String what = new String(text, StandardCharsets.ISO_8859_1);
      try {
        Arg a = p.expr(1);
        assertTrue(ref.error() == null, () -> what + ": expected " + ref.error());
        Arg.Str str = (Arg.Str) a;
        assertEquals(ref.bytes().length, str.length(), what);
        assertArrayEquals(ref.bytes(), str.bytes(), what);
        ok++;
      } catch (ArgParser.Failure f) {
        if (ref.error() != null) {
          assertTrue(f.getMessage().startsWith(ref.error()), () -> what + ": " + f.getMessage());
          assertEquals(ref.errorPos(), f.pos, what);
          bad++;
        } else {
          // the string itself is fine; what follows it may not be (a stray quote after it)
          assertTrue(f.pos > ref.close(), () -> what + ": " + f.getMessage() + " at " + f.pos);
        }
      }
    }
    assertTrue(ok > 50_000 && bad > 20_000, ok + " good, " + bad + " bad");
  }

  @Test
  void realBinaryBuffers() {
    for (String s :
        List.of(
            "\\177ELF\\2\\1\\1\\3\\0\\0\\0\\0\\0\\0\\0\\0\\3\\0>\\0\\1\\0\\0\\0P\\237\\2\\0\\0\\0\\0\\0@\\0\\0\\0",
            "\\0\\0\\0\\0\\0\\0\\0\\0\\0\\0\\0\\0\\0\\0\\0\\0\\0\\0\\0\\0\\0\\0\\0\\0",
            "\\0\\0\\0\\0\\0\\0\\0\\0\\0\\0\\0\\0\\0\\0\\0\\0\\0\\0\\0\\0\\0\\0\\0\\0001",
            "import re\\nx = \\\"\\\\\\\\d+\\\"\\n\\tpass\\n",
            "\\x2f\\x72\\x6f\\x6f\\x74\\x2f\\x2e\\x73\\x73\\x68")) {
      byte[] text = ("\"" + s + "\"..., 832)").getBytes(StandardCharsets.ISO_8859_1);
      Ref ref = reference(text, 1, text.length);
      ArgParser p = new ArgParser(Limits.defaults());
      p.reset(text, 0, text.length);
      Arg.Str str = (Arg.Str) p.expr(1);
      assertArrayEquals(ref.bytes(), str.bytes(), s);
      assertEquals(ref.bytes().length, str.length(), s);
      assertTrue(str.truncated(), s);
    }
  }
}
