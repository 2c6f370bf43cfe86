package io.sparkctr.features.spark;

import org.junit.jupiter.api.Tag;
import static io.sparkctr.features.spark.FeatureTestSupport.SYNTHETIC;
import static io.sparkctr.features.spark.FeatureTestSupport.config;
import static io.sparkctr.features.spark.FeatureTestSupport.readManifest;
import static io.sparkctr.features.spark.FeatureTestSupport.rowsById;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparkctr.features.SparkTestSession;
import io.sparkctr.features.manifest.FeatureManifest;
import io.sparkctr.features.synthetic.SyntheticLogWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.commons.codec.digest.MurmurHash3;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The feature job on generated CSV: accounting, exact indices, determinism, downsampling, Parquet input. */
@Tag("integration")
class FeaturePipelineTest {
  static final long ROWS = 30_000;
  @TempDir
  static Path dir;
  static SparkSession spark;
  static String logs;
  static FeatureManifest first;

  @BeforeAll
  static void generateAndRunOnce() {
    spark = SparkTestSession.get();
    SyntheticLogWriter.write(spark, ROWS, 5, 3, dir.resolve("gen").toString(), false);
    logs = dir.resolve("gen").resolve(SyntheticLogWriter.LOGS).toString();
    first = FeaturePipeline.run(spark, config(SYNTHETIC, logs, dir.resolve("out1").toString()));
  }

  @Test
  void everyRowIsAccountedForAndTheSplitIsTimeOrdered() {
    FeatureManifest.Counts c = first.counts();
    assertEquals(ROWS, c.rowsRead());
    assertEquals(0, c.totalQuarantined());
    assertEquals(0, c.downsampled());
    long written = c.written().values().stream().mapToLong(Long::longValue).sum();
    assertEquals(ROWS, written);
    // 5 days: 3 train, 1 validation, 1 test
    assertEquals(ROWS * 3 / 5, c.written().get("train"), ROWS * 0.01);
    Path out = dir.resolve("out1");
    long trainMax = spark.read().parquet(out.resolve("train").toString()).agg(functions.max("timestamp"))
        .first().getLong(0);
    long valMin = spark.read().parquet(out.resolve("validation").toString()).agg(functions.min("timestamp"))
        .first().getLong(0);
    assertTrue(trainMax < valMin);
    for (String split : List.of("train", "validation", "test")) {
      Dataset<Row> d = spark.read().parquet(out.resolve(split).toString());
      assertEquals(c.written().get(split), d.count());
      assertEquals(c.positives().get(split), d.filter("label = 1").count());
    }
  }

  @Test
  void manifestRoundTripsThroughItsFile() throws Exception {
    Path out = dir.resolve("out1");
    FeatureManifest read = readManifest(out);
    assertEquals(first, read);
    assertEquals(Files.readString(out.resolve(FeatureManifest.FILE_NAME)), read.toJson());
    assertEquals(8 + 3 + 3, first.slots().size());     // 8 categorical, n1-n3 bucketized, 3 crosses
    assertEquals(1, first.dense().size());
    assertEquals(7, first.slots().get(7 + 3).edges().size()); // n3: 8 buckets, 7 edges
    assertTrue(first.slots().get(4).vocabulary().size() > 10);  // c5 has a vocabulary
  }

