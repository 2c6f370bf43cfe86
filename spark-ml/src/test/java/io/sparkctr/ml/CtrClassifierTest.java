package io.sparkctr.ml;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparkctr.features.SparkTestSession;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.Collectors;
import org.apache.spark.ml.Pipeline;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.PipelineStage;
import org.apache.spark.ml.evaluation.BinaryClassificationEvaluator;
import org.apache.spark.ml.feature.SQLTransformer;
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
 * The estimator in an MLlib Pipeline on planted rows (click rate set by one categorical value):
 * it learns the planted order, keeps every input column, saves and loads (model, pipeline and the
 * unfitted estimator), scores rows without label, timestamp or id, and handles unparseable rows as told.
 */
@Tag("integration")
class CtrClassifierTest {
  static final int ROWS = 6000;
  static final long START = 1_767_225_600L; // 2026-01-01T00:00:00Z
  @TempDir
  static Path dir;
  static Dataset<Row> logs;
  static PipelineModel fitted;
  static CtrClassificationModel model;

  /** Click probability 0.05 + 0.09 × i for c1 = "v" + i; n1 and the hour are noise; "tags" is never read. */
  static Dataset<Row> planted(SparkSession spark) {
    StructType schema = new StructType().add("id", DataTypes.StringType).add("label", DataTypes.IntegerType)
        .add("timestamp", DataTypes.LongType).add("c1", DataTypes.StringType).add("n1", DataTypes.DoubleType)
        .add("note", DataTypes.StringType).add("tags", DataTypes.createArrayType(DataTypes.StringType));
    SplittableRandom r = new SplittableRandom(11);
    List<Row> rows = new ArrayList<>();
    for (int i = 0; i < ROWS; i++) {
      int v = r.nextInt(10);
      int label = r.nextDouble() < 0.05 + 0.09 * v ? 1 : 0;
      rows.add(RowFactory.create("r" + i, label, START + i * 3L * 86_400 / ROWS, "v" + v, r.nextDouble() * 100,
          "note " + i, List.of("t" + (i % 3))));
    }
    return spark.createDataFrame(rows, schema).repartition(3);
  }

  @BeforeAll
  static void fit() {
    SparkSession spark = SparkTestSession.get();
    logs = planted(spark).cache();
    SQLTransformer hour = new SQLTransformer().setStatement(
        "SELECT *, concat('h', CAST(timestamp DIV 3600 % 24 AS STRING)) AS hour FROM __THIS__");
    CtrClassifier ctr = new CtrClassifier().setCategoricalCols("c1", "hour").setNumericCols("n1").setIdCol("id")
        .setModelType("lr").setHashBits(10).setMaxEpochs(2).setBatchSize(128).setWorkers(2)
        .setValidationFraction(0.2).setWorkDir(dir.resolve("work").toUri().toString())
        .setConfigOverrides("sparkctr.training.loss-sample-rows = 1000\nsparkctr.training.averaging-frequency = 5");
    fitted = new Pipeline().setStages(new PipelineStage[] {hour, ctr}).fit(logs);
    model = (CtrClassificationModel) fitted.stages()[1];
  }

  static Map<String, Double> byId(Dataset<Row> scored) {
    return scored.select("id", "clickProbability").collectAsList().stream()
        .collect(Collectors.toMap(r -> r.getString(0), r -> r.getDouble(1)));
  }

  @Test
  void learnsThePlantedOrderAndKeepsEveryColumn() {
    Dataset<Row> scored = fitted.transform(logs);
    assertEquals(List.of("id", "label", "timestamp", "c1", "n1", "note", "tags", "hour", "clickProbability",
        "probability", "rawPrediction", "prediction"), Arrays.asList(scored.columns()));
    assertEquals(ROWS, scored.count());
    List<Row> byValue = scored.groupBy("c1").agg(functions.avg("clickProbability")).orderBy("c1").collectAsList();
    // planted 0.05 .. 0.86; two epochs of lr learn the order (measured 0.33 .. 0.62)
    assertTrue(byValue.get(9).getDouble(1) > byValue.get(0).getDouble(1) + 0.2, "planted order: " + byValue);
    assertTrue(byValue.get(7).getDouble(1) > byValue.get(2).getDouble(1), "planted order: " + byValue);
    // passthrough: the caller's columns are unchanged, row for row
    Row r = scored.where("id = 'r42'").first();
    assertEquals("note 42", r.getString(5));
    assertEquals(List.of("t0"), r.getList(6));
    double p = r.getDouble(8);
    assertArrayEquals(new double[] {1 - p, p}, r.<Vector>getAs(9).toArray(), 0.0);
    double logit = Math.log(p / (1 - p));
    assertArrayEquals(new double[] {-logit, logit}, r.<Vector>getAs(10).toArray(), 0.0);
    assertEquals(p >= 0.5 ? 1.0 : 0.0, r.getDouble(11));
    assertTrue(model.summary().validationAuc() > 0.7, "validation AUC " + model.summary().validationAuc());
    // MLlib's evaluator, with its defaults, reads the output as it is
    double auc = new BinaryClassificationEvaluator().evaluate(scored);
    assertTrue(auc > 0.7, "AUC " + auc);
  }

