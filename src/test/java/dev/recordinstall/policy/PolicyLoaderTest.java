package dev.recordinstall.policy;

import static org.junit.jupiter.api.Assertions.*;

import dev.recordinstall.model.Activity;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PolicyLoaderTest {
  @Test
  void defaultLoadsWithEveryCategory() {
    Policy p = Policy.loadDefault();
    assertTrue(p.ruleIds().size() >= 25, p.ruleIds().toString());
    for (String cat : Policy.CATEGORIES) {
      assertTrue(p.rules.values().stream().anyMatch(r -> r.category().equals(cat)), cat);
    }
    for (Policy.RuleDef r : p.rules.values()) {
      for (Policy.ExceptionDef e : r.exceptions()) assertFalse(e.comment().isBlank(), e.name());
    }
  }

  @Test
  void overlayAddsExceptionAndListItems(@TempDir Path tmp) throws Exception {
    Fx fx = Fx.imports().file(200, Activity.FileOp.WRITE, "/opt/app/cache.db");
    assertEquals(List.of("file.write-outside"), fx.ruleIds());
    Path overlay = tmp.resolve("site.yaml");
    Files.writeString(
        overlay,
        """
        schemaVersion: 1
        lists:
          - list: writable_roots
            append: true
            items: [/opt/app]
        rules:
          - rule: exit.nonzero
            append: true
            severity: low
            exceptions:
              - name: our-ci-tool
                comment: our wrapper exits 3 on purpose
                when: {comm: ci-wrapper}
        """);
    Policy p = Policy.load(List.of(overlay));
    List<Finding> f = p.compile(Fx.vars()).evaluate(List.of(fx.input()));
    assertEquals(List.of(), f);
    assertEquals(List.of("default", overlay.toString()), p.sources());
    assertEquals("low", p.rules.get("exit.nonzero").severity());
  }

  @Test
  void overlayCanDisableAndAddRules() {
    Policy p =
        Policy.loadDefault()
            .withYaml(
                """
                schemaVersion: 1
                rules:
                  - rule: file.write-outside
                    append: true
                    enabled: false
                  - rule: site.no-opt
                    description: nothing reads /opt
                    category: file
                    severity: low
                    kind: file
                    condition: {path: {prefix: /opt}, op: READ}
                    output: "read {path}"
                """,
                "overlay");
    Fx fx =
        Fx.imports()
            .file(200, Activity.FileOp.WRITE, "/opt/x")
            .file(200, Activity.FileOp.READ, "/opt/y");
    assertEquals(
        List.of("site.no-opt"),
        p.compile(Fx.vars()).evaluate(List.of(fx.input())).stream().map(Finding::ruleId).toList());
  }

  @Test
  void errorsNameThePlace() {
    assertErr("schemaVersion: 2\n", "schemaVersion must be 1");
    assertErr("schemaVersion: 1\nrules: [{rule: a}]\n", "rules[0] (a): 'category' is required");
    assertErr(
        "schemaVersion: 1\nrules:\n - {rule: a, description: d, category: file, severity: high,"
            + " kind: file, output: o, condition: {colour: red}}\n",
        "unknown field 'colour'");
    assertErr(
        "schemaVersion: 1\nrules:\n - {rule: a, description: d, category: file, severity: high,"
            + " kind: file, output: o, condition: {path: {regex: x}}}\n",
        "unknown matcher 'regex'");
    assertErr(
        "schemaVersion: 1\nrules:\n - {rule: a, description: d, category: file, severity: high,"
            + " kind: file, output: o, condition: {path: '@nope'}}\n",
        "unknown list 'nope'");
    assertErr(
        "schemaVersion: 1\nmacros: [{macro: m, condition: {macro: m}}]\nrules:\n - {rule: a,"
            + " description: d, category: file, severity: high, kind: file, output: o, condition:"
            + " {macro: m}}\n",
        "refers to itself");
    assertErr(
        "schemaVersion: 1\nrules:\n - {rule: a, description: d, category: file, severity: high,"
            + " kind: file, output: o, condition: {}, exceptions: [{name: x, when: {}}]}\n",
        "say why in 'comment'");
    assertErr("schemaVersion: 1\nrules: [{rule: exit.nonzero, append: true}]\n", "unknown rule");
    assertErr("[1, 2", "not valid YAML");
  }

  private static void assertErr(String yaml, String expected) {
    PolicyException e = assertThrows(PolicyException.class, () -> Policy.parse(yaml, "t.yaml"));
    assertTrue(e.getMessage().contains(expected), e.getMessage());
    assertTrue(
        e.getMessage().startsWith("t.yaml") || e.getMessage().startsWith("rule "), e.getMessage());
  }

  @Test
  void variablesExpandAndMissingOnesDrop() {
    Policy p =
        Policy.parse(
            """
            schemaVersion: 1
            lists: [{list: roots, items: [$VENV, "$MISSING/x", "${HOME}/a"]}]
            rules:
              - {rule: r, description: d, category: file, severity: low, kind: file,
                 output: "{path}", condition: {path: {prefix: "@roots"}}}
            """,
            "t");
    CompiledPolicy c = p.compile(Fx.vars());
    assertTrue(c.warnings().get(0).contains("$MISSING"), c.warnings().toString());
    Fx fx =
        Fx.imports()
            .file(200, Activity.FileOp.READ, Fx.VENV + "/bin/python")
            .file(200, Activity.FileOp.READ, Fx.HOME + "/a/b")
            .file(200, Activity.FileOp.READ, Fx.HOME + "/ab");
    List<Finding> f = c.evaluate(List.of(fx.input()));
    assertEquals(1, f.size());
    assertEquals(2, f.get(0).count());
  }

  @Test
  void globSemantics() {
    assertTrue(Glob.compile("/a/*/c").matches("/a/b/c"));
    assertFalse(Glob.compile("/a/*/c").matches("/a/b/x/c"));
    assertTrue(Glob.compile("/a/**").matches("/a/b/x/c"));
    assertTrue(Glob.compile("/proc/[0-9]*/environ").matches("/proc/12/environ"));
    assertFalse(Glob.compile("/proc/[!0-9]*").matches("/proc/1"));
    assertTrue(Glob.compile("a.b(c)+$").matches("a.b(c)+$"));
    assertFalse(Glob.compile("a.b").matches("axb"));
  }

  @Test
  void hostileTextIsEscapedInMessages() {
    Fx fx = Fx.imports().file(200, Activity.FileOp.READ, Fx.HOME + "/.ssh/\u001b[2Jid\nrsa");
    Finding f = fx.eval().get(0);
    assertFalse(f.message().contains("\u001b"), f.message());
    assertFalse(f.message().contains("\n"));
    assertFalse(f.evidence().get(0).event().contains("\u001b"));
  }

  @Test
  void markerEncodings() {
    List<String> enc = PolicyVars.encodedMarkers(List.of("RI-BAIT-abcdef123456"));
    String b64 =
        java.util.Base64.getEncoder().encodeToString("Xsecret=RI-BAIT-abcdef123456&".getBytes());
    assertTrue(enc.stream().anyMatch(b64::contains), enc + " in " + b64);
    assertTrue(enc.contains("ri-bait-abcdef123456"));
    assertEquals(List.of(), PolicyVars.encodedMarkers(List.of("ab")));
    assertEquals(Map.of(), Map.of());
  }
}
