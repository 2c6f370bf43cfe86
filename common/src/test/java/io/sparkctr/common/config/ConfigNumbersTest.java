package io.sparkctr.common.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Numeric settings are finite when the config loads, whether from the file or a --set. */
class ConfigNumbersTest {
  @TempDir
  Path dir;

  @Test
  void aNumberBeyondADoubleOrANaNIsRefusedNamingTheKeyAndWhereItCameFrom() throws Exception {
    Path conf = dir.resolve("p.conf");
    Files.writeString(conf, "sparkctr.training.epochs = 2\n");
    for (String set : List.of("model.learning-rate=1e400", "sparkctr.model.learning-rate=-1e999",
        "model.learning-rate=NaN", "model.dropout=Infinity")) {
      String m = assertThrows(IllegalArgumentException.class, () -> ConfigLoader.load(conf.toFile(), List.of(set)))
          .getMessage();
      String key = "sparkctr." + set.substring(set.startsWith("sparkctr.") ? 9 : 0, set.indexOf('='));
      assertTrue(m.startsWith("Cannot load config ") && m.contains("key '" + key + "'")
          && m.contains("is not a finite number") && m.contains("--set"), set + ": " + m);
    }
    Files.writeString(conf, "sparkctr.model.learning-rate = 1e400\n");
    String m = assertThrows(IllegalArgumentException.class, () -> ConfigLoader.load(conf.toFile())).getMessage();
    assertTrue(m.contains("p.conf line 1"), m);
    assertEquals(0.5, ConfigLoader.load(conf.toFile(), List.of("model.learning-rate=0.5"))
        .getDouble("sparkctr.model.learning-rate"));
  }
}
