package dev.recordinstall.model;

import dev.recordinstall.strace.Arg;
import dev.recordinstall.strace.TraceEvent;
import dev.recordinstall.strace.TraceEvent.Loc;
import dev.recordinstall.strace.TraceEvent.Return;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Terse constructors of parser output for unit tests (the line number counts up by itself). */
final class Ev {
  private long line;
  private final List<TraceEvent> events = new ArrayList<>();

  Loc loc() {
    return new Loc("t.strace", ++line);
  }

  Ev sys(int pid, String name, Return ret, Arg... args) {
    events.add(
        new TraceEvent.Syscall(
            pid, 1_000_000L * line, loc(), name, Arrays.asList(args), ret, 0, false, false));
    return this;
  }

  Ev add(TraceEvent e) {
    events.add(e);
    return this;
  }

  Ev exited(int pid, int status) {
    return add(new TraceEvent.Exited(pid, 1_000_000L * line, loc(), status));
  }

  List<TraceEvent> events() {
    return events;
  }

  BehaviorModel build(String phase) {
    ModelBuilder b = ModelBuilder.create(phase);
    for (TraceEvent e : events) b.accept(e);
    return b.finish();
  }

  static Return ok(long v) {
    return new Return(v, false, null, null, null, null, false, Long.toString(v));
  }

  static Return okFd(long v, String deco) {
    return new Return(v, false, null, null, new Arg.Fd(v, deco, false), null, false, "");
  }

  static Return err(String errno) {
    return new Return(-1L, false, errno, errno, null, null, false, "-1 " + errno);
  }

  static Return unknown() {
    return new Return(null, true, null, null, null, null, false, "?");
  }

  static Arg.Str str(String s) {
    return new Arg.Str(s.getBytes(StandardCharsets.ISO_8859_1), false);
  }

  static Arg.Str bytes(byte[] b) {
    return new Arg.Str(b, false);
  }

  static Arg.Int num(long v) {
    return new Arg.Int(v, Long.toString(v));
  }

  static Arg.Int oct(int v) {
    return new Arg.Int(v, "0" + Integer.toOctalString(v));
  }

  static Arg.Ident id(String n) {
    return new Arg.Ident(n);
  }

  static Arg flags(String... names) {
    if (names.length == 1) return id(names[0]);
    List<Arg> parts = new ArrayList<>();
    for (String n : names) parts.add(id(n));
    return new Arg.Flags(parts);
  }

  static Arg.Fd fd(long fd, String deco) {
    return new Arg.Fd(fd, deco, false);
  }

  static Arg.Fd cwd(String dir) {
    return new Arg.Fd(-100, dir, false);
  }

  static Arg named(String name, Arg v) {
    return new Arg.BinOp("=", id(name), v);
  }

  static Arg.Array array(Arg... items) {
    return new Arg.Array(Arrays.asList(items), false);
  }

  static Arg.Array argv(String... a) {
    List<Arg> items = new ArrayList<>();
    for (String s : a) items.add(str(s));
    return new Arg.Array(items, false);
  }

  static Arg.Struct struct(Object... kv) {
    List<Arg.Field> f = new ArrayList<>();
    for (int i = 0; i < kv.length; i += 2) f.add(new Arg.Field((String) kv[i], (Arg) kv[i + 1]));
    return new Arg.Struct(f);
  }

  static Arg.Struct inet(String addr, int port) {
    return struct(
        "sa_family",
        id("AF_INET"),
        "sin_port",
        new Arg.Call("htons", List.of(num(port))),
        "sin_addr",
        new Arg.Call("inet_addr", List.of(str(addr))));
  }

  static Arg.Struct inet6(String addr, int port) {
    return struct(
        "sa_family",
        id("AF_INET6"),
        "sin6_port",
        new Arg.Call("htons", List.of(num(port))),
        null,
        new Arg.Call("inet_pton", List.of(id("AF_INET6"), str(addr), new Arg.Ref("sin6_addr"))));
  }

  /** {@code execve(path, argv, envp) = ret} */
  Ev exec(int pid, Return ret, String path, String... argv) {
    return sys(pid, "execve", ret, str(path), argv(argv), new Arg.Raw("0x7ffc /* 3 vars */"));
  }

  /** {@code clone(child_stack=NULL, flags=...) = child} */
  Ev clone(int pid, int child, String... flags) {
    return sys(
        pid,
        "clone",
        ok(child),
        named("child_stack", id("NULL")),
        named("flags", flags(flags.length == 0 ? new String[] {"SIGCHLD"} : flags)));
  }
}
