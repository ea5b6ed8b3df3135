package dev.recordinstall.modeljson;

import dev.recordinstall.model.Activity;
import dev.recordinstall.model.BehaviorModel;
import dev.recordinstall.model.ProcessInfo;
import dev.recordinstall.strace.TraceEvent.Loc;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * The behaviour model as stable JSON (schemaVersion 1). Activities carry a {@code kind} field
 * (FileAccess, Network, DnsQuery...), their record fields (Integrity's own kind as {@code
 * integrityKind}), {@code loc} as "file:line", and payloads as printable text with {@code \xNN}
 * escapes.
 */
public final class ModelJson {
  private static final JsonMapper MAPPER =
      JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();

  private ModelJson() {}

  /** Pretty-printed JSON of one model. */
  public static String write(BehaviorModel m) {
    return MAPPER.writeValueAsString(tree(m));
  }

  /** Pretty-printed JSON of several phase models: {"schemaVersion":1,"phases":[...]}. */
  public static String writeAll(List<BehaviorModel> models) {
    Map<String, Object> root = new LinkedHashMap<>();
    root.put("schemaVersion", 1);
    List<Object> phases = new ArrayList<>();
    for (BehaviorModel m : models) phases.add(tree(m));
    root.put("phases", phases);
    return MAPPER.writeValueAsString(root);
  }

  /** The model as plain maps and lists (stable key order). */
  public static Map<String, Object> tree(BehaviorModel m) {
    Map<String, Object> root = new LinkedHashMap<>();
    root.put("schemaVersion", 1);
    root.put("phase", m.phase());
    root.put("rootPid", m.rootPid());
    List<Object> procs = new ArrayList<>();
    for (ProcessInfo p : m.processes().values()) procs.add(process(p));
    root.put("processes", procs);
    List<Object> acts = new ArrayList<>();
    for (Activity a : m.activities()) acts.add(activity(a));
    root.put("activities", acts);
    Map<String, Object> sc = new LinkedHashMap<>();
    for (Map.Entry<Integer, Map<String, BehaviorModel.SyscallUse>> e : m.syscalls().entrySet()) {
      Map<String, Object> per = new LinkedHashMap<>();
      for (BehaviorModel.SyscallUse u : e.getValue().values()) per.put(u.name(), u.count());
      sc.put(Integer.toString(e.getKey()), per);
    }
    root.put("syscalls", sc);
    return root;
  }

  static Map<String, Object> process(ProcessInfo p) {
    Map<String, Object> o = new LinkedHashMap<>();
    o.put("pid", p.pid());
    o.put("parent", p.parent());
    o.put("tgid", p.tgid());
    o.put("role", p.role().name());
    o.put("command", p.command());
    o.put("cwd", p.cwd());
    o.put("exitCode", p.exitCode());
    o.put("killedBy", p.killedBy());
    o.put("startMicros", p.startMicros());
    o.put("endMicros", p.endMicros());
    o.put("firstSeen", loc(p.firstSeen()));
    List<Object> execs = new ArrayList<>();
    for (ProcessInfo.Exec x : p.execs()) {
      Map<String, Object> e = new LinkedHashMap<>();
      e.put("path", x.path());
      e.put("argv", x.argv());
      e.put("ok", x.ok());
      e.put("errno", x.errno());
      e.put("loc", loc(x.loc()));
      execs.add(e);
    }
    o.put("execs", execs);
    return o;
  }

  static Map<String, Object> activity(Activity a) {
    Map<String, Object> o = new LinkedHashMap<>();
    o.put("kind", a.getClass().getSimpleName());
    o.put("pid", a.pid());
    o.put("loc", loc(a.loc()));
    o.put("timeMicros", a.timeMicros());
    for (var c : a.getClass().getRecordComponents()) {
      String n = c.getName();
      if (n.equals("pid") || n.equals("loc") || n.equals("timeMicros")) continue;
      if (n.equals("kind")) n = "integrityKind"; // Integrity.kind: "kind" names the activity type
      Object v;
      try {
        v = c.getAccessor().invoke(a);
      } catch (ReflectiveOperationException e) {
        v = null;
      }
      if (v instanceof byte[] b) v = printable(b);
      else if (v instanceof Enum<?> en) v = en.name();
      o.put(n, v);
    }
    return o;
  }

  static String loc(Loc l) {
    return l == null ? null : l.toString();
  }

  /** Bytes as text: printable ASCII kept, everything else as \xNN. */
  public static String printable(byte[] b) {
    StringBuilder sb = new StringBuilder(b.length);
    for (byte x : b) {
      int c = x & 0xFF;
      if (c >= 0x20 && c < 0x7F && c != '\\') sb.append((char) c);
      else if (c == '\\') sb.append("\\\\");
      else sb.append(String.format("\\x%02x", c));
    }
    return sb.toString();
  }
}
