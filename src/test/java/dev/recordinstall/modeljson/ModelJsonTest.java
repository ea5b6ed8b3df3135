package dev.recordinstall.modeljson;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.recordinstall.model.Activity;
import dev.recordinstall.model.BehaviorModel;
import dev.recordinstall.model.ProcessInfo;
import dev.recordinstall.model.Role;
import dev.recordinstall.strace.TraceEvent.Loc;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class ModelJsonTest {
  @Test
  void writesStableJson() {
    Loc l = new Loc("t.strace", 3);
    BehaviorModel m =
        new BehaviorModel(
            "import",
            Map.of(
                7,
                new ProcessInfo(
                    7,
                    0,
                    Role.IMPORT,
                    List.of(
                        new ProcessInfo.Exec("/bin/py", List.of("py", "-c", "x"), true, null, l)),
                    "/w",
                    0,
                    null,
                    1,
                    2,
                    l)),
            List.of(
                new Activity.Network(
                    7,
                    l,
                    5,
                    Activity.NetOp.SEND,
                    3,
                    "AF_INET",
                    "SOCK_STREAM",
                    null,
                    "192.0.2.1",
                    80,
                    "a.invalid",
                    4,
                    new byte[] {'G', 0, '\\'},
                    null,
                    "write")),
            Map.of(),
            7);
    JsonNode n = JsonMapper.builder().build().readTree(ModelJson.write(m));
    assertEquals(1, n.get("schemaVersion").asInt());
    assertEquals("IMPORT", n.get("processes").get(0).get("role").asString());
    assertEquals("py -c x", n.get("processes").get(0).get("command").asString());
    JsonNode a = n.get("activities").get(0);
    assertEquals("Network", a.get("kind").asString());
    assertEquals("SEND", a.get("op").asString());
    assertEquals("t.strace:3", a.get("loc").asString());
    assertEquals("G\\x00\\\\", a.get("payload").asString());
    assertEquals("a.invalid", a.get("hostName").asString());
  }

  @Test
  void recordingDirectoryPhases(@TempDir Path dir) throws Exception {
    Files.writeString(
        dir.resolve("run.json"),
        "{\"schemaVersion\":1,\"phases\":[{\"name\":\"venv\",\"trace\":null},"
            + "{\"name\":\"install\",\"trace\":\"install.strace\"},"
            + "{\"name\":\"import\",\"trace\":\"import.strace\"}]}");
    List<ModelFiles.PhaseTrace> p = ModelFiles.phases(dir, null);
    assertEquals(2, p.size());
    assertEquals("install", p.get(0).phase());
    assertEquals(dir.resolve("import.strace"), p.get(1).trace());
    assertEquals(1, ModelFiles.phases(dir, "import").size());
    Files.writeString(
        dir.resolve("run.json"),
        "{\"phases\":[{\"name\":\"install\",\"trace\":\"../../etc/passwd\"}]}");
    try {
      ModelFiles.phases(dir, null);
      throw new AssertionError("escaping trace path accepted");
    } catch (ModelFiles.BadInputException e) {
      assertTrue(e.getMessage().contains("leaves the recording"));
    }
  }
}
