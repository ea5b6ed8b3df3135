package dev.recordinstall.strace;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * {@link StraceParser#parse} hands the events of one file straight to its sink ({@code
 * TraceReader.drainTo}); {@link StraceParser#open} queues them for {@code next()}. Both must give
 * the same events in the same order and the same summary: on every single-file golden log, and on a
 * log whose lines emit several events at once (an unfinished call flushed by a second one, a
 * spliced "attached" message, a pending call left at the end).
 */
class PushPullTest {

  @Test
  void goldenLogsGiveTheSameEventsBothWays() throws IOException {
    List<Path> logs = new ArrayList<>();
    try (Stream<Path> s = Files.list(GoldenTest.DIR)) {
      s.filter(p -> Files.isRegularFile(p))
          .filter(p -> p.toString().endsWith(".strace") || p.toString().endsWith(".strace.gz"))
          .sorted()
          .forEach(logs::add);
    }
    assertTrue(logs.size() >= 5, "golden logs: " + logs);
    for (Path log : logs) {
      List<TraceEvent> pushed = new ArrayList<>();
      StraceParser.Summary ps =
          StraceParser.parseFiles(List.of(log), Limits.defaults(), pushed::add);
      List<TraceEvent> pulled = new ArrayList<>();
      StraceParser.Summary qs;
      try (EventStream events = StraceParser.open(List.of(log), Limits.defaults())) {
        while (events.hasNext()) pulled.add(events.next());
        qs = events.summary();
      }
      assertTrue(pushed.size() > 10, log + ": " + pushed.size() + " events");
      assertEquals(pulled, pushed, log.toString());
      assertEquals(qs, ps, log.toString());
    }
  }

  @Test
  void linesThatEmitSeveralEventsKeepTheirOrder() {
    String log =
        "10 read(3, <unfinished ...>\n"
            + "10 write(1, \"x\", 1 <unfinished ...>\n"
            + "11 getpid(strace: Process 12 attached\n"
            + ") = 11\n"
            + "12 +++ exited with 0 +++\n"
            + "10 close(4\n"
            + "11 wait4(-1, <unfinished ...>\n";
    List<TraceEvent> pushed = new ArrayList<>();
    StraceParser.Summary ps =
        StraceParser.parse(
            new ByteArrayInputStream(log.getBytes(StandardCharsets.ISO_8859_1)),
            "t",
            -1,
            Limits.defaults(),
            pushed::add);
    List<TraceEvent> pulled = new ArrayList<>();
    StraceParser.Summary qs;
    try (EventStream events =
        StraceParser.open(
            new ByteArrayInputStream(log.getBytes(StandardCharsets.ISO_8859_1)),
            "t",
            -1,
            Limits.defaults())) {
      while (events.hasNext()) pulled.add(events.next());
      qs = events.summary();
    }
    assertTrue(pushed.size() >= 7, pushed.toString());
    assertEquals(pulled, pushed);
    assertEquals(qs, ps);
  }
}
