package io.sparkctr.common.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.Config;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Includes resolve beside the including file however it was named; a missing one is an error; every file read is listed. */
class ConfigIncludesTest {
  @TempDir
  Path dir;

  @Test
  void aBareFileNameInTheWorkingDirectoryResolvesItsIncludesBesideIt() throws Exception {
    // the user's `--conf inc.conf`: a name without a directory, relative to the working directory
    String id = UUID.randomUUID().toString();
    File inc = new File("inc-" + id + ".conf");
    File base = new File("base-" + id + ".conf");
    try {
      Files.writeString(base.toPath(), "sparkctr.training.epochs = 7\n");
      Files.writeString(inc.toPath(), "include \"" + base.getName() + "\"\n");
      Config c = ConfigLoader.load(inc);
      assertEquals(7, c.getInt("sparkctr.training.epochs"), "the include is read, not dropped");
      assertEquals(List.of(inc.getAbsolutePath(), base.getAbsolutePath()), ConfigLoader.filesRead(c));
    } finally {
      Files.deleteIfExists(inc.toPath());
      Files.deleteIfExists(base.toPath());
    }
  }

  @Test
  void nestedIncludesResolveBesideTheirOwnIncludingFile() throws Exception {
    Files.createDirectories(dir.resolve("a/b"));
    Files.writeString(dir.resolve("a/b/leaf.conf"), "sparkctr.training.epochs = 5\n");
    Files.writeString(dir.resolve("a/mid.conf"), "include required(\"b/leaf.conf\")\n");
    Files.writeString(dir.resolve("top.conf"), "include \"a/mid.conf\"\nsparkctr.training.batch-size = 64\n");
    Config c = ConfigLoader.load(dir.resolve("top.conf").toFile());
    assertEquals(5, c.getInt("sparkctr.training.epochs"));
    assertEquals(64, c.getInt("sparkctr.training.batch-size"));
    assertEquals(3, ConfigLoader.filesRead(c).size());
    assertTrue(ConfigLoader.filesRead(c).get(2).endsWith("a/b/leaf.conf"), ConfigLoader.filesRead(c).toString());
  }

  @Test
  void aNameWithoutExtensionIsFoundAsHoconDoes() throws Exception {
    Files.writeString(dir.resolve("base.conf"), "sparkctr.training.epochs = 4\n");
    Files.writeString(dir.resolve("top.conf"), "include \"base\"\n");
    Config c = ConfigLoader.load(dir.resolve("top.conf").toFile());
    assertEquals(4, c.getInt("sparkctr.training.epochs"));
    assertTrue(ConfigLoader.filesRead(c).get(1).endsWith("base.conf"), ConfigLoader.filesRead(c).toString());
  }

  @Test
  void aMissingIncludeIsAnErrorNamingItRequiredOrNot() throws Exception {
    for (String spelled : List.of("include \"nope.conf\"", "include required(\"nope.conf\")",
        "include file(\"" + dir.resolve("nope.conf") + "\")")) {
      Files.writeString(dir.resolve("p.conf"), spelled + "\n");
      String m = assertThrows(IllegalArgumentException.class, () -> ConfigLoader.load(dir.resolve("p.conf").toFile()))
          .getMessage();
      assertTrue(m.startsWith("Cannot load config ") && m.contains(dir.resolve("nope.conf").toString())
          && m.contains("does not exist"), spelled + ": " + m);
    }
  }

  @Test
  void theDefaultsAndStringsWereReadFromNoFile() {
    assertEquals(List.of(), ConfigLoader.filesRead(ConfigLoader.defaults()));
    assertEquals(List.of(), ConfigLoader.filesRead(ConfigLoader.loadString("sparkctr.training.epochs = 2", "t")));
  }
}
