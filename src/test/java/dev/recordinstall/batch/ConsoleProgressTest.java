package dev.recordinstall.batch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.recordinstall.store.Status;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class ConsoleProgressTest {
  @Test
  void plainOutputIsOneLinePerPackageWithCountersAndEta() {
    var buf = new StringWriter();
    AtomicLong now = new AtomicLong();
    ConsoleProgress p = ConsoleProgress.create(new PrintWriter(buf, true), false, now::get);
    p.begin(5, 1);
    p.started("a");
    now.set(10_000_000_000L);
    p.finished("a", Status.CLEAN, 0, null, 10_000);
    p.started("b");
    now.set(20_000_000_000L);
    p.finished("b", Status.INSTALL_FAILED, 0, "ERROR: No matching\n distribution", 9_000);
    p.end(
        new BatchResult(
            1, 5, 1, Map.of(Status.CLEAN, 1, Status.INSTALL_FAILED, 1), Map.of(), 20_000, false));
    String[] lines = buf.toString().split("\n");
    assertTrue(lines[0].contains("1 of 5 already done"), lines[0]);
    assertEquals(
        "[2/5] a: clean (10s)  2/5 done, 0 with findings, 0 failed, 0 running, 10s elapsed,"
            + " ETA 30s",
        lines[1]);
    assertEquals(
        "[3/5] b: install-failed - ERROR: No matching distribution (9.0s)  3/5 done, 0 with"
            + " findings, 1 failed, 0 running, 20s elapsed, ETA 20s",
        lines[2]);
    assertTrue(lines[3].startsWith("record-install batch: scanned 2 of 4 in 20s"), lines[3]);
    assertFalse(buf.toString().contains("\r"), "no redraws in plain mode");
  }

  @Test
  void terminalOutputRedrawsOneLineAndKeepsNonCleanResults() {
    var buf = new StringWriter();
    AtomicLong now = new AtomicLong();
    ConsoleProgress p = ConsoleProgress.create(new PrintWriter(buf, true), true, now::get);
    p.begin(2, 0);
    p.started("evil");
    p.finished("evil", Status.FINDINGS, 3, null, 1000);
    p.end(new BatchResult(1, 2, 0, Map.of(Status.FINDINGS, 1), Map.of(), 1000, true));
    String s = buf.toString();
    assertTrue(s.contains("\r\033[K0/2 done"), s);
    assertTrue(s.contains("| evil"), "running packages shown: " + s);
    assertTrue(s.contains("[1/2] evil: findings - 3 findings (1.0s)\n"), s);
    assertTrue(s.contains("interrupted after 1 of 2"), s);
    assertTrue(s.contains("re-run the same command to resume"), s);
  }
}
