package dev.recordinstall.cli;

import dev.recordinstall.record.Network;
import dev.recordinstall.record.RecordOptions;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.BiFunction;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * The recording options of {@code record}, {@code scan} and {@code batch}, declared once. {@link
 * #options} turns them into the immutable {@link RecordOptions}; a value the recorder would refuse
 * is a usage error (exit 2) that names the option and what to give instead.
 */
final class RecordOptionsMixin {
  @Spec(Spec.Target.MIXEE)
  CommandSpec mixee;

  @Option(
      names = "--index-url",
      paramLabel = "URL",
      description = "pip's --index-url (default: pip's configured index).")
  String indexUrl;

  @Option(
      names = "--extra-index-url",
      paramLabel = "URL",
      description = "pip's --extra-index-url (repeatable).")
  List<String> extraIndexUrls = new ArrayList<>();

  @Option(
      names = "--find-links",
      paramLabel = "DIR|URL",
      description = "pip's --find-links (repeatable).")
  List<String> findLinks = new ArrayList<>();

  @Option(
      names = "--timeout",
      paramLabel = "DURATION",
      converter = DurationConverter.class,
      description =
          "Time limit of each phase: seconds (600) or 600s, 10m, 1h; 1s to 24h (default: venv"
              + " 120 s, install 600 s, import 120 s).")
  Duration timeout;

  @Option(
      names = "--network",
      paramLabel = "MODE",
      defaultValue = "auto",
      converter = NetworkConverter.class,
      description =
          "Sandbox network: none (loopback only), host, or auto = none when every index and"
              + " find-links location is local, else host (default: ${DEFAULT-VALUE}).")
  Network network;

  @Option(
      names = "--fast",
      description =
          "Trace with --seccomp-bpf and a reduced syscall set: faster, sees less (see"
              + " docs/recording.md).")
  boolean fast;

  @Option(
      names = "--linger",
      paramLabel = "SECONDS",
      defaultValue = "2",
      description =
          "How long the import driver stays alive after the imports, so delayed payloads show;"
              + " 0 to 600 (default: ${DEFAULT-VALUE}).")
  double linger;

  @Option(
      names = "--max-output",
      paramLabel = "SIZE",
      defaultValue = "2g",
      converter = SizeConverter.class,
      description =
          "What one traced phase may write (trace, stdout and stderr together) before it is"
              + " stopped and reported as tamper.output-flood: bytes or 500m, 2g; at least 1m"
              + " (default: ${DEFAULT-VALUE}).")
  long maxOutput;

  @Option(names = "--no-import", description = "Record the install only: skip the import phase.")
  boolean noImport;

  @Option(
      names = "--keep-venv",
      description = "Keep the venv in the recording (DIR/work/venv; deleted by default).")
  boolean keepVenv;

  @Option(
      names = "--python",
      paramLabel = "EXE",
      defaultValue = "python3",
      description = "Base interpreter the venv is made from (default: ${DEFAULT-VALUE}).")
  String python;

  /**
   * The options of recording {@code specs} into {@code outDir}.
   *
   * @throws CommandLine.ParameterException (exit 2) for a value the recorder refuses
   */
  RecordOptions options(Path outDir, List<String> specs) {
    try {
      return builder(outDir, specs).build();
    } catch (IllegalArgumentException e) {
      throw usage(e.getMessage() + ": give each SPEC as a requirement, sdist/wheel or directory");
    }
  }

  /**
   * The options of one job of many, by spec and recording directory (batch). The option values are
   * checked now, so a bad one is a usage error before any job starts; the function itself throws
   * {@link IllegalArgumentException} for a spec the recorder refuses.
   *
   * @throws CommandLine.ParameterException (exit 2) for a value the recorder refuses
   */
  BiFunction<String, Path, RecordOptions> perJob() {
    options(Path.of("recording"), List.of("placeholder"));
    return (spec, outDir) -> builder(outDir, List.of(spec)).build();
  }

  private RecordOptions.Builder builder(Path outDir, List<String> specs) {
    if (!(linger >= 0 && linger <= 600)) {
      throw usage("--linger must be between 0 and 600 seconds, not " + linger);
    }
    if (python == null || python.isBlank()) {
      throw usage("--python needs an interpreter name or path, e.g. --python python3.11");
    }
    RecordOptions.Builder b =
        RecordOptions.builder(outDir, specs)
            .indexUrl(indexUrl)
            .extraIndexUrls(extraIndexUrls)
            .findLinks(findLinks)
            .network(network)
            .fast(fast)
            .linger(Duration.ofMillis(Math.round(linger * 1000)))
            .keepVenv(keepVenv)
            .skipImport(noImport)
            .python(python)
            .maxPhaseOutput(maxOutput);
    if (timeout != null) b.timeout(timeout);
    return b;
  }

  private CommandLine.ParameterException usage(String msg) {
    return new CommandLine.ParameterException(mixee.commandLine(), msg);
  }

  /** 600, 600s, 10m, 1h: 1 s to 24 h. */
  static final class DurationConverter implements CommandLine.ITypeConverter<Duration> {
    @Override
    public Duration convert(String text) {
      return parseDuration(text);
    }
  }

  /** 1048576, 500k, 500m, 2g (powers of 1024). */
  static final class SizeConverter implements CommandLine.ITypeConverter<Long> {
    @Override
    public Long convert(String text) {
      String t = text.trim().toLowerCase(Locale.ROOT);
      if (t.endsWith("b")) t = t.substring(0, t.length() - 1);
      int shift = 0;
      if (t.endsWith("k")) shift = 10;
      else if (t.endsWith("m")) shift = 20;
      else if (t.endsWith("g")) shift = 30;
      if (shift > 0) t = t.substring(0, t.length() - 1);
      long n;
      try {
        n = Long.parseLong(t.trim());
      } catch (NumberFormatException e) {
        throw new CommandLine.TypeConversionException(
            "'" + text + "' is not a size: use bytes or a number with k, m or g, e.g. 2g");
      }
      if (n <= 0 || n > (Long.MAX_VALUE >> 31) || (n << shift) < (1L << 20)) {
        throw new CommandLine.TypeConversionException(
            "'" + text + "' must be at least 1m (and at most a few terabytes), e.g. 500m or 2g");
      }
      return n << shift;
    }
  }

  /** none, host, auto (any case). */
  static final class NetworkConverter implements CommandLine.ITypeConverter<Network> {
    @Override
    public Network convert(String text) {
      try {
        return Network.valueOf(text.trim().toUpperCase(Locale.ROOT));
      } catch (IllegalArgumentException e) {
        throw new CommandLine.TypeConversionException(
            "'" + text + "': use none, host or auto (auto: none when every index is local)");
      }
    }
  }

  /**
   * Parses a phase time limit: plain seconds or a number with s, m or h.
   *
   * @throws CommandLine.TypeConversionException saying what to write instead
   */
  static Duration parseDuration(String text) {
    String t = text.trim().toLowerCase(Locale.ROOT);
    long mult = 1;
    if (t.endsWith("s")) {
      t = t.substring(0, t.length() - 1);
    } else if (t.endsWith("m")) {
      mult = 60;
      t = t.substring(0, t.length() - 1);
    } else if (t.endsWith("h")) {
      mult = 3600;
      t = t.substring(0, t.length() - 1);
    }
    long n;
    try {
      n = Long.parseLong(t.trim());
    } catch (NumberFormatException e) {
      throw new CommandLine.TypeConversionException(
          "'" + text + "' is not a duration: use seconds (600) or 600s, 10m, 1h");
    }
    if (n <= 0 || n > 86_400 / mult) {
      throw new CommandLine.TypeConversionException(
          "'" + text + "' must be between 1s and 24h, e.g. 600 or 10m");
    }
    return Duration.ofSeconds(n * mult);
  }
}
