package dev.recordinstall.policy;

/**
 * What the recording says about one phase, beside its trace (from run.json). Lets rules see a
 * tracer that died, a trace cut short, parse errors.
 *
 * @param name "venv", "install", "import"
 * @param exitStatus the phase's exit status, null when unknown
 * @param timedOut the phase ran into the time limit
 * @param traced a trace exists for the phase
 * @param traceComplete the recorder believes the trace is complete
 * @param tracerExitStatus strace's own exit status, null when unknown
 * @param parseErrors lines of the trace the parser could not read
 * @param outputLimited the phase was stopped for writing more than the recorder's output limit
 */
public record PhaseFacts(
    String name,
    Integer exitStatus,
    boolean timedOut,
    boolean traced,
    boolean traceComplete,
    Integer tracerExitStatus,
    long parseErrors,
    boolean outputLimited) {

  /** Facts of a phase that was not stopped at the output limit. */
  public PhaseFacts(
      String name,
      Integer exitStatus,
      boolean timedOut,
      boolean traced,
      boolean traceComplete,
      Integer tracerExitStatus,
      long parseErrors) {
    this(name, exitStatus, timedOut, traced, traceComplete, tracerExitStatus, parseErrors, false);
  }

  /**
   * strace exits with its tracee's status, so only a tracer status that differs from the phase's
   * own says the tracer failed (a failed pip install is not a dead tracer).
   */
  public boolean tracerDisagrees() {
    return tracerExitStatus != null && !tracerExitStatus.equals(exitStatus);
  }
}
