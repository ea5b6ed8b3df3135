package dev.recordinstall.cli;

import dev.recordinstall.batch.ResultsReport;
import dev.recordinstall.store.ResultStore;
import dev.recordinstall.store.Status;
import dev.recordinstall.store.StoreException;
import dev.recordinstall.store.StoredScan;
import dev.recordinstall.store.Summary;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(
    name = "results",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
      "Query results stored by batch (the latest job of every spec).",
      "Without --summary or --package: one line per spec, then nothing else.",
      ""
    },
    footer = {
      "",
      "Exit codes: 0 everything shown is clean, 1 something shown has findings, 2 usage error"
          + " (no such database or package), 3 a shown package could not be scanned or the"
          + " tool failed."
    })
final class ResultsCommand implements Callable<Integer> {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Option(names = "--db", paramLabel = "FILE", required = true, description = "Results database.")
  Path db;

  @ArgGroup(exclusive = true)
  Mode mode = new Mode();

  static final class Mode {
    @Option(
        names = "--summary",
        description =
            "Counts per status, false-positive rate, findings per rule, the last run's speed.")
    boolean summary;

    @Option(
        names = "--package",
        paramLabel = "NAME",
        description = "Every job of one package (name or spec), with findings and evidence.")
    String pkg;
  }

  @Option(
      names = "--format",
      paramLabel = "FORMAT",
      defaultValue = "text",
      description = "text or json (default: ${DEFAULT-VALUE}).")
  String format;

  @Override
  public Integer call() {
    var out = spec.commandLine().getOut();
    var err = spec.commandLine().getErr();
    if (!format.equals("text") && !format.equals("json")) {
      throw usage("--format must be text or json, got '" + format + "'");
    }
    if (!Files.isRegularFile(db)) {
      throw usage("--db " + db + ": no such database (create one with 'record-install batch')");
    }
    boolean json = format.equals("json");
    try (ResultStore store = ResultStore.openSqlite(db)) {
      if (mode.pkg != null) {
        List<StoredScan> scans = store.scansOf(mode.pkg);
        if (scans.isEmpty()) throw usage("no results for '" + mode.pkg + "' in " + db);
        if (json) out.print(ResultsReport.packageJson(mode.pkg, scans));
        else out.print(ResultsReport.packageText(scans));
        out.flush();
        return exit(List.of(scans.get(0).status()));
      }
      List<StoredScan> latest = store.latestScans();
      if (mode.summary) {
        Summary s = store.summary();
        if (json) out.print(ResultsReport.summaryJson(s, latest));
        else out.print(ResultsReport.summaryText(s, latest));
      } else {
        if (json) out.print(ResultsReport.listJson(latest));
        else out.print(ResultsReport.listText(latest));
      }
      out.flush();
      return exit(latest.stream().map(StoredScan::status).toList());
    } catch (StoreException e) {
      err.println("record-install results: " + e.getMessage());
      return Main.EXIT_TOOL_FAILED;
    }
  }

  private static int exit(List<Status> statuses) {
    if (statuses.contains(Status.FINDINGS)) return Main.EXIT_FINDINGS;
    for (Status s : statuses) if (s != Status.CLEAN) return Main.EXIT_TOOL_FAILED;
    return Main.EXIT_CLEAN;
  }

  private CommandLine.ParameterException usage(String msg) {
    return new CommandLine.ParameterException(spec.commandLine(), msg);
  }
}
