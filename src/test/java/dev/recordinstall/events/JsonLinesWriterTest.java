package dev.recordinstall.events;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.recordinstall.strace.StraceParser;
import dev.recordinstall.strace.TraceEvent;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

class JsonLinesWriterTest {
  static final ObjectMapper JSON = JsonMapper.builder().build();

  static List<JsonNode> encode(String log) {
    List<TraceEvent> ev = new ArrayList<>();
    StraceParser.parse(
        new ByteArrayInputStream(log.getBytes(StandardCharsets.ISO_8859_1)), "x.strace", ev::add);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (JsonLinesWriter w = JsonLinesWriter.of(out)) {
      ev.forEach(w::write);
    }
    String text = out.toString(StandardCharsets.UTF_8);
    assertTrue(text.endsWith("\n"));
    List<JsonNode> nodes = new ArrayList<>();
    for (String line : text.split("\n")) nodes.add(JSON.readTree(line));
    return nodes;
  }

  @Test
  void everyLineHasSchemaVersionTypeAndLocation() {
    List<JsonNode> n =
        encode(
            "1 1.5 close(3) = 0 <0.000010>\n1 +++ exited with 2 +++\n2 +++ killed by SIGKILL (core"
                + " dumped) +++\n1 --- SIGCHLD {si_signo=SIGCHLD} ---\n1 --- stopped by SIGSTOP ---\n"
                + "3 +++ superseded by execve in pid 4 +++\nstrace: Process 5 attached\n1 {{{\n");
    assertEquals(8, n.size());
    List<String> types = new ArrayList<>();
    for (int i = 0; i < n.size(); i++) {
      JsonNode e = n.get(i);
      assertEquals(1, e.get("schemaVersion").asInt());
      assertEquals("x.strace", e.get("file").asString());
      assertEquals(i + 1, e.get("line").asInt());
      types.add(e.get("type").asString());
    }
    assertEquals(
        List.of(
            "syscall",
            "exited",
            "killed",
            "signal",
            "stopped",
            "superseded",
            "tracer",
            "parseError"),
        types);
    assertEquals(1_500_000, n.get(0).get("time").asLong());
    assertEquals(10, n.get(0).get("duration").asInt());
    assertEquals(0, n.get(0).get("ret").get("value").asInt());
    assertEquals(2, n.get(1).get("status").asInt());
    assertTrue(n.get(2).get("coreDumped").asBoolean());
    assertEquals(
        "SIGCHLD", n.get(3).get("info").get("struct").get(0).get("value").get("ident").asString());
    assertEquals(4, n.get(5).get("formerPid").asInt());
    assertEquals("Process 5 attached", n.get(6).get("text").asString());
    assertEquals(3, n.get(7).get("column").asInt());
    assertEquals("1 {{{", n.get(7).get("text").asString());
  }

  @Test
  void stringsAreTextWhenUtf8ElseBase64() {
    List<JsonNode> n =
        encode("write(1, \"h\\303\\251llo\\n\", 7) = 7\nwrite(1, \"\\377\\0ab\"..., 4) = 4\n");
    assertEquals("héllo\n", n.get(0).get("args").get(1).get("str").asString());
    JsonNode bin = n.get(1).get("args").get(1);
    assertEquals(
        List.of(0xff, 0, (int) 'a', (int) 'b'),
        toList(Base64.getDecoder().decode(bin.get("base64").asString())));
    assertTrue(bin.get("truncated").asBoolean());
  }

  @Test
  void argumentKinds() {
    JsonNode a =
        encode("openat(AT_FDCWD</r>, \"/x\", O_RDONLY|O_CLOEXEC, 0644) = 3</x>(deleted)\n").get(0);
    JsonNode args = a.get("args");
    assertEquals(-100, args.get(0).get("fd").asInt());
    assertEquals("/r", args.get(0).get("decoration").asString());
    assertEquals("O_CLOEXEC", args.get(2).get("flags").get(1).get("ident").asString());
    assertEquals(420, args.get(3).get("int").asInt());
    assertEquals("0644", args.get(3).get("raw").asString());
    assertTrue(a.get("ret").get("fd").get("deleted").asBoolean());
    JsonNode c =
        encode(
                "connect(3, {sa_family=AF_INET6, sin6_port=htons(9), inet_pton(AF_INET6, \"::1\","
                    + " &sin6_addr)}, [128 => 28]) = 0\n")
            .get(0)
            .get("args");
    assertEquals("htons", c.get(1).get("struct").get(1).get("value").get("call").asString());
    assertEquals(
        "sin6_addr",
        c.get(1).get("struct").get(2).get("value").get("args").get(2).get("ref").asString());
    assertEquals(128, c.get(2).get("in").get("int").asInt());
    assertEquals(28, c.get(2).get("out").get("int").asInt());
  }

  static List<Integer> toList(byte[] b) {
    List<Integer> out = new ArrayList<>();
    for (byte x : b) out.add(x & 0xff);
    return out;
  }
}