  /** Recomputes indices of test rows from the raw CSV with an independent murmur3. */
  @Test
  void indicesEqualAnIndependentComputationFromTheRawRows() {
    Map<String, Row> raw = new HashMap<>();
    for (Row r : spark.read().option("header", true).csv(logs).collectAsList()) {
      raw.put(r.getAs("id"), r);
    }
    int reserved = 2 * first.slots().size();
    List<String> vocab = first.slots().get(4).vocabulary();
    int checked = 0;
    for (Row f : rowsById(spark, dir.resolve("out1"), "test")) {
      Row r = raw.get(f.<String>getAs("id"));
      List<Integer> idx = f.getList(f.fieldIndex("indices"));
      String c1 = r.getAs("c1");
      String c2 = r.getAs("c2");
      String c5 = r.getAs("c5");
      String n1 = r.getAs("n1");
      assertEquals(c1 == null ? 0 : hash("c1=" + c1, reserved), idx.get(0));
      assertEquals(c5 == null ? 8 : vocab.contains(c5) ? hash("c5=" + c5, reserved) : 9, idx.get(4));
      if (n1 != null) {
        double v = Double.parseDouble(n1);
        String bucket = v > 2 ? "L" + (long) Math.floor(Math.log(v) * Math.log(v)) : "S" + (long) Math.floor(v);
        assertEquals(hash("n1=" + bucket, reserved), idx.get(8));
      }
      int cross = 8 + 3;
      assertEquals(c1 == null || c2 == null ? 2 * cross : hash("c1_x_c2=" + c1 + "\u0001" + c2, reserved),
          idx.get(cross));
      assertEquals(r.<String>getAs("user_id"), f.getAs("group"));
      checked++;
    }
    assertTrue(checked > 1000, "checked " + checked);
  }

  private static int hash(String token, int reserved) {
    byte[] b = token.getBytes(StandardCharsets.UTF_8);
    return reserved + (int) (Integer.toUnsignedLong(MurmurHash3.hash32x86(b, 0, b.length, 42)) % ((1 << 16) - reserved));
  }

  @Test
  void rerunWithTheSameInputsGivesIdenticalOutput() throws Exception {
    Path again = dir.resolve("out-again");
    FeaturePipeline.run(spark, config(SYNTHETIC, logs, again.toString()));
    assertEquals(Files.readString(dir.resolve("out1").resolve(FeatureManifest.FILE_NAME)),
        Files.readString(again.resolve(FeatureManifest.FILE_NAME)));
    for (String split : List.of("train", "validation", "test")) {
      assertEquals(rowsById(spark, dir.resolve("out1"), split), rowsById(spark, again, split), split);
    }
  }

  @Test
  void downsamplingKeepsPositivesAndTheRateOfTrainingNegativesOnly() {
    Path out = dir.resolve("down");
    FeatureManifest m = FeaturePipeline.run(spark, config(SYNTHETIC + "\nsparkctr.features.downsampling"
        + ".negative-rate = 0.3", logs, out.toString()));
    FeatureManifest.Counts all = first.counts();
    FeatureManifest.Counts c = m.counts();
    assertEquals(0.3, m.downsampling().negativeRate());
    assertEquals(all.written().get("validation"), c.written().get("validation"));
    assertEquals(all.written().get("test"), c.written().get("test"));
    long trainPos = spark.read().parquet(out.resolve("train").toString()).filter("label = 1").count();
    assertEquals(all.positives().get("train"), trainPos);
    long negativesBefore = all.written().get("train") - all.positives().get("train");
    long negativesAfter = c.written().get("train") - trainPos;
    assertEquals(0.3, (double) negativesAfter / negativesBefore, 0.02);
    assertEquals(negativesBefore - negativesAfter, c.downsampled());
    assertEquals(ROWS, c.written().values().stream().mapToLong(Long::longValue).sum() + c.downsampled());
  }

  @Test
  void parquetInputGivesTheSameFeaturesAsCsv() {
    String parquet = dir.resolve("logs-parquet").toString();
    spark.read().option("header", true).csv(logs)
        .withColumn("label", functions.col("label").cast("int"))
        .withColumn("timestamp", functions.col("timestamp").cast("long"))
        .withColumn("n3", functions.col("n3").cast("double"))
        .write().parquet(parquet);
    Path out = dir.resolve("from-parquet");
    FeatureManifest m = FeaturePipeline.run(spark, config(SYNTHETIC + "\nsparkctr.features.input.format = parquet",
        parquet, out.toString()));
    assertEquals(first.counts().written(), m.counts().written());
    assertEquals(first.slots(), m.slots());
    for (String split : List.of("validation", "test")) {
      assertEquals(rowsById(spark, dir.resolve("out1"), split), rowsById(spark, out, split), split);
    }
  }

  @Test
  void nothingIsLeftBesideThePublishedOutputs() throws Exception {
    assertFalse(FeatureTestSupport.hiddenSiblings(dir.resolve("out1")).stream().anyMatch(n -> n.contains("staging")));
  }
}
