package io.sparkctr.jobs.ml;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparkctr.features.SparkTestSession;
import io.sparkctr.features.manifest.FeatureManifest;
import io.sparkctr.jobs.ScoreJob;
import io.sparkctr.ml.CtrClassificationModel;
import io.sparkctr.ml.CtrClassifier;
import io.sparkctr.models.bundle.RecordScorer;
import io.sparkctr.models.metrics.ScoreCounts;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.Collectors;
import org.apache.spark.ml.evaluation.BinaryClassificationEvaluator;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Spark ML API on a multi-valued field ({@code tags}, "|"-separated, max-length 8) given by the
 * typed params: the fitted model transforms rows whose tags are items, null or empty (and the same
 * rows with tags as an array column) to the scores the command line's scoring path gives them, its
 * output goes into MLlib's {@code BinaryClassificationEvaluator} as it is, and fit holds out no
 * test split.
 */
@Tag("integration")
class SparkMlMultiValuedTest {
  /** Two scorings of one float32 model agree to this (see SparkMlPipelineTest). */
  private static final double FLOAT_PRECISION = 1e-6;
  static final int ROWS = 4000;
  static final long START = 1_767_225_600L; // 2026-01-01T00:00:00Z
  @TempDir
  static Path dir;
  static Dataset<Row> logs;
  static CtrClassificationModel model;
  static String saved;

  /**
   * Click probability 0.05, plus 0.3 with tag t1, plus 0.03 × c1's number; a sixth of the rows have
   * null tags, a sixth "" (both: the field's missing value), the rest 1 to 12 items (over 8 are cut).
   */
  static Dataset<Row> planted(SparkSession spark) {
    StructType schema = new StructType().add("id", DataTypes.StringType).add("label", DataTypes.IntegerType)
        .add("timestamp", DataTypes.LongType).add("c1", DataTypes.StringType).add("tags", DataTypes.StringType);
    SplittableRandom r = new SplittableRandom(17);
    List<Row> rows = new ArrayList<>();
    for (int i = 0; i < ROWS; i++) {
      int v = r.nextInt(5);
      String tags;
      boolean t1 = false;
      switch (i % 6) {
        case 0 -> tags = null;
        case 1 -> tags = "";
        default -> {
          List<String> items = new ArrayList<>();
          for (int k = 1 + r.nextInt(12); k > 0; k--) {
            items.add("t" + r.nextInt(20));
          }
          t1 = items.subList(0, Math.min(8, items.size())).contains("t1");
          tags = String.join("|", items);
        }
      }
      int label = r.nextDouble() < 0.05 + (t1 ? 0.3 : 0) + 0.03 * v ? 1 : 0;
      rows.add(RowFactory.create("r" + i, label, START + i * 3L * 86_400 / ROWS, "v" + v, tags));
    }
    return spark.createDataFrame(rows, schema).repartition(3);
  }

  @BeforeAll
  static void fit() throws java.io.IOException {
    SparkSession spark = SparkTestSession.get();
    logs = planted(spark).cache();
    CtrClassifier ctr = new CtrClassifier().setCategoricalCols("c1").setMultiValuedCols("tags")
        .setMultiValuedSeparator("|").setMultiValuedMaxLength(8).setIdCol("id").setModelType("fm")
        .setEmbeddingDim(4).setHashBits(10).setMaxEpochs(2).setBatchSize(128).setWorkers(2)
        .setWorkDir(dir.resolve("work").toUri().toString())
        .setConfigOverrides("sparkctr.training.loss-sample-rows = 1000\nsparkctr.training.averaging-frequency = 5");
    model = ctr.fit(logs);
    saved = dir.resolve("model").toString();
    model.write().save(saved);
  }

  static Map<String, Double> byId(Dataset<Row> scored) {
    return scored.select("id", "clickProbability").collectAsList().stream()
        .collect(Collectors.toMap(r -> r.getString(0), r -> r.getDouble(1)));
  }

