package io.sparkctr.features.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigLoaderTest {
  static final String MINIMAL = "sparkctr.features.schema { categorical = [c1, c2], numeric = [n1] }\n";

  @TempDir
  Path dir;

  private File write(String name, String text) throws Exception {
    Path p = dir.resolve(name);
    Files.writeString(p, text);
    return p.toFile();
  }

  @Test
  void misspelledKeyIsRejectedWithKeyFileAndSuggestion() throws Exception {
    File f = write("user.conf", MINIMAL + "sparkctr.features.hashing.bitz = 20\n");
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> FeatureConfig.load(f));
    assertTrue(e.getMessage().contains("sparkctr.features.hashing.bitz"), e.getMessage());
    assertTrue(e.getMessage().contains("user.conf"), e.getMessage());
    assertTrue(e.getMessage().contains("line 2"), e.getMessage());
    assertTrue(e.getMessage().contains("did you mean 'sparkctr.features.hashing.bits'"), e.getMessage());
  }

  @Test
  void unknownSectionIsRejected() throws Exception {
    File f = write("user.conf", MINIMAL + "sparkctr.featurez { x = 1 }\n");
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> FeatureConfig.load(f));
    assertTrue(e.getMessage().contains("unknown key 'sparkctr.featurez.x'"), e.getMessage());
  }

  @Test
  void typedValuesAreReadAndDefaultsFillTheRest() throws Exception {
    File f = write("ok.conf", MINIMAL + "sparkctr.features { hashing.bits = 20\n crosses = [[c1, c2]]\n"
        + " numeric-transform.fields { n1 = quantile }\n vocabulary.fields { c1_x_c2 = 3 } }\n");
    FeatureConfig c = FeatureConfig.load(f);
    assertEquals(20, c.hashing().bits());
    assertEquals(List.of(List.of("c1", "c2")), c.crosses());
    assertEquals(NumericKind.QUANTILE, c.numericTransform().kindOf("n1"));
    assertEquals(3, c.vocabulary().minCountOf("c1_x_c2"));
    assertEquals(0, c.vocabulary().minCountOf("c1"));
    assertEquals(InputFormat.CSV, c.input().format());
    assertEquals(SplitMode.FRACTIONS, c.split().mode());
  }

  @Test
  void badValuesAndDanglingReferencesNameTheKey() throws Exception {
    assertMessage(MINIMAL + "sparkctr.features.hashing.bits = 40", "hashing.bits");
    assertMessage(MINIMAL + "sparkctr.features.crosses = [[c1, zz]]", "'zz'");
    assertMessage(MINIMAL + "sparkctr.features.numeric-transform.fields { c9 = quantile }", "numeric-transform.fields.c9");
    assertMessage(MINIMAL + "sparkctr.features.numeric-transform.default = cubic", "log-bucket, quantile, standardize");
    assertMessage(MINIMAL + "sparkctr.features.input.format = json", "csv, tsv, parquet");
    assertMessage(MINIMAL + "sparkctr.features.input.header = false", "input.columns");
    assertMessage(MINIMAL + "sparkctr.features.downsampling.negative-rate = 0", "negative-rate");
    assertMessage(MINIMAL + "sparkctr.features.schema.timestamp.format = \"qq-bad\"", "schema.timestamp.format");
    assertMessage(MINIMAL + "sparkctr.features.split { mode = instants, validation-start = \"2026-01-05T00:00:00Z\","
        + " test-start = \"2026-01-04T00:00:00Z\" }", "test-start");
    assertMessage(MINIMAL + "sparkctr.features.split { mode = instants, validation-start = yesterday,"
        + " test-start = \"2026-01-04T00:00:00Z\" }", "ISO-8601");
  }

  private void assertMessage(String hocon, String expected) throws Exception {
    File f = write("bad.conf", hocon);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> FeatureConfig.load(f));
    assertTrue(e.getMessage().contains(expected), e.getMessage());
    assertTrue(e.getMessage().contains("bad.conf"), e.getMessage());
  }

  @Test
  void everyShippedPresetLoads() {
    File presets = new File("../conf/presets");
    File[] files = presets.listFiles((d, n) -> n.endsWith(".conf"));
    assertTrue(files != null && files.length >= 3, "presets under " + presets.getAbsolutePath());
    for (File f : files) {
      FeatureConfig c = FeatureConfig.load(f);
      assertTrue(c.schema().requiredColumns().size() > 1, f.getName());
    }
  }
}
