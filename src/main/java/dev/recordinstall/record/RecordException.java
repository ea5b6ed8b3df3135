package dev.recordinstall.record;

/**
 * Recording could not be done (as opposed to: the package failed to install, which is a successful
 * recording with status {@code install-failed}). Carries the CLI exit code to use: {@link
 * #TOOL_FAILED} (3) for missing tools or an unusable sandbox, {@link #USAGE} (2) for bad specs or
 * options.
 */
public final class RecordException extends Exception {
  private static final long serialVersionUID = 1L;

  /** Exit code for bad specs or options. */
  public static final int USAGE = 2;

  /** Exit code for missing tools, an unusable sandbox or an I/O failure. */
  public static final int TOOL_FAILED = 3;

  private final int exitCode;

  private RecordException(int exitCode, String message, Throwable cause) {
    super(message, cause);
    this.exitCode = exitCode;
  }

  /** Bad specs or options (exit code 2). */
  public static RecordException usage(String message) {
    return new RecordException(USAGE, message, null);
  }

  /** Missing tools, unusable sandbox, I/O failure (exit code 3). */
  public static RecordException toolFailed(String message) {
    return new RecordException(TOOL_FAILED, message, null);
  }

  /** Missing tools, unusable sandbox, I/O failure (exit code 3), with its cause. */
  public static RecordException toolFailed(String message, Throwable cause) {
    return new RecordException(TOOL_FAILED, message, cause);
  }

  /** The exit code the CLI should use: 2 or 3. */
  public int exitCode() {
    return exitCode;
  }
}
