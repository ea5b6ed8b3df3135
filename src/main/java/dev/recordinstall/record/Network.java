package dev.recordinstall.record;

/** Network mode of the sandbox. */
public enum Network {
  /** Share the host's network namespace (needed for a remote index). */
  HOST,
  /** A new, empty network namespace (loopback only): nothing leaves the machine. */
  NONE,
  /**
   * {@link #NONE} when every index URL and find-links location is local, {@link #HOST} otherwise.
   */
  AUTO;

  /** The lower-case name used on the command line and in run.json. */
  public String label() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }
}
