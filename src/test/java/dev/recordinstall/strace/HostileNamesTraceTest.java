package dev.recordinstall.strace;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The package under test chooses its file and socket names, and strace prints them into the trace:
 * a real strace run over files and unix sockets whose names imitate strace's own syntax (brackets,
 * quotes, decorations, resumed/unfinished markers, exit lines, escapes, non-UTF-8 bytes) must parse
 * with no error, and every name must come back byte for byte, both as the path argument and in the
 * {@code -yy} fd decoration of the calls on the open file.
 */
@Tag("integration")
class HostileNamesTraceTest {
  @TempDir Path tmp;

  static final List<String> NAMES =
      List.of(
          "id_\u001b[31mevil",
          "a[b",
          "a]b",
          "[x]",
          "a>b",
          "a<b",
          "q\"r",
          "back\\slash",
          "new\nline",
          "tab\tx",
          "x) = 0",
          " <unfinished ...>",
          "<... read resumed>",
          "+++ exited with 0 +++",
          "--- SIGKILL {si_signo=SIGKILL} ---",
          "3<TCP:[1.2.3.4:5->6.7.8.9:443]>",
          "x>(deleted)",
          " * c * ",
          "a,b",
          "{x=1}",
          "...",
          "\u00fctf8-\u00e9",
          "%s%n");

  /** Bytes that are not UTF-8 at all. */
  static final byte[] LATIN1_NAME = {'l', (byte) 0xff, (byte) 0xfe, 'x'};

  @Test
  void hostileFileAndSocketNamesParseAndComeBackExactly() throws Exception {
    boolean strace;
    try {
      strace = new ProcessBuilder("strace", "-V").start().waitFor() == 0;
    } catch (java.io.IOException e) {
      strace = false;
    }
    assertTrue(strace, "strace is missing: apt-get install -y strace");
    Path dir = Files.createDirectories(tmp.resolve("d"));
    List<byte[]> names = new ArrayList<>();
    for (String n : NAMES) names.add(n.getBytes(StandardCharsets.UTF_8));
    names.add(LATIN1_NAME);
    // python gets the names as hex: no quoting of hostile text anywhere on the way
    String script =
        "import os, socket, sys\n"
            + "d = os.fsencode(sys.argv[1])\n"
            + "for h in sys.argv[2:]:\n"
            + "    p = d + b'/' + bytes.fromhex(h)\n"
            + "    with open(p, 'wb') as f:\n"
            + "        f.write(b'x')\n"
            + "    with open(p, 'rb') as f:\n"
            + "        f.read()\n"
            + "    os.unlink(p)\n"
            + "    if len(p) < 100:\n"
            + "        s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)\n"
            + "        s.bind(p)\n"
            + "        s.listen(1)\n"
            + "        c = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)\n"
            + "        c.connect(p)\n"
            + "        a, _ = s.accept()\n"
            + "        c.send(b'y')\n"
            + "        a.recv(1)\n"
            + "        for x in (a, c, s):\n"
            + "            x.close()\n"
            + "        os.unlink(p)\n";
    Path py = tmp.resolve("names.py");
    Files.writeString(py, script);
    Path trace = tmp.resolve("names.strace");
    List<String> cmd =
        new ArrayList<>(
            List.of(
                "strace",
                "-f",
                "-ttt",
                "-yy",
                "-s",
                "256",
                "-o",
                trace.toString(),
                "python3",
                py.toString(),
                dir.toString()));
    for (byte[] n : names) cmd.add(HexFormat.of().formatHex(n));
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(p.waitFor(120, TimeUnit.SECONDS), "strace python timed out");
    assertEquals(0, p.exitValue(), out);

    List<TraceEvent.ParseError> errors = new ArrayList<>();
    Set<String> openedPaths = new LinkedHashSet<>();
    Set<String> fdPaths = new LinkedHashSet<>();
    Set<String> socketDecorations = new LinkedHashSet<>();
    StraceParser.parse(
        trace,
        e -> {
          if (e instanceof TraceEvent.ParseError pe) errors.add(pe);
          if (!(e instanceof TraceEvent.Syscall s)) return;
          for (Arg a : s.args()) {
            if (a instanceof Arg.Str str && s.name().equals("openat")) openedPaths.add(str.text());
            if (a instanceof Arg.Fd fd && fd.path() != null) fdPaths.add(fd.path());
            if (a instanceof Arg.Fd fd
                && fd.decoration() != null
                && fd.decoration().startsWith("UNIX")) {
              socketDecorations.add(fd.decoration());
            }
          }
        });
    assertEquals(
        0,
        errors.size(),
        "parse errors on hostile names, first ones: "
            + errors.subList(0, Math.min(3, errors.size())));
    String base = dir.toString() + "/";
    for (byte[] n : names) {
      String full = base + new String(n, StandardCharsets.ISO_8859_1);
      assertTrue(openedPaths.contains(full), "openat path of " + show(n));
      assertTrue(fdPaths.contains(full), "fd decoration path of " + show(n));
      if (full.getBytes(StandardCharsets.ISO_8859_1).length < 100) {
        String quoted = "\"" + full + "\"";
        assertTrue(
            socketDecorations.stream().anyMatch(d -> d.contains(quoted)),
            "socket decoration with " + show(n) + " in " + socketDecorations);
      }
    }
  }

  private static String show(byte[] n) {
    return HexFormat.of().formatHex(n);
  }
}
