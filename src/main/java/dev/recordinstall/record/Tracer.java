package dev.recordinstall.record;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The strace invocation and the inspection of its log. Flags (see docs/recording.md): {@code -f}
 * (follow forks, one file), {@code -ttt} (epoch timestamps with microseconds), {@code -yy} (decode
 * fds to paths and socket endpoints), {@code --pidns-translation} (pids the tracee sees in its
 * namespace also printed as host pids), {@code -s N} (N ≥ 256 bytes of every string), never {@code
 * -qq} (keeps the exit and signal lines). {@code --fast} adds {@code --seccomp-bpf} with {@link
 * #FAST_SYSCALLS}.
 */
final class Tracer {
  private Tracer() {}

  /**
   * The syscalls --fast keeps: process lifecycle, network, credentials, everything that opens,
   * creates, removes, renames or re-permissions a path, fd duplication/closing (fd table), signals
   * to other processes, and the rare security-relevant calls. Dropped: read/write family, lseek,
   * the stat family, ioctl, memory management except mmap/mprotect, futex, signal masks, clocks.
   */
  static final String FAST_SYSCALLS =
      "%process,%network,%creds,open,openat,openat2,creat,rename,renameat,renameat2,unlink,"
          + "unlinkat,mkdir,mkdirat,rmdir,symlink,symlinkat,link,linkat,chmod,fchmod,fchmodat,"
          + "chown,fchown,lchown,fchownat,truncate,ftruncate,mknod,mknodat,access,faccessat,"
          + "faccessat2,readlink,readlinkat,getdents64,chdir,fchdir,chroot,mount,umount2,"
          + "pivot_root,dup,dup2,dup3,fcntl,close,close_range,pipe,pipe2,kill,tkill,tgkill,"
          + "rt_sigqueueinfo,rt_tgsigqueueinfo,pidfd_open,pidfd_send_signal,pidfd_getfd,ptrace,"
          + "prctl,arch_prctl,memfd_create,seccomp,bpf,init_module,finit_module,delete_module,"
          + "kexec_load,kexec_file_load,process_vm_readv,process_vm_writev,personality,unshare,"
          + "setns,keyctl,add_key,request_key,mmap,mprotect,sendfile,splice,tee,copy_file_range,"
          + "perf_event_open,userfaultfd,io_uring_setup,io_uring_enter,name_to_handle_at,"
          + "open_by_handle_at,setxattr,lsetxattr,fsetxattr,utimensat,reboot,swapon,iopl,ioperm,"
          + "sethostname,setdomainname,mount_setattr,move_mount,fsopen,fsmount,open_tree";

  static List<String> argv(Path strace, Path traceFile, int stringLimit, boolean fast) {
    List<String> a = new ArrayList<>();
    a.add(strace.toString());
    a.add("-f");
    a.add("-ttt");
    a.add("-yy");
    // The tracee runs in bwrap's pid namespace; strace runs outside it. Without this flag clone()
    // returns and kill() targets show namespace pids (2, 3, ...) while line prefixes show host
    // pids.
    a.add("--pidns-translation");
    a.add("-s");
    a.add(Integer.toString(stringLimit));
    if (fast) {
      a.add("--seccomp-bpf");
      a.add("-e");
      a.add("trace=" + FAST_SYSCALLS);
    }
    a.add("-o");
    a.add(traceFile.toString());
    a.add("--");
    return a;
  }

  /** What the end of a trace says: the root process's fate, and whether the log is whole. */
  record Verdict(Integer rootPid, Integer rootExitStatus, boolean endsWithNewline, String problem) {
    boolean complete() {
      return problem == null;
    }
  }

  private static final Pattern FIRST = Pattern.compile("^(\\d+)\\s");

  /** Inspects a finished trace: bounded reads of its head and its last 1 MiB. */
  static Verdict inspect(Path trace) {
    if (!Files.isRegularFile(trace)) return new Verdict(null, null, false, "no trace file");
    try (RandomAccessFile f = new RandomAccessFile(trace.toFile(), "r")) {
      long len = f.length();
      if (len == 0) return new Verdict(null, null, false, "the trace is empty");
      byte[] head = new byte[(int) Math.min(len, 4096)];
      f.readFully(head);
      Matcher m = FIRST.matcher(new String(head, StandardCharsets.ISO_8859_1));
      if (!m.find()) return new Verdict(null, null, false, "the trace does not start with a pid");
      int root = Integer.parseInt(m.group(1));
      long from = Math.max(0, len - (1 << 20));
      byte[] tail = new byte[(int) (len - from)];
      f.seek(from);
      f.readFully(tail);
      boolean nl = tail[tail.length - 1] == '\n';
      String t = new String(tail, StandardCharsets.ISO_8859_1);
      Pattern exit =
          Pattern.compile(
              "(?m)^"
                  + root
                  + "\\s+\\S+\\s+\\+\\+\\+ (?:exited with (\\d+)|killed by (SIG[A-Z0-9]+))");
      Matcher e = exit.matcher(t);
      Integer status = null;
      while (e.find()) {
        status =
            e.group(1) != null ? Integer.valueOf(e.group(1)) : 128 + Signals.number(e.group(2));
      }
      String problem = null;
      if (!nl) problem = "the trace ends mid-line (the tracer died while writing)";
      else if (status == null)
        problem = "the trace has no exit line for the root process " + root + " (tracer died?)";
      return new Verdict(root, status, nl, problem);
    } catch (IOException | RuntimeException e) {
      return new Verdict(null, null, false, "cannot read the trace: " + e.getMessage());
    }
  }

  /** Signal numbers on Linux x86-64/arm64 for the names strace prints. */
  static final class Signals {
    private static final List<String> NAMES =
        List.of(
            "",
            "SIGHUP",
            "SIGINT",
            "SIGQUIT",
            "SIGILL",
            "SIGTRAP",
            "SIGABRT",
            "SIGBUS",
            "SIGFPE",
            "SIGKILL",
            "SIGUSR1",
            "SIGSEGV",
            "SIGUSR2",
            "SIGPIPE",
            "SIGALRM",
            "SIGTERM",
            "SIGSTKFLT",
            "SIGCHLD",
            "SIGCONT",
            "SIGSTOP",
            "SIGTSTP",
            "SIGTTIN",
            "SIGTTOU",
            "SIGURG",
            "SIGXCPU",
            "SIGXFSZ",
            "SIGVTALRM",
            "SIGPROF",
            "SIGWINCH",
            "SIGIO",
            "SIGPWR",
            "SIGSYS");

    static int number(String name) {
      int i = NAMES.indexOf(name);
      return i > 0 ? i : 0;
    }

    private Signals() {}
  }
}
