package io.sparkctr.features.spark;

import org.junit.jupiter.api.Tag;
import static io.sparkctr.features.spark.FeatureTestSupport.config;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparkctr.features.SparkTestSession;
import io.sparkctr.features.manifest.FeatureManifest;
import io.sparkctr.features.manifest.FeatureManifest.Slot;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Criteo-format TSV (no header, day from the file name), and proof that quantiles, standardization
 * and vocabularies are fitted on the training split only.
 */
@Tag("integration")
class TsvAndFittingTest {
  static final String CRITEO = String.join("\n",
      "sparkctr.features {",
      "  input { format = tsv, header = false, columns = [label, I1, I2, C1, C2, C3] }",
      "  schema { label = label, timestamp { format = file-day }, categorical = [C1, C2, C3], numeric = [I1, I2] }",
      "  hashing.bits = 14",
      "  numeric-transform { fields { I1 = quantile, I2 = standardize }, quantile-buckets = 4 }",
      "  vocabulary { fields { C1 = 2 } }",
      "  split { mode = last-days, validation-days = 1, test-days = 1 }",
      "}");
  @TempDir
  static Path dir;
  static SparkSession spark;
  static FeatureManifest manifest;

  /** day_0, day_1: training; day_2 validation; day_3 test. Evaluation days have other values entirely. */
  @BeforeAll
  static void run() throws Exception {
    spark = SparkTestSession.get();
    Path in = dir.resolve("criteo");
    Files.createDirectories(in);
    for (int day = 0; day < 4; day++) {
      StringBuilder sb = new StringBuilder();
      for (int i = 0; i < 100; i++) {
        boolean train = day < 2;
        int i1 = train ? i : 1000 + i;
        double i2 = train ? (i % 2 == 0 ? 10 : 20) : 500;
        String c1 = train ? "t" + (i % 10) : "only-in-evaluation";
        String c3 = i % 4 == 0 ? "" : "x" + (i % 3);
        sb.append(i % 3 == 0 ? 1 : 0).append('\t').append(i1).append('\t').append(i2).append('\t').append(c1)
            .append('\t').append("k").append(i % 2).append('\t').append(c3).append('\n');
      }
      Files.writeString(in.resolve("day_" + day), sb.toString());
    }
    manifest = FeaturePipeline.run(spark, config(CRITEO, in.toString(), dir.resolve("out").toString()));
  }

  @Test
  void headerlessTsvWithDaysFromFileNames() {
    assertEquals(Map.of("train", 200L, "validation", 100L, "test", 100L), manifest.counts().written());
    assertEquals(0, manifest.counts().headerLines());
    assertEquals("1970-01-03T00:00:00Z", manifest.split().validationStart());
    assertEquals("1970-01-04T00:00:00Z", manifest.split().testStart());
  }

  @Test
  void aFileNameWithoutADayFailsBeforeWork() throws Exception {
    Path in = dir.resolve("kaggle");
    Files.createDirectories(in);
    Files.writeString(in.resolve("train.txt"), "1\t1\t2\ta\tb\tc\n");
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> FeaturePipeline.run(spark, config(CRITEO, in.toString(), dir.resolve("kaggle-out").toString())));
    assertTrue(e.getMessage().contains("train.txt") && e.getMessage().contains("file-day-pattern"), e.getMessage());
  }

  @Test
  void statisticsComeFromTheTrainingSplitOnly() {
    Slot i1 = manifest.slots().stream().filter(s -> s.name().equals("I1")).findFirst().orElseThrow();
    assertEquals(3, i1.edges().size());
    assertTrue(i1.edges().stream().allMatch(e -> e < 100), "edges " + i1.edges()); // evaluation values are 1000+
    FeatureManifest.DenseField i2 = manifest.dense().get(0);
    assertEquals(15.0, i2.mean(), 1e-9);     // evaluation rows (500) would move it
    assertEquals(Math.sqrt(25.0 * 200 / 199), i2.std(), 1e-9); // sample std of 100 × 10, 100 × 20
    Slot c1 = manifest.slots().get(0);
    assertEquals(List.of("t0", "t1", "t2", "t3", "t4", "t5", "t6", "t7", "t8", "t9"), c1.vocabulary());
  }

  @Test
  void evaluationValuesUnseenInTrainingGoToTheOutOfVocabularySlot() {
    List<Row> test = spark.read().parquet(dir.resolve("out").resolve("test").toString()).collectAsList();
    for (Row r : test) {
      List<Integer> idx = r.getList(r.fieldIndex("indices"));
      assertEquals(1, idx.get(0));                          // C1 is slot 0: out-of-vocabulary index 1
      assertEquals(4, idx.size());                          // C1, C2, C3, I1 (I2 is dense)
      assertTrue(idx.get(3) >= manifest.hashing().reservedIndices()); // I1's top bucket is hashed
      List<Double> dense = r.getList(r.fieldIndex("dense"));
      assertEquals((500 - 15.0) / manifest.dense().get(0).std(), dense.get(0), 1e-9);
    }
  }
}
