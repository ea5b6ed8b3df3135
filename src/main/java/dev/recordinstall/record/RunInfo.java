package dev.recordinstall.record;

import java.util.List;
import java.util.Map;

/**
 * The parsed {@code run.json} of a recording directory (schemaVersion 1; see docs/recording.md and
 * the recording contract). Every field is present in the file; null where unknown. Paths in {@link
 * Paths} are as the tracee sees them, i.e. as they appear in the trace.
 */
public record RunInfo(
    int schemaVersion,
    String tool,
    List<String> specs,
    String status,
    String statusReason,
    List<Distribution> distributions,
    PythonInfo python,
    StraceInfo strace,
    SandboxInfo sandbox,
    List<String> indexUrls,
    List<String> indexHosts,
    List<String> findLinks,
    Paths paths,
    Bait bait,
    List<Phase> phases,
    List<ImportResult> imports,
    Boolean fast) {

  public static final int SCHEMA_VERSION = 1;

  /** status: everything ran (the install and imports may still have failed individually). */
  public static final String STATUS_OK = "ok";

  /** status: pip exited non-zero. */
  public static final String STATUS_INSTALL_FAILED = "install-failed";

  /** status: a phase hit its timeout and its process tree was killed. */
  public static final String STATUS_TIMEOUT = "timeout";

  /** status: a phase wrote more than its output limit and its process tree was killed. */
  public static final String STATUS_OUTPUT_LIMIT = "output-limit";

  /** status: the tracer or sandbox failed (trace incomplete, strace died...). */
  public static final String STATUS_TOOL_ERROR = "tool-error";

  /** An installed distribution (new in the venv after the install phase). */
  public record Distribution(String name, String version, List<String> topLevel) {}

  public record PythonInfo(String executable, String version) {}

  public record StraceInfo(String path, String version) {}

  /**
   * What the sandbox hides and fakes. {@code faked} maps a name (HOME, env:AWS_SECRET_ACCESS_KEY,
   * /tmp...) to what the tracee sees instead.
   */
  public record SandboxInfo(
      String kind, String network, List<String> hidden, Map<String, String> faked) {}

  /** Paths as the tracee sees them (policy variables $VENV, $SITE_PACKAGES, $HOME...). */
  public record Paths(
      String work,
      String venv,
      String sitePackages,
      String home,
      String tmp,
      String pipCache,
      String pythonPrefix,
      String venvBin) {}

  /** Bait planted in the fake HOME and environment; any marker seen in the trace is a hit. */
  public record Bait(List<String> markers, List<String> files, Map<String, String> env) {}

  /**
   * One phase (venv, install, import). {@code trace}, {@code stdout}, {@code stderr} are relative
   * to the recording directory; {@code trace} is null when the phase was not traced. {@code
   * exitStatus} is the phase command's exit status (128+N when killed by signal N), null when
   * unknown; {@code traceComplete} is false when the tracer died or the log ends mid-line; {@code
   * outputLimited} is true when the phase was stopped for writing more than its output limit
   * (absent in recordings made before the limit existed).
   */
  public record Phase(
      String name,
      List<String> argv,
      List<String> tracerArgv,
      List<String> sandboxArgv,
      String start,
      String end,
      Integer exitStatus,
      boolean timedOut,
      String trace,
      Boolean traceComplete,
      Integer tracerExitStatus,
      String stdout,
      String stderr,
      String note,
      Boolean outputLimited) {}

  /** Outcome of importing one top-level module in the import phase. */
  public record ImportResult(String module, String distribution, boolean ok, String error) {}

  /** The phase with this name, or null. */
  public Phase phase(String name) {
    if (phases == null) return null;
    for (Phase p : phases) {
      if (p != null && name.equals(p.name())) return p;
    }
    return null;
  }
}
