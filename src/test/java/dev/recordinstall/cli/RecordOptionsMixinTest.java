package dev.recordinstall.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.recordinstall.batch.ScanSettings;
import dev.recordinstall.record.Network;
import dev.recordinstall.record.RecordOptions;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;

/** record, scan and batch share one set of record options and build the same RecordOptions. */
class RecordOptionsMixinTest {
  @TempDir Path tmp;

  static final List<String> EVERY_RECORD_OPTION =
      List.of(
          "--index-url",
          "file:///opt/pypi/simple",
          "--extra-index-url",
          "file:///srv/a",
          "--extra-index-url",
          "file:///srv/b",
          "--find-links",
          "/tmp/dist",
          "--timeout",
          "10m",
          "--network",
          "NONE",
          "--fast",
          "--linger",
          "0.5",
          "--no-import",
          "--keep-venv",
          "--python",
          "python3.11",
          "--max-output",
          "500m");

  /** The record options each command built for spec django into dir, after parsing argv. */
  private List<RecordOptions> built(Path dir, List<String> recordArgs) {
    RecordCommand record = new RecordCommand();
    parse(record, recordArgs, "-o", dir.toString(), "django");
    ScanCommand scan = new ScanCommand();
    parse(scan, recordArgs, "--keep", dir.toString(), "django");
    BatchCommand batch = new BatchCommand();
    parse(batch, recordArgs, "--db", tmp.resolve("r.db").toString(), "django");
    return List.of(
        record.record.options(dir, record.specs),
        scan.record.options(dir, scan.specs),
        batch.record.perJob().apply("django", dir));
  }

  private static void parse(Object command, List<String> recordArgs, String... own) {
    List<String> argv = new ArrayList<>(recordArgs);
    argv.addAll(List.of(own));
    new CommandLine(command).parseArgs(argv.toArray(String[]::new));
  }

  /** Every public accessor of RecordOptions, by name. */
  private static Map<String, Object> properties(RecordOptions o) throws Exception {
    Map<String, Object> out = new TreeMap<>();
    for (Method m : RecordOptions.class.getDeclaredMethods()) {
      if (Modifier.isPublic(m.getModifiers())
          && !Modifier.isStatic(m.getModifiers())
          && m.getParameterCount() == 0) {
        out.put(m.getName(), m.invoke(o));
      }
    }
    return out;
  }

  @Test
  void theThreeCommandsBuildEqualOptionsForTheSameArgv() throws Exception {
    Path dir = tmp.resolve("rec");
    for (List<String> args : List.of(EVERY_RECORD_OPTION, List.<String>of())) {
      List<RecordOptions> b = built(dir, args);
      Map<String, Object> first = properties(b.get(0));
      assertEquals(first, properties(b.get(1)), "scan vs record for " + args);
      assertEquals(first, properties(b.get(2)), "batch vs record for " + args);
    }
  }

  @Test
  void valuesReachTheRecordOptions() {
    RecordOptions o = built(tmp.resolve("rec"), EVERY_RECORD_OPTION).get(0);
    assertEquals("file:///opt/pypi/simple", o.indexUrl());
    assertEquals(List.of("file:///srv/a", "file:///srv/b"), o.extraIndexUrls());
    assertEquals(List.of("/tmp/dist"), o.findLinks());
    assertEquals(Duration.ofMinutes(10), o.venvTimeout());
    assertEquals(Duration.ofMinutes(10), o.installTimeout());
    assertEquals(Duration.ofMinutes(10), o.importTimeout());
    assertEquals(Network.NONE, o.network());
    assertTrue(o.fast());
    assertEquals(Duration.ofMillis(500), o.linger());
    assertTrue(o.skipImport());
    assertTrue(o.keepVenv());
    assertEquals("python3.11", o.python());
    assertEquals(500L << 20, o.maxPhaseOutput());
    assertEquals(List.of("django"), o.specs());
  }

  @Test
  void defaultsAreTheRecordersDefaults() throws Exception {
    RecordOptions o = built(tmp.resolve("rec"), List.of()).get(0);
    RecordOptions plain = RecordOptions.builder(tmp.resolve("rec"), List.of("django")).build();
    assertEquals(properties(plain), properties(o));
  }

