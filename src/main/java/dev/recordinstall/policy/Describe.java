package dev.recordinstall.policy;

import dev.recordinstall.model.Activity;
import dev.recordinstall.model.BehaviorModel;
import dev.recordinstall.model.ProcessInfo;
import java.nio.charset.StandardCharsets;

/** A short, decoded text of the event behind a subject, for evidence. */
final class Describe {
  private Describe() {}

  static String event(Subject s) {
    Object it = s.item;
    if (it instanceof Activity.FileAccess f) {
      StringBuilder sb = new StringBuilder();
      sb.append(f.syscall()).append(' ').append(f.op()).append(' ').append(f.path());
      if (f.path2() != null) sb.append(" -> ").append(f.path2());
      if (f.mode() >= 0) sb.append(" mode ").append(Integer.toOctalString(f.mode()));
      sb.append(f.errno() == null ? " = ok" : " = " + f.errno());
      return sb.toString();
    }
    if (it instanceof Activity.ExecutableCreated e) {
      return "executable " + e.path() + " (" + e.how() + ")";
    }
    if (it instanceof Activity.Network n) {
      StringBuilder sb = new StringBuilder();
      sb.append(n.syscall()).append(' ').append(n.op()).append(' ').append(n.family());
      if (n.type() != null) sb.append('/').append(n.type());
      if (n.protocol() != null) sb.append('/').append(n.protocol());
      if (n.address() != null) {
        sb.append(' ').append(n.address());
        if (n.port() > 0) sb.append(':').append(n.port());
      }
      if (n.hostName() != null) sb.append(" (").append(n.hostName()).append(')');
      if (n.bytes() >= 0) sb.append(' ').append(n.bytes()).append(" bytes");
      if (n.payload() != null && n.payload().length > 0) {
        int len = Math.min(n.payload().length, 80);
        sb.append(" \"")
            .append(new String(n.payload(), 0, len, StandardCharsets.ISO_8859_1))
            .append(n.payload().length > len ? "…\"" : "\"");
      }
      sb.append(n.errno() == null ? "" : " = " + n.errno());
      return sb.toString();
    }
    if (it instanceof Activity.DnsQuery d) {
      return "DNS query " + d.qtype() + " " + d.name() + " to " + d.server();
    }
    if (it instanceof Activity.DnsAnswer d) {
      return "DNS answer " + d.name() + " -> " + d.addresses();
    }
    if (it instanceof Activity.TlsHello t) {
      return "TLS ClientHello SNI " + t.sni() + " to " + t.address() + ":" + t.port();
    }
    if (it instanceof Activity.HttpRequest h) {
      return "HTTP "
          + h.requestLine()
          + " Host: "
          + h.host()
          + " to "
          + h.address()
          + ":"
          + h.port();
    }
    if (it instanceof Activity.NotableCall c) {
      StringBuilder sb = new StringBuilder(c.syscall()).append('(');
      if (c.details() != null) sb.append(c.details());
      sb.append(')');
      if (c.targetPid() != 0) {
        sb.append(" target pid ").append(c.targetPid());
        sb.append(c.targetInTree() ? " (in tree)" : " (outside the tree)");
      }
      sb.append(c.errno() == null ? " = ok" : " = " + c.errno());
      return sb.toString();
    }
    if (it instanceof Activity.SignalSeen sig) {
      return "signal " + sig.signal() + (sig.senderPid() > 0 ? " from pid " + sig.senderPid() : "");
    }
    if (it instanceof Activity.Integrity i) {
      return i.kind() + ": " + i.detail();
    }
    if (it instanceof ProcessInfo.Exec e) {
      return "execve "
          + e.path()
          + " "
          + (e.argv() == null ? "" : e.argv())
          + (e.ok() ? "" : " = " + e.errno());
    }
    if (it instanceof ProcessInfo p) {
      if (p.killedBy() != null) return "killed by " + p.killedBy();
      if (p.exitCode() != null) return "exited with " + p.exitCode();
      return "never seen exiting";
    }
    if (it instanceof BehaviorModel.SyscallUse u) {
      return u.name() + " called " + u.count() + " time" + (u.count() == 1 ? "" : "s");
    }
    if (it instanceof PhaseFacts f) {
      return "phase "
          + f.name()
          + ": exit "
          + f.exitStatus()
          + ", traced "
          + f.traced()
          + ", trace complete "
          + f.traceComplete()
          + ", tracer exit "
          + f.tracerExitStatus()
          + (f.timedOut() ? ", timed out" : "")
          + (f.outputLimited() ? ", stopped at the output limit" : "")
          + ", parse errors "
          + f.parseErrors();
    }
    return s.kind;
  }
}