  @Test
  void transformsItemsNullAndEmptyTagsAsTheCommandLineScoresThem() {
    SparkSession spark = SparkTestSession.get();
    CtrClassificationModel loaded = CtrClassificationModel.load(saved);
    assertEquals(List.of(8), loaded.bundle().spec().bagLengths());
    Map<String, Double> viaMl = byId(loaded.transform(logs));
    assertEquals(ROWS, viaMl.size());

    // the command line's scoring path (score: RawScoring on the bundle) on the same rows
    String rows = dir.resolve("rows").toString();
    logs.select("id", "timestamp", "c1", "tags").write().parquet(rows);
    String out = dir.resolve("cli-scores").toString();
    ScoreJob.Result r = ScoreJob.run(spark, new ScoreJob.Params(saved, rows, out, false));
    assertEquals(ROWS, r.scored());
    Map<String, Double> viaCli = spark.read().parquet(out + "/" + ScoreJob.SCORES).collectAsList().stream()
        .collect(Collectors.toMap(x -> x.getString(0), x -> x.getDouble(1)));
    assertEquals(viaCli.keySet(), viaMl.keySet());
    for (Map.Entry<String, Double> e : viaCli.entrySet()) {
      assertEquals(e.getValue(), viaMl.get(e.getKey()), FLOAT_PRECISION, "id " + e.getKey());
    }

    // the in-JVM scorer on the saved bundle: items, null and empty; null and empty are the same missing value
    RecordScorer inJvm = new RecordScorer(loaded.bundle());
    Map<String, String> rec = new HashMap<>(Map.of("c1", "v2"));
    double items = inJvm.score(withTags(rec, "t1|t3"));
    double none = inJvm.score(withTags(rec, null));
    double empty = inJvm.score(withTags(rec, ""));
    assertEquals(none, empty, 0.0);
    assertTrue(items != none, "items score differently from missing tags");
    for (int i : new int[] {0, 1, 2, 3}) { // null, "", items, items
      Row x = logs.where("id = 'r" + i + "'").first();
      double p = inJvm.score(withTags(new HashMap<>(Map.of("c1", x.getString(3))), x.getString(4)));
      assertEquals(p, viaMl.get("r" + i), FLOAT_PRECISION, "row r" + i + " tags " + x.get(4));
    }

    // tags as an array column (as in Parquet logs): the same items, the same scores
    Dataset<Row> arrays = logs.withColumn("tags", functions.split(logs.col("tags"), "\\|"));
    assertEquals("array<string>", arrays.schema().apply("tags").dataType().simpleString());
    Map<String, Double> viaArrays = byId(loaded.transform(arrays));
    for (Map.Entry<String, Double> e : viaMl.entrySet()) {
      assertEquals(e.getValue(), viaArrays.get(e.getKey()), FLOAT_PRECISION, "id " + e.getKey());
    }
  }

  private static Map<String, String> withTags(Map<String, String> rec, String tags) {
    Map<String, String> m = new HashMap<>(rec);
    m.put("tags", tags);
    return m;
  }

  @Test
  void binaryClassificationEvaluatorTakesTheOutputAsItIs() {
    Dataset<Row> scored = model.transform(logs);
    Row one = scored.where("id = 'r42'").first();
    double p = one.getAs("clickProbability");
    assertArrayEquals(new double[] {1 - p, p}, one.<Vector>getAs("probability").toArray(), 0.0);
    double logit = Math.log(p / (1 - p));
    assertArrayEquals(new double[] {-logit, logit}, one.<Vector>getAs("rawPrediction").toArray(), 0.0);
    assertEquals(p >= 0.5 ? 1.0 : 0.0, one.<Double>getAs("prediction").doubleValue());

    // the project's exact AUC of the click probabilities
    ScoreCounts counts = new ScoreCounts();
    for (Row x : scored.select("clickProbability", "label").collectAsList()) {
      counts.add(x.getDouble(0), x.getInt(1));
    }
    double own = counts.auc();
    assertTrue(own > 0.6, "AUC " + own);
    // MLlib's evaluator with its defaults (label, rawPrediction, areaUnderROC) on the output as it is
    BinaryClassificationEvaluator evaluator = new BinaryClassificationEvaluator();
    assertEquals("areaUnderROC", evaluator.getMetricName());
    assertEquals(own, evaluator.setNumBins(0).evaluate(scored), 1e-9, "exact (no down-sampling of the curve)");
    assertEquals(own, new BinaryClassificationEvaluator().evaluate(scored), 0.005, "default 1000 bins");
    assertEquals(own, new BinaryClassificationEvaluator().setNumBins(0).setRawPredictionCol("probability")
        .evaluate(scored), 1e-9, "the probability vector ranks alike");
  }

  @Test
  void fitHoldsOutNoTestSplit() {
    FeatureManifest m = model.bundle().manifest();
    Map<String, Long> written = m.counts().written();
    assertEquals(0L, written.getOrDefault("test", 0L), "no test rows: " + written);
    assertEquals(ROWS, written.get("train") + written.get("validation"), "every row trains or validates: " + written);
    assertEquals(written.get("validation"), model.summary().validationRows());
    // validation is the last tenth of the time range (split.validation-fraction), up to the last event
    long validationStart = Instant.parse(m.split().validationStart()).getEpochSecond();
    long last = START + (ROWS - 1) * 3L * 86_400 / ROWS;
    assertEquals(logs.where("timestamp >= " + validationStart).count(), (long) written.get("validation"));
    assertTrue(Instant.parse(m.split().testStart()).getEpochSecond() > last, m.split().toString());
    double range = last - START + 1;
    assertEquals(START + Math.ceil(range * 0.9), validationStart, 1.0, "validation from the last 10%");
  }
}
