package dev.recordinstall.model;

import dev.recordinstall.strace.TraceEvent.Loc;
import java.util.Map;

/**
 * What a process did, with meaning attached. Produced by the model builder in one pass; read by the
 * policy evaluator. CONTRACT: model (issue 4) -> policy (issue 5). Add variants or fields if needed
 * and update both sides.
 *
 * <p>Every activity carries pid, the log location of the syscall behind it and its timestamp.
 */
public sealed interface Activity {
  int pid();

  Loc loc();

  long timeMicros();

  enum FileOp {
    READ,
    WRITE,
    CREATE,
    TRUNCATE,
    DELETE,
    RENAME,
    LINK,
    SYMLINK,
    CHMOD,
    CHOWN,
    MKDIR,
    EXEC,
    PROBE,
    LIST
  }

  /**
   * A file operation on an absolute, normalised path. {@code path2} is the target of a rename or
   * link. {@code mode} for chmod/creat/mkdir (-1 otherwise). {@code errno} null on success.
   */
  record FileAccess(
      int pid,
      Loc loc,
      long timeMicros,
      FileOp op,
      String path,
      String path2,
      int mode,
      String errno,
      String syscall)
      implements Activity {
    public boolean ok() {
      return errno == null;
    }
  }

  /** A file gained an exec bit or got an ELF/{@code #!} header written to it. */
  record ExecutableCreated(int pid, Loc loc, long timeMicros, String path, String how)
      implements Activity {}

  enum NetOp {
    SOCKET,
    CONNECT,
    BIND,
    LISTEN,
    ACCEPT,
    SEND,
    RECV
  }

  /**
   * A network operation. {@code family} AF_INET/AF_INET6/AF_UNIX/AF_NETLINK/AF_PACKET...; {@code
   * type} SOCK_STREAM/SOCK_DGRAM/SOCK_RAW...; {@code protocol} IPPROTO_TCP/IPPROTO_ICMP/... or
   * null; {@code address}/{@code port} of the peer (or bound address) when known, unix path in
   * {@code address} for AF_UNIX; {@code hostName} the DNS name the model learnt for that address,
   * or null; {@code bytes} the number of bytes sent/received (-1 unknown); {@code payload} the
   * first bytes strace showed (may be truncated), for marker checks.
   */
  record Network(
      int pid,
      Loc loc,
      long timeMicros,
      NetOp op,
      long fd,
      String family,
      String type,
      String protocol,
      String address,
      int port,
      String hostName,
      long bytes,
      byte[] payload,
      String errno,
      String syscall)
      implements Activity {}

  /** A DNS query decoded from bytes sent to port 53; {@code server} the address asked. */
  record DnsQuery(int pid, Loc loc, long timeMicros, String name, String qtype, String server)
      implements Activity {}

  /** A DNS answer: the name and the addresses it resolved to. */
  record DnsAnswer(int pid, Loc loc, long timeMicros, String name, java.util.List<String> addresses)
      implements Activity {}

  /** TLS ClientHello SNI, or a plain-HTTP Host header, seen in the first bytes on a TCP socket. */
  record TlsHello(int pid, Loc loc, long timeMicros, String sni, String address, int port)
      implements Activity {}

  record HttpRequest(
      int pid, Loc loc, long timeMicros, String host, String requestLine, String address, int port)
      implements Activity {}

  /**
   * A call of interest (setuid family, capset, prctl, ptrace, process_vm_*, memfd_create,
   * kill/tgkill/pidfd_send_signal, mount/unshare/setns, init_module, bpf, personality, seccomp...).
   * {@code details} holds decoded arguments (e.g. "option" -> "PR_SET_NAME", "request" ->
   * "PTRACE_ATTACH", "signal" -> "SIGKILL"). {@code targetPid} is the pid acted on (0 if none);
   * {@code targetInTree} whether that pid belongs to the traced tree.
   */
  record NotableCall(
      int pid,
      Loc loc,
      long timeMicros,
      String syscall,
      Map<String, String> details,
      int targetPid,
      boolean targetInTree,
      String errno)
      implements Activity {}

  /** A signal delivered to a process ({@code --- SIGx ---}). */
  record SignalSeen(int pid, Loc loc, long timeMicros, String signal, int senderPid)
      implements Activity {}

  enum IntegrityKind {
    /** A process still alive when the root exited. */
    SURVIVOR,
    /** A call still unfinished when the log ended. */
    UNFINISHED_AT_END,
    /** The root process has no exit record: the log is cut short. */
    TRUNCATED,
    /** strace reported an error of its own (lost a process, could not attach...). */
    TRACER_ERROR,
    /** A line the parser could not read. */
    PARSE_ERROR,
    /** The model stopped recording something because a bound was reached (detail says what). */
    LIMIT_REACHED
  }

  record Integrity(int pid, Loc loc, long timeMicros, IntegrityKind kind, String detail)
      implements Activity {}
}
