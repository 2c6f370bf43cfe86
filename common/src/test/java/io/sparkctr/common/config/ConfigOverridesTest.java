package io.sparkctr.common.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.Config;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code --set key=value} over a file: precedence, value types, and the file's error messages. */
class ConfigOverridesTest {
  @TempDir
  Path dir;

  private File conf(String text) throws Exception {
    Path f = dir.resolve("my.conf");
    Files.writeString(f, text);
    return f.toFile();
  }

  @Test
  void overridesWinOverTheFileAndTheDefaults() throws Exception {
    File f = conf("sparkctr.training { epochs = 7, batch-size = 64 }\n");
    Config c = ConfigLoader.load(f, List.of("sparkctr.training.epochs=3", "training.lr-patience=5",
        "sparkctr.nightly.input=hdfs:///logs/{date}//x", "sparkctr.training.epochs = 4"));
    assertEquals(4, c.getInt("sparkctr.training.epochs"), "the later --set of a key wins");
    assertEquals(64, c.getInt("sparkctr.training.batch-size"), "the file's other keys stay");
    assertEquals(5, c.getInt("sparkctr.training.lr-patience"), "the sparkctr. prefix is optional");
    assertEquals("hdfs:///logs/{date}//x", c.getString("sparkctr.nightly.input"), "strings are verbatim");
    assertEquals(ConfigLoader.defaults().getDouble("sparkctr.model.learning-rate"),
        c.getDouble("sparkctr.model.learning-rate"));
    assertEquals("--set sparkctr.training.epochs = 4", c.getValue("sparkctr.training.epochs").origin().description());
  }

  @Test
  void listsAndNumbersAreHocon() throws Exception {
    Config c = ConfigLoader.load(conf(""), List.of("sparkctr.model.hidden=[8, 4]", "model.learning-rate=3e-3"));
    assertEquals(List.of(8, 4), c.getIntList("sparkctr.model.hidden"));
    assertEquals(0.003, c.getDouble("sparkctr.model.learning-rate"), 1e-12);
  }

  @Test
  void mistakesAreNamedAsForTheFile() throws Exception {
    File f = conf("");
    String m = message(() -> ConfigLoader.load(f, List.of("sparkctr.training.epochz=3")));
    assertTrue(m.contains("Cannot load config --set: unknown key 'sparkctr.training.epochz' (--set "
        + "sparkctr.training.epochz=3); did you mean 'sparkctr.training.epochs'?"), m);
    m = message(() -> ConfigLoader.load(f, List.of("sparkctr.model.learning-rate=[1,")));
    assertTrue(m.contains("the value is not valid HOCON"), m);
    m = message(() -> ConfigLoader.load(f, List.of("sparkctr.training.epochs")));
    assertTrue(m.contains("Cannot parse --set 'sparkctr.training.epochs': expected key=value"), m);
    m = message(() -> ConfigLoader.load(f, List.of("sparkctr.model.hidden=5")));
    assertTrue(m.contains("key 'sparkctr.model.hidden' must be a list, got NUMBER"), m);
    // a wrong type surfaces where the settings read it, naming the --set that gave it
    Config c = ConfigLoader.load(f, List.of("sparkctr.training.epochs=ten"));
    m = assertThrows(com.typesafe.config.ConfigException.class, () -> c.getInt("sparkctr.training.epochs"))
        .getMessage();
    assertTrue(m.contains("--set sparkctr.training.epochs=ten"), m);
  }

  private static String message(Runnable r) {
    return assertThrows(IllegalArgumentException.class, r::run).getMessage();
  }
}
