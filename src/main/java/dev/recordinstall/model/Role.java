package dev.recordinstall.model;

/**
 * Who a process is, as far as attribution is concerned. CONTRACT: model (issue 4) -> policy (5).
 */
public enum Role {
  /** Our own setup before the package runs (venv creation, the phase driver). */
  SETUP,
  /** The {@code pip install} frontend process. */
  PIP_FRONTEND,
  /** Helpers pip itself runs (uname, lsb_release, rustc --version for its user agent, git). */
  PIP_HELPER,
  /** A PEP 517 hook process or a legacy setup.py run: package code at install time. */
  BUILD_BACKEND,
  /** Tools run under a build backend that building needs (cc, gcc, ld, as, cmake, make...). */
  BUILD_TOOL,
  /** The interpreter importing the installed package's modules. */
  IMPORT,
  /** Any other descendant of package code (build backend or import). */
  PACKAGE_CHILD,
  /** Not attributable (no exec seen, outside the known phases). */
  UNKNOWN;

  /** True when the process runs code that the package under test controls. */
  public boolean isPackageCode() {
    return this == BUILD_BACKEND || this == IMPORT || this == PACKAGE_CHILD;
  }
}
