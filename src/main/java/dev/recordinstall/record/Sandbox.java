package dev.recordinstall.record;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The bubblewrap command line. Paths inside are the host paths (so trace paths are host paths),
 * except HOME: the real HOME's path shows the fake HOME ({@code DIR/work/home}) full of bait. The
 * host filesystem is read-only; only the work dir ({@code DIR/work}) and the fake HOME are
 * writable; /tmp is a private tmpfs; the recording dir itself (traces, run.json) is covered by a
 * tmpfs; /run and /home are hidden; host secrets (/etc/shadow...) read as empty. New pid, ipc, uts
 * (and, for network none, net) namespaces, a new session, no capabilities, killed with its parent.
 */
final class Sandbox {
  /** Host files that read as empty inside (root inside could otherwise read them). */
  static final List<String> MASKED_FILES = List.of("/etc/shadow", "/etc/gshadow", "/etc/shadow-");

  final Path outDir;
  final Path work;
  final Path fakeHomeHost;
  final String home;
  final Network network;
  final List<Path> readOnlyInputs;
  final Path pythonPrefix;
  final List<String> hidden = new ArrayList<>();
  final Map<String, String> faked = new LinkedHashMap<>();
  private final List<String> args = new ArrayList<>();

  Sandbox(
      Path bwrap,
      Path outDir,
      Path work,
      Path fakeHomeHost,
      String home,
      Path realHome,
      Network network,
      Path pythonPrefix,
      List<Path> readOnlyInputs) {
    this.outDir = outDir;
    this.work = work;
    this.fakeHomeHost = fakeHomeHost;
    this.home = home;
    this.network = network;
    this.pythonPrefix = pythonPrefix;
    this.readOnlyInputs = List.copyOf(readOnlyInputs);
    args.add(bwrap.toString());
    args.addAll(
        List.of(
            "--new-session",
            "--die-with-parent",
            "--unshare-pid",
            "--unshare-ipc",
            "--unshare-uts",
            "--unshare-cgroup-try"));
    if (network == Network.NONE) args.add("--unshare-net");
    args.addAll(List.of("--hostname", "ri-sandbox", "--cap-drop", "ALL"));
    args.addAll(List.of("--ro-bind", "/", "/", "--dev", "/dev", "--proc", "/proc"));
    args.addAll(List.of("--tmpfs", "/tmp"));
    hidden.add("/tmp (private empty tmpfs)");
    faked.put("/tmp", "private tmpfs, discarded after the phase");
    if (Files.isDirectory(Path.of("/run"))) {
      args.addAll(List.of("--tmpfs", "/run"));
      hidden.add("/run");
      try {
        Path resolv = Path.of("/etc/resolv.conf").toRealPath();
        if (resolv.startsWith("/run"))
          args.addAll(List.of("--ro-bind", resolv.toString(), resolv.toString()));
      } catch (IOException e) {
        // no resolv.conf: nothing to keep
      }
    }
    if (network == Network.NONE) bindLoopbackResolver(outDir);
    Set<String> hiddenHomes = new LinkedHashSet<>();
    if (Files.isDirectory(Path.of("/home"))) hiddenHomes.add("/home");
    for (String h : hiddenHomes) {
      args.addAll(List.of("--tmpfs", h));
      hidden.add(h);
    }
    if (realHome != null && !realHome.toString().equals(home) && Files.isDirectory(realHome)) {
      args.addAll(List.of("--tmpfs", realHome.toString()));
      hidden.add(realHome.toString() + " (real HOME)");
    }
    if (realHome != null && realHome.toString().equals(home)) {
      hidden.add(home + " (real HOME; its path shows the fake HOME)");
    }
    args.addAll(List.of("--bind", fakeHomeHost.toString(), home));
    faked.put("HOME", home + " <- " + fakeHomeHost + " (bait credentials)");
    args.addAll(List.of("--ro-bind", pythonPrefix.toString(), pythonPrefix.toString()));
    for (Path p : this.readOnlyInputs) {
      args.addAll(List.of("--ro-bind", p.toString(), p.toString()));
    }
    for (String m : maskedFiles()) {
      args.addAll(List.of("--ro-bind", "/dev/null", m));
      hidden.add(m + " (reads as empty)");
    }
    args.addAll(List.of("--tmpfs", outDir.toString()));
    hidden.add(outDir + " (the recording: traces, run.json)");
    args.addAll(List.of("--bind", work.toString(), work.toString()));
    args.addAll(List.of("--chdir", work.toString()));
    faked.put("hostname", "ri-sandbox");
    faked.put("network", network == Network.NONE ? "none (empty network namespace)" : "host");
    hidden.add("environment (all host variables but PATH, LANG, LC_*, TERM and PIP_*)");
    hidden.add("processes outside the sandbox (new pid namespace)");
  }

  /**
   * With no network, glibc's resolver would fail at connect() (no route to the host's name server)
   * before any query is sent, and the names a package looks up would never show in the trace. A
   * resolv.conf naming 127.0.0.1 (a closed port in the empty namespace: harmless) makes every query
   * a real sendto of the DNS packet, which the model decodes, answered by ECONNREFUSED at once.
   */
  private void bindLoopbackResolver(Path outDir) {
    Path conf = outDir.resolve("sandbox-resolv.conf");
    try {
      Files.writeString(conf, "nameserver 127.0.0.1\noptions timeout:1 attempts:1\n");
    } catch (IOException e) {
      return; // the recording dir is not writable: the recorder fails on it anyway
    }
    String dest = "/etc/resolv.conf";
    try {
      dest = Path.of(dest).toRealPath().toString();
    } catch (IOException e) {
      // missing or dangling: bind at /etc/resolv.conf itself
    }
    args.addAll(List.of("--ro-bind", conf.toString(), dest));
    faked.put(
        "/etc/resolv.conf",
        "nameserver 127.0.0.1 (closed port: DNS queries show in the trace and fail at once)");
  }

  static List<String> maskedFiles() {
    List<String> out = new ArrayList<>();
    for (String f : MASKED_FILES) if (Files.isRegularFile(Path.of(f))) out.add(f);
    Path ssh = Path.of("/etc/ssh");
    if (Files.isDirectory(ssh)) {
      try (DirectoryStream<Path> ds = Files.newDirectoryStream(ssh, "ssh_host_*_key")) {
        for (Path p : ds) if (Files.isRegularFile(p)) out.add(p.toString());
      } catch (IOException e) {
        // unreadable: nothing to mask
      }
    }
    return out;
  }

  /** The bwrap argv up to and including "--"; append the command. */
  List<String> argv() {
    List<String> a = new ArrayList<>(args);
    a.add("--");
    return a;
  }
}
