package dev.recordinstall.model;

import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/** Which role an exec gives a process, from the role of the process it was forked from. */
final class RoleRules {
  private RoleRules() {}

  private static final Pattern PYTHON = Pattern.compile("python[0-9.]*(-dbg)?");
  private static final Set<String> TOOLS =
      Set.of(
          "cc",
          "c++",
          "cpp",
          "gcc",
          "g++",
          "clang",
          "clang++",
          "cc1",
          "cc1plus",
          "cc1obj",
          "collect2",
          "lto-wrapper",
          "lto1",
          "ld",
          "ld.bfd",
          "ld.gold",
          "ld.lld",
          "lld",
          "mold",
          "as",
          "ar",
          "ranlib",
          "strip",
          "nm",
          "objcopy",
          "objdump",
          "readelf",
          "make",
          "gmake",
          "cmake",
          "ctest",
          "ninja",
          "meson",
          "pkg-config",
          "pkgconf",
          "rustc",
          "cargo",
          "gfortran",
          "f95",
          "swig",
          "nasm",
          "yasm",
          "ccache",
          "sccache",
          "patchelf",
          "gcc-ar",
          "gcc-nm",
          "gcc-ranlib",
          "maturin",
          "auditwheel",
          "install",
          "uname");
  private static final Pattern TOOL_PATTERN =
      Pattern.compile(
          "(.*-)?(gcc|g\\+\\+|cc|c\\+\\+|ld|as|ar|ranlib|strip|gfortran|cpp)(-[0-9.]+)?"
              + "|clang(\\+\\+)?(-[0-9.]+)?|cmake[0-9.]*");

  static boolean isBwrap(String path, List<String> argv) {
    return PathNames.basename(path).equals("bwrap")
        || (!argv.isEmpty() && PathNames.basename(argv.get(0)).equals("bwrap"));
  }

  static boolean isPython(String path, List<String> argv) {
    if (PYTHON.matcher(PathNames.basename(path)).matches()) return true;
    return !argv.isEmpty() && PYTHON.matcher(PathNames.basename(argv.get(0))).matches();
  }

  /** {@code python -m pip}, a pip script, or pip's {@code __pip-runner__.py} (build isolation). */
  static boolean isPip(String path, List<String> argv) {
    String b = PathNames.basename(path);
    if (b.matches("pip[0-9.]*")) return true;
    for (int i = 0; i < argv.size() && i < 8; i++) {
      String a = argv.get(i);
      if (i == 0 && PathNames.basename(a).matches("pip[0-9.]*")) return true;
      if (a.endsWith("__pip-runner__.py")) return true;
      if (a.equals("-m") && i + 1 < argv.size() && argv.get(i + 1).equals("pip")) return true;
      if (i > 0 && a.matches(".*/bin/pip[0-9.]*")) return true;
    }
    return false;
  }

  /** pip's PEP 517 hook runner, or a legacy {@code setup.py} run. */
  static boolean isBuildBackend(String path, List<String> argv) {
    for (int i = 0; i < argv.size() && i < 8; i++) {
      String a = argv.get(i);
      if (a.endsWith("_in_process.py") || a.endsWith("setup.py")) return true;
      if (i > 0 && argv.get(i - 1).equals("-c") && a.contains("setup.py")) return true;
    }
    return false;
  }

  static boolean isBuildTool(String path, List<String> argv) {
    String b = PathNames.basename(path);
    if (TOOLS.contains(b) || TOOL_PATTERN.matcher(b).matches()) return true;
    if (argv.isEmpty()) return false;
    String a0 = PathNames.basename(argv.get(0));
    return TOOLS.contains(a0) || TOOL_PATTERN.matcher(a0).matches();
  }

  /** The role of the designated first process of a phase. */
  static Role phaseRootRole(String phase) {
    if ("install".equals(phase)) return Role.PIP_FRONTEND;
    if ("import".equals(phase)) return Role.IMPORT;
    if ("venv".equals(phase)) return Role.SETUP;
    return Role.UNKNOWN;
  }

  /**
   * Role after an exec of {@code path}/{@code argv} by a process forked from a process with role
   * {@code parentRole}; {@code underBackend} when some ancestor is a build backend.
   */
  static Role afterExec(Role parentRole, boolean underBackend, String path, List<String> argv) {
    switch (parentRole) {
      case SETUP:
        return isBwrap(path, argv) ? Role.SETUP : Role.UNKNOWN;
      case PIP_FRONTEND:
        if (isBuildBackend(path, argv)) return Role.BUILD_BACKEND;
        if (isPip(path, argv)) return Role.PIP_FRONTEND;
        return Role.PIP_HELPER;
      case PIP_HELPER:
        return Role.PIP_HELPER;
      case BUILD_BACKEND:
      case BUILD_TOOL:
      case PACKAGE_CHILD:
        return underBackend && isBuildTool(path, argv) ? Role.BUILD_TOOL : Role.PACKAGE_CHILD;
      case IMPORT:
        return Role.PACKAGE_CHILD;
      default:
        return Role.UNKNOWN;
    }
  }
}
