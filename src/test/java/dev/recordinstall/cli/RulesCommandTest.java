package dev.recordinstall.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.recordinstall.policy.Policy;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class RulesCommandTest {
  @TempDir Path tmp;

  @Test
  void listsEveryDefaultRuleAsTextAndJson() {
    int n = Policy.loadDefault().ruleIds().size();
    String[] t = TreeModelCommandTest.run("rules");
    assertEquals("0", t[0], t[2]);
    assertTrue(t[1].startsWith(n + " rules (" + n + " on) from default"), t[1]);
    assertTrue(t[1].contains("exceptions: failed-bytecode-cache"), t[1]);
    assertFalse(t[1].contains("\\x0a"), "descriptions end cleanly");

    String[] j = TreeModelCommandTest.run("rules", "--format", "json");
    assertEquals("0", j[0], j[2]);
    JsonNode root = JsonMapper.builder().build().readTree(j[1]);
    assertEquals(1, root.get("schemaVersion").asInt());
    assertEquals(n, root.get("rules").size());
    JsonNode first = root.get("rules").get(0);
    for (String f :
        new String[] {
          "id", "category", "severity", "enabled", "description", "tags", "kinds", "exceptions"
        }) {
      assertTrue(first.has(f), f + " in " + first);
    }
  }

  @Test
  void anOverlayThatTurnsARuleOffShowsIt() throws Exception {
    Path ov = tmp.resolve("site.yaml");
    Files.writeString(
        ov,
        "schemaVersion: 1\nrules:\n  - rule: file.sensitive\n    append: true\n    enabled: false\n");
    String[] t = TreeModelCommandTest.run("rules", "--policy", ov.toString());
    assertEquals("0", t[0], t[2]);
    assertTrue(t[1].matches("(?s).*\\nfile\\.sensitive +critical +file +OFF\\n.*"), t[1]);
  }

  @Test
  void aBadPolicyFileIsAUsageErrorThatSaysWhere() throws Exception {
    Path bad = tmp.resolve("bad.yaml");
    Files.writeString(
        bad,
        "schemaVersion: 1\nrules:\n  - rule: x.y\n    description: d\n    category: file\n"
            + "    severity: high\n    kind: file\n    condition: {nosuchfield: 1}\n    output: o\n");
    String[] r = TreeModelCommandTest.run("rules", "--policy", bad.toString());
    assertEquals("2", r[0]);
    assertTrue(r[2].contains("nosuchfield") && r[2].contains("bad.yaml"), r[2]);
    String[] missing =
        TreeModelCommandTest.run("rules", "--policy", tmp.resolve("no.yaml").toString());
    assertEquals("2", missing[0]);
    assertTrue(missing[2].contains("does not exist"), missing[2]);
    String[] fmt = TreeModelCommandTest.run("rules", "--format", "xml");
    assertEquals("2", fmt[0]);
  }
}
