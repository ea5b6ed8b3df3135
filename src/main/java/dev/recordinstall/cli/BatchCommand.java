package dev.recordinstall.cli;

import dev.recordinstall.batch.Batch;
import dev.recordinstall.batch.BatchConfig;
import dev.recordinstall.batch.BatchResult;
import dev.recordinstall.batch.ConsoleProgress;
import dev.recordinstall.batch.ScanSettings;
import dev.recordinstall.batch.SpecList;
import dev.recordinstall.policy.PolicyException;
import dev.recordinstall.store.StoreException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(
    name = "batch",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
      "Scan many packages in parallel and store the results in SQLite.",
      "",
      "Each worker records one package at a time in its own sandbox and venv. Results are stored"
          + " as they come; a re-run of the same command skips what is done (clean, findings,"
          + " install-failed, timeout) and scans the rest (tool errors, interrupted jobs, new"
          + " specs). Ctrl-C stops the workers, kills their processes, removes their temporary"
          + " venvs and marks unfinished jobs interrupted.",
      "Progress goes to stderr (redrawn on a terminal, one line per package otherwise); query the"
          + " results with 'record-install results --db FILE'.",
      ""
    },
    footer = {
      "",
      "Exit codes: 0 every package clean, 1 any package with findings, 2 usage error, 3 a package"
          + " could not be scanned (install failed, timeout, tool error) or the tool failed.",
      "",
      "Example:",
      "  record-install batch requirements.txt --jobs 2 --db results.db \\",
      "      --index-url file:///opt/pypi/simple"
    })
final class BatchCommand implements Callable<Integer> {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Parameters(
      paramLabel = "FILE|SPEC",
      arity = "1..*",
      description =
          "A requirements-style file (one spec per line, # comments) or a requirement spec.")
  List<String> inputs = new ArrayList<>();

  @Option(
      names = {"-j", "--jobs"},
      paramLabel = "N",
      defaultValue = "2",
      description = "Parallel workers (default: ${DEFAULT-VALUE}).")
  int jobs;

  @Option(
      names = "--db",
      paramLabel = "FILE",
      required = true,
      description = "SQLite results database (created when missing).")
  Path db;

  @Mixin RecordOptionsMixin record = new RecordOptionsMixin();

  @Option(names = "--policy", paramLabel = "FILE", description = "Policy overlay file.")
  Path policy;

  @Option(
      names = "--keep-dir",
      paramLabel = "DIR",
      description =
          "Where raw recordings of packages that are not clean are kept (default: DB.recordings"
              + " next to the database).")
  Path keepDir;

  @Option(names = "--keep-clean", description = "Keep the recordings of clean packages too.")
  boolean keepClean;

  @Option(names = "--rescan", description = "Scan again what an earlier run finished.")
  boolean rescan;

  @Option(
      names = "--reanalyze",
      description =
          "Do not record: analyse the newest kept recording of each spec again with the current"
              + " policy (implies --rescan; record options are ignored).")
  boolean reanalyze;

  @Option(
      names = "--work-dir",
      paramLabel = "DIR",
      description = "Where per-job venvs and recordings are made (default: a new temp directory).")
  Path workDir;

  @Override
  public Integer call() throws Exception {
    var err = spec.commandLine().getErr();
    if (jobs < 1 || jobs > 64) throw usage("--jobs must be between 1 and 64, got " + jobs);
    if (policy != null && !Files.isRegularFile(policy)) {
      throw usage("--policy " + policy + ": no such file");
    }
    List<String> specs;
    try {
      specs = SpecList.read(inputs, w -> err.println("record-install batch: " + w));
    } catch (SpecList.SpecListException e) {
      throw usage(e.getMessage());
    }
    if (specs.isEmpty()) throw usage("no package specs in " + String.join(" ", inputs));
    Path keep =
        keepDir != null
            ? keepDir
            : db.toAbsolutePath().resolveSibling(db.getFileName() + ".recordings");
    ScanSettings settings = new ScanSettings(record.perJob(), policy);
    BatchConfig config =
        new BatchConfig(
            specs,
            jobs,
            rescan || reanalyze,
            workDir,
            keep,
            keepClean,
            new Main.Version().getVersion()[0],
            settings.describe());
    try {
      BatchResult r =
          Batch.run(config, settings, db, err, ConsoleProgress.stderrIsTerminal(), reanalyze);
      return r.exitCode();
    } catch (StoreException e) {
      err.println("record-install batch: " + e.getMessage());
      return Main.EXIT_TOOL_FAILED;
    } catch (PolicyException e) {
      err.println("record-install batch: " + e.getMessage());
      return Main.EXIT_USAGE;
    }
  }

  private CommandLine.ParameterException usage(String msg) {
    return new CommandLine.ParameterException(spec.commandLine(), msg);
  }
}
