package dev.recordinstall.model;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class PathNamesTest {
  @Test
  void normalises() {
    assertEquals("/a/c", PathNames.normalize("/a/./b/../c"));
    assertEquals("/", PathNames.normalize("/../.."));
    assertEquals("/a/b", PathNames.normalize("//a//b/"));
    assertEquals("/home/u/.ssh/id_rsa", PathNames.normalize("/home/u/.ssh/id_rsa"));
    assertEquals("/x/..y/.z", PathNames.normalize("/x/..y/.z"));
    assertEquals("/x", PathNames.normalize("/x/."));
    assertEquals("/", PathNames.normalize("/x/.."));
  }

  @Test
  void resolves() {
    assertEquals("/home/u/.aws/credentials", PathNames.resolve("/home/u", ".aws/credentials"));
    assertEquals("/etc/passwd", PathNames.resolve("/home/u", "../../etc/passwd"));
    assertEquals("/abs", PathNames.resolve(null, "/abs"));
    assertEquals("rel", PathNames.resolve(null, "rel"));
    assertEquals("/home/u", PathNames.resolve("/home/u", ""));
  }
}
