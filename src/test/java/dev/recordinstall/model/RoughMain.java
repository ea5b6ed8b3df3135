package dev.recordinstall.model;

import dev.recordinstall.modeljson.ModelJson;
import dev.recordinstall.strace.TraceEvent;
import java.nio.file.Path;
import java.util.List;

/** TEST-ONLY: prints tree (or JSON with --json) of a log through the rough reader. */
final class RoughMain {
  public static void main(String[] a) throws Exception {
    List<TraceEvent> ev = RoughStrace.readAll(Path.of(a[0]));
    BehaviorModel m = ModelBuilder.build(a.length > 1 && !a[1].startsWith("-") ? a[1] : null, ev);
    if (List.of(a).contains("--json")) System.out.println(ModelJson.write(m));
    else System.out.println(ProcessTree.render(m));
  }
}
