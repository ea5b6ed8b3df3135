package dev.recordinstall.strace;

/**
 * strace's string escapes ({@code \n \t \r \v \f \a \b \e \" \\ \' \?}, octal {@code \0}..{@code
 * \377} with one to three digits, hex {@code \xNN} with one or two) as tables for the parser's
 * check and the lazy decoder of {@link Arg.Str}.
 */
final class Escapes {
  private Escapes() {}

  /** 1 + the byte of the one-letter escapes, else 0. */
  static final byte[] SIMPLE = new byte[256];

  /** What follows a backslash: {@link #BAD}, {@link #LETTER}, {@link #OCTAL}, {@link #HEX}. */
  static final byte[] KIND = new byte[256];

  /** 1 for the octal digits, else 0. */
  static final byte[] OCT = new byte[256];

  /** 1 for the hex digits, else 0. */
  static final byte[] HEXD = new byte[256];

  static final byte BAD = 0;
  static final byte LETTER = 1;
  static final byte OCTAL = 2;
  static final byte HEX = 3;

  static {
    String letters = "ntrvfabe\"\\'?";
    byte[] values = {'\n', '\t', '\r', 0x0b, '\f', 0x07, '\b', 0x1b, '"', '\\', '\'', '?'};
    for (int i = 0; i < values.length; i++) {
      SIMPLE[letters.charAt(i)] = (byte) (values[i] + 1);
      KIND[letters.charAt(i)] = LETTER;
    }
    for (int c = '0'; c <= '7'; c++) {
      OCT[c] = 1;
      KIND[c] = OCTAL;
    }
    KIND['x'] = HEX;
    for (int c = 0; c < 256; c++) {
      if ((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F')) HEXD[c] = 1;
    }
  }

  /**
   * Decodes escaped text that the parser checked (every escape complete and valid) into its {@code
   * length} bytes. Never throws: anything the check would have refused is copied as it is.
   *
   * <p>Sample text: {@code \177ELF\2\1\1\3\0\0\0\0\0\0\0\0\3\0>\0\1\0\0\0} (from {@code
   * read(3</usr/lib/x86_64-linux-gnu/libc.so.6>, "\177ELF\2\1\1\3\0..."..., 832) = 832}).
   */
  static byte[] decode(byte[] t, int length) {
    byte[] out = new byte[length];
    int n = 0;
    int i = 0;
    int e = t.length;
    while (i < e && n < length) {
      byte c = t[i];
      if (c != '\\' || i + 1 >= e) {
        out[n++] = c;
        i++;
        continue;
      }
      if (i + 8 < e && n + 4 <= length) {
        // four one-digit octal escapes in a row ("\0\0\0\0"), as the parser's check takes them
        long w = Bytes.word(t, i);
        if ((w & 0x00FF00FF00FF00FFL) == 0x005C005C005C005CL
            && (w & 0xF800F800F800F800L) == 0x3000300030003000L
            && OCT[t[i + 8] & 0xff] == 0) {
          out[n] = (byte) (t[i + 1] - '0');
          out[n + 1] = (byte) (t[i + 3] - '0');
          out[n + 2] = (byte) (t[i + 5] - '0');
          out[n + 3] = (byte) (t[i + 7] - '0');
          n += 4;
          i += 8;
          continue;
        }
      }
      int d = t[i + 1] & 0xff;
      switch (KIND[d]) {
        case OCTAL:
          {
            int v = d - '0';
            int j = i + 2;
            if (j < e && OCT[t[j] & 0xff] != 0) {
              v = (v << 3) | (t[j++] - '0');
              if (j < e && OCT[t[j] & 0xff] != 0) v = (v << 3) | (t[j++] - '0');
            }
            out[n++] = (byte) v;
            i = j;
            break;
          }
        case HEX:
          {
            int v = 0;
            int j = i + 2;
            while (j < e && j < i + 4 && HEXD[t[j] & 0xff] != 0) {
              v = (v << 4) | ArgParser.hexVal(t[j]);
              j++;
            }
            out[n++] = (byte) v;
            i = j;
            break;
          }
        case LETTER:
          out[n++] = (byte) (SIMPLE[d] - 1);
          i += 2;
          break;
        default:
          out[n++] = c;
          i++;
      }
    }
    return out;
  }
}