  @Test
  void everyCommandHasEveryRecordOptionWithTheSameDeclaration() {
    List<OptionSpec> shared =
        CommandLine.Model.CommandSpec.forAnnotatedObject(new RecordOptionsMixin()).options();
    assertEquals(11, shared.size(), "record options");
    for (Object cmd : List.of(new RecordCommand(), new ScanCommand(), new BatchCommand())) {
      CommandLine.Model.CommandSpec spec = new CommandLine(cmd).getCommandSpec();
      for (OptionSpec o : shared) {
        OptionSpec there = spec.findOption(o.longestName());
        assertNotNull(there, cmd.getClass().getSimpleName() + " lacks " + o.longestName());
        assertEquals(List.of(o.names()), List.of(there.names()), cmd.getClass().getSimpleName());
        assertEquals(o.paramLabel(), there.paramLabel(), o.longestName());
        assertEquals(o.defaultValue(), there.defaultValue(), o.longestName());
      }
    }
  }

  @Test
  void batchStoresTheRecordOptionsWithTheRun() {
    BatchCommand batch = new BatchCommand();
    parse(batch, EVERY_RECORD_OPTION, "--db", tmp.resolve("r.db").toString(), "django");
    String json = new ScanSettings(batch.record.perJob(), null).describe();
    for (String part :
        List.of(
            "\"indexUrl\":\"file:///opt/pypi/simple\"",
            "\"extraIndexUrls\":[\"file:///srv/a\",\"file:///srv/b\"]",
            "\"timeoutSeconds\":{\"venv\":600,\"install\":600,\"import\":600}",
            "\"network\":\"none\"",
            "\"fast\":true",
            "\"lingerMillis\":500",
            "\"skipImport\":true",
            "\"keepVenv\":true",
            "\"maxPhaseOutput\":524288000",
            "\"python\":\"python3.11\"",
            "\"policy\":null")) {
      assertTrue(json.contains(part), part + " in " + json);
    }
  }

  @Test
  void plainSecondsAndUnitsAreAccepted() {
    assertEquals(Duration.ofSeconds(600), RecordOptionsMixin.parseDuration("600"));
    assertEquals(Duration.ofSeconds(600), RecordOptionsMixin.parseDuration("600s"));
    assertEquals(Duration.ofMinutes(10), RecordOptionsMixin.parseDuration("10m"));
    assertEquals(Duration.ofHours(1), RecordOptionsMixin.parseDuration("1h"));
  }

  @Test
  void badValuesAreUsageErrorsThatSayWhatToGive() {
    Path db = tmp.resolve("u.db");
    List<List<String>> bad =
        List.of(
            List.of("--timeout", "soon"),
            List.of("--timeout", "0"),
            List.of("--timeout", "25h"),
            List.of("--network", "wifi"),
            List.of("--linger", "-1"),
            List.of("--linger", "NaN"),
            List.of("--python", " "),
            List.of("--max-output", "10k"),
            List.of("--max-output", "lots"));
    for (List<String> b : bad) {
      for (List<String> cmd :
          List.of(
              List.of("record", "-o", tmp.resolve("o").toString(), "django"),
              List.of("scan", "django"),
              List.of("batch", "django", "--db", db.toString()))) {
        List<String> argv = new ArrayList<>(cmd);
        argv.addAll(b);
        String[] err = new String[1];
        int rc = runQuietly(err, argv.toArray(String[]::new));
        assertEquals(Main.EXIT_USAGE, rc, String.join(" ", argv) + "\n" + err[0]);
        String first = err[0].lines().findFirst().orElse("");
        assertTrue(
            Stream.of("use ", "between", "e.g.").anyMatch(first::contains),
            "message says what to give: " + first);
      }
    }
  }

  private static int runQuietly(String[] err, String... argv) {
    PrintStream old = System.err;
    PrintStream oldOut = System.out;
    ByteArrayOutputStream buf = new ByteArrayOutputStream();
    try {
      System.setErr(new PrintStream(buf, true, StandardCharsets.UTF_8));
      System.setOut(new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
      return Main.run(argv);
    } finally {
      System.setErr(old);
      System.setOut(oldOut);
      err[0] = buf.toString(StandardCharsets.UTF_8);
    }
  }
}