  @Test
  void pipelineAndModelSaveAndLoadScoreIdentically() throws java.io.IOException {
    Map<String, Double> before = byId(fitted.transform(logs));
    String path = dir.resolve("pipeline").toString();
    fitted.write().save(path);
    Map<String, Double> after = byId(PipelineModel.load(path).transform(logs));
    assertEquals(before, after);

    String m = dir.resolve("model").toString();
    model.setProbabilityCol("pctr").write().save(m);
    CtrClassificationModel back = CtrClassificationModel.load(m);
    assertEquals(model.uid(), back.uid());
    assertEquals("pctr", back.getOrDefault(back.probabilityCol()));
    model.setProbabilityCol("probability");
    assertThrows(java.io.IOException.class, () -> model.write().save(m), "an existing path needs overwrite()");
  }

  @Test
  void aModelDroppedRightAfterTransformStillScoresItsRows() throws java.io.IOException {
    String m = dir.resolve("dropped").toString();
    model.write().save(m);
    Dataset<Row> withHour = fitted.stages()[0].transform(logs);
    Dataset<Row> out = CtrClassificationModel.load(m).transform(withHour); // nothing else holds the loaded model
    for (int i = 0; i < 3; i++) {
      System.gc(); // in local mode tasks find the tables by key in a weak registry: the Dataset must hold them
    }
    assertEquals(byId(model.transform(withHour)), byId(out));
  }

  @Test
  void scoresRowsWithOnlyTheFeatureFields() {
    Dataset<Row> withHour = fitted.stages()[0].transform(logs);
    Map<String, Double> full = byId(model.transform(withHour));
    assertEquals(List.of("c1", "hour", "n1"), model.inputFields().stream().sorted().toList());
    // no label, timestamp or id: the same scores (keyed here by the note column)
    Dataset<Row> bare = withHour.select("note", "c1", "hour", "n1");
    Map<String, Double> scored = model.transform(bare).select("note", "clickProbability").collectAsList().stream()
        .collect(Collectors.toMap(r -> r.getString(0), r -> r.getDouble(1)));
    for (int i = 0; i < ROWS; i += 97) {
      assertEquals(full.get("r" + i), scored.get("note " + i), 0.0, "row " + i);
    }
    String msg = assertThrows(IllegalArgumentException.class, () -> model.transform(logs.select("c1", "n1")))
        .getMessage();
    assertTrue(msg.contains("Cannot transform: column(s) [hour] absent"), msg);
  }

  @Test
  void unparseableRowsFailOrAreSkippedOrKept() {
    SparkSession spark = SparkTestSession.get();
    StructType s = new StructType().add("c1", DataTypes.StringType).add("hour", DataTypes.StringType)
        .add("n1", DataTypes.StringType);
    Dataset<Row> rows = spark.createDataFrame(List.of(RowFactory.create("v1", "h1", "3.5"),
        RowFactory.create("v2", "h2", "abc"), RowFactory.create("v3", null, null)), s).coalesce(1);
    String m = assertThrows(Exception.class, () -> model.transform(rows).collectAsList()).toString();
    assertTrue(m.contains("bad-number") && m.contains("n1") && m.contains("abc"), m);
    assertEquals(2, model.copy(new org.apache.spark.ml.param.ParamMap()).setHandleInvalid("skip").transform(rows)
        .count());
    List<Row> kept = model.copy(new org.apache.spark.ml.param.ParamMap()).setHandleInvalid("keep").transform(rows)
        .collectAsList();
    assertEquals(3, kept.size());
    assertNull(kept.get(1).get(3));
    assertNull(kept.get(1).get(4), "the probability vector too");
    assertTrue(kept.get(2).getDouble(3) > 0, "missing values score");
  }

  @Test
  void theUnfittedEstimatorSavesAndLoads() throws Exception {
    CtrClassifier c = new CtrClassifier().setCategoricalCols("a", "b").setHiddenLayers(16, 8).setMaxEpochs(7);
    String path = dir.resolve("estimator").toString();
    c.write().save(path);
    CtrClassifier back = CtrClassifier.load(path);
    assertEquals(c.uid(), back.uid());
    assertArrayEquals(new String[] {"a", "b"}, back.getCategoricalCols());
    assertEquals(7, back.getMaxEpochs());
    assertEquals(c.effectiveConfig().root().render(), back.effectiveConfig().root().render());

    // saved by an earlier version, with the testFraction param it had (fit now makes no test split)
    Path old = dir.resolve("estimator-0.1").resolve("metadata");
    java.nio.file.Files.createDirectories(old);
    java.nio.file.Files.writeString(old.resolve("part-00000"), "{\"class\":\"io.sparkctr.ml.CtrClassifier\","
        + "\"timestamp\":1764547200000,\"sparkVersion\":\"3.5.7\",\"uid\":\"ctrClassifier_0a1b2c3d4e5f\","
        + "\"paramMap\":{\"categoricalCols\":[\"a\"],\"testFraction\":0.2,\"maxEpochs\":3},"
        + "\"defaultParamMap\":{\"testFraction\":0.1,\"validationFraction\":0.1,\"probabilityCol\":\"probability\","
        + "\"rawPredictionCol\":\"rawPrediction\",\"predictionCol\":\"prediction\"}}\n");
    CtrClassifier earlier = CtrClassifier.load(old.getParent().toString());
    assertEquals("ctrClassifier_0a1b2c3d4e5f", earlier.uid());
    assertArrayEquals(new String[] {"a"}, earlier.getCategoricalCols());
    assertEquals(3, earlier.getMaxEpochs());
    assertTrue(!earlier.hasParam("testFraction"), "ignored: no such param any more");
  }
}
