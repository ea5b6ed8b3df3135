package dev.recordinstall.batch;

import dev.recordinstall.record.RecordOptions;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.function.BiFunction;

/**
 * The record and analysis options every job of a batch uses.
 *
 * @param recordOptions the record options of one job, from its spec and its recording directory
 *     (throws {@link IllegalArgumentException} for a spec the recorder refuses)
 * @param policy a policy overlay file (null: the default policy)
 */
public record ScanSettings(BiFunction<String, Path, RecordOptions> recordOptions, Path policy) {
  public ScanSettings {
    Objects.requireNonNull(recordOptions, "recordOptions");
  }

  /** A short JSON text of the options for the runs table (the same for every job). */
  public String describe() {
    RecordOptions o = recordOptions.apply("spec", Path.of("recording"));
    StringBuilder b = new StringBuilder("{");
    b.append("\"indexUrl\":").append(q(o.indexUrl()));
    b.append(",\"extraIndexUrls\":").append(list(o.extraIndexUrls()));
    b.append(",\"findLinks\":").append(list(o.findLinks()));
    b.append(",\"timeoutSeconds\":{\"venv\":").append(o.venvTimeout().toSeconds());
    b.append(",\"install\":").append(o.installTimeout().toSeconds());
    b.append(",\"import\":").append(o.importTimeout().toSeconds()).append('}');
    b.append(",\"network\":").append(q(o.network().label()));
    b.append(",\"fast\":").append(o.fast());
    b.append(",\"lingerMillis\":").append(o.linger().toMillis());
    b.append(",\"skipImport\":").append(o.skipImport());
    b.append(",\"keepVenv\":").append(o.keepVenv());
    b.append(",\"maxPhaseOutput\":").append(o.maxPhaseOutput());
    b.append(",\"python\":").append(q(o.python()));
    b.append(",\"policy\":").append(q(policy == null ? null : policy.toString()));
    return b.append('}').toString();
  }

  private static String list(List<String> l) {
    return l.stream()
        .map(ScanSettings::q)
        .reduce((a, c) -> a + "," + c)
        .map(s -> "[" + s + "]")
        .orElse("[]");
  }

  private static String q(String s) {
    if (s == null) return "null";
    StringBuilder b = new StringBuilder("\"");
    for (char ch : s.toCharArray()) {
      if (ch == '"' || ch == '\\') b.append('\\').append(ch);
      else if (ch < 0x20) b.append(String.format("\\u%04x", (int) ch));
      else b.append(ch);
    }
    return b.append('"').toString();
  }
}
