package dev.recordinstall.cli;

import dev.recordinstall.events.JsonLinesWriter;
import dev.recordinstall.strace.StraceParser;
import dev.recordinstall.strace.TraceEvent;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(
    name = "parse",
    mixinStandardHelpOptions = true,
    description = {
      "Parse strace logs into JSON Lines events (schema: docs/events.md).",
      "A LOG may be plain or gzip-compressed. Several LOGs (or a directory) are the per-pid files"
          + " of `strace -ff -o PREFIX` (PREFIX.PID): their events are merged by time stamp.",
      "A summary (events, processes, parse errors) goes to stderr."
    },
    footer = {
      "",
      "Exit codes: 0 parsed (parse errors are reported as events and counted), 1 parse errors with"
          + " --strict, 2 usage error (e.g. a missing file), 3 the tool failed (e.g. cannot write"
          + " the output)."
    })
final class ParseCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Parameters(arity = "1..*", paramLabel = "LOG", description = "strace log file(s) or directory")
  List<Path> logs;

  @Option(
      names = {"-o", "--output"},
      paramLabel = "FILE",
      description = "write the JSON Lines here instead of stdout")
  Path output;

  @Option(names = "--strict", description = "exit 1 when any line could not be parsed")
  boolean strict;

  @Override
  public Integer call() throws IOException {
    PrintWriter err = spec.commandLine().getErr();
    List<Path> files = new ArrayList<>();
    for (Path p : logs) {
      if (Files.isDirectory(p)) {
        try (Stream<Path> s = Files.list(p)) {
          s.filter(Files::isRegularFile).sorted().forEach(files::add);
        }
      } else if (Files.isRegularFile(p) || Files.exists(p)) {
        files.add(p);
      } else {
        err.println("record-install parse: no such file: " + p);
        return Main.EXIT_USAGE;
      }
    }
    if (files.isEmpty()) {
      err.println("record-install parse: no log files in " + logs);
      return Main.EXIT_USAGE;
    }
    for (Path f : files) {
      if (!Files.isReadable(f)) {
        err.println("record-install parse: cannot read: " + f);
        return Main.EXIT_USAGE;
      }
    }
    long[] shown = {0};
    long[] progress = {0, System.nanoTime()};
    StraceParser.Summary summary;
    try (OutputStream out =
            output == null
                ? new NonClosing(System.out)
                : new BufferedOutputStream(Files.newOutputStream(output), 1 << 16);
        JsonLinesWriter w = JsonLinesWriter.of(out)) {
      summary =
          StraceParser.parseFiles(
              files,
              e -> {
                w.write(e);
                if ((++progress[0] & 0x3ffff) == 0 && System.nanoTime() - progress[1] > 5e9) {
                  progress[1] = System.nanoTime();
                  err.printf("record-install parse: %,d events so far...%n", progress[0]);
                  err.flush();
                }
                if (e instanceof TraceEvent.ParseError pe && shown[0]++ < 5) {
                  err.println(
                      "record-install parse: "
                          + pe.loc()
                          + ":"
                          + pe.column()
                          + ": "
                          + pe.message());
                }
              });
    } catch (UncheckedIOException | tools.jackson.core.JacksonException e) {
      err.println("record-install parse: cannot write the output: " + e.getMessage());
      return Main.EXIT_TOOL_FAILED;
    }
    err.printf(
        "record-install parse: %d events, %d processes, %d parse errors (%d lines, %d bytes, %d"
            + " file%s)%n",
        summary.events(),
        summary.processes(),
        summary.errors(),
        summary.lines(),
        summary.bytes(),
        files.size(),
        files.size() == 1 ? "" : "s");
    err.flush();
    return strict && summary.errors() > 0 ? Main.EXIT_FINDINGS : Main.EXIT_CLEAN;
  }

  /** stdout wrapper that flushes but never closes System.out. */
  private static final class NonClosing extends java.io.FilterOutputStream {
    NonClosing(OutputStream out) {
      super(new BufferedOutputStream(out, 1 << 16));
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      out.write(b, off, len);
    }

    @Override
    public void close() throws IOException {
      out.flush();
    }
  }
}
