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
        .setValidationFraction(0.2).setTestFraction(0.1).setWorkDir(dir.resolve("work").toUri().toString())
        .setConfigOverrides("sparkctr.training.loss-sample-rows = 1000\nsparkctr.training.averaging-frequency = 5");
    fitted = new Pipeline().setStages(new PipelineStage[] {hour, ctr}).fit(logs);
    model = (CtrClassificationModel) fitted.stages()[1];
  }

  static Map<String, Double> byId(Dataset<Row> scored) {
    return scored.select("id", "probability").collectAsList().stream()
        .collect(Collectors.toMap(r -> r.getString(0), r -> r.getDouble(1)));
  }

  @Test
  void learnsThePlantedOrderAndKeepsEveryColumn() {
    Dataset<Row> scored = fitted.transform(logs);
    assertEquals(List.of("id", "label", "timestamp", "c1", "n1", "note", "tags", "hour", "probability",
        "rawPrediction", "prediction"), Arrays.asList(scored.columns()));
    assertEquals(ROWS, scored.count());
    List<Row> byValue = scored.groupBy("c1").agg(functions.avg("probability")).orderBy("c1").collectAsList();
    // planted 0.05 .. 0.86; two epochs of lr learn the order (measured 0.33 .. 0.62)
    assertTrue(byValue.get(9).getDouble(1) > byValue.get(0).getDouble(1) + 0.2, "planted order: " + byValue);
    assertTrue(byValue.get(7).getDouble(1) > byValue.get(2).getDouble(1), "planted order: " + byValue);
    // passthrough: the caller's columns are unchanged, row for row
    Row r = scored.where("id = 'r42'").first();
    assertEquals("note 42", r.getString(5));
    assertEquals(List.of("t0"), r.getList(6));
    double p = r.getDouble(8);
    assertEquals(Math.log(p / (1 - p)), r.getDouble(9), 1e-12);
    assertEquals(p >= 0.5 ? 1.0 : 0.0, r.getDouble(10));
    assertTrue(model.summary().validationAuc() > 0.7, "validation AUC " + model.summary().validationAuc());
    // MLlib's evaluator reads the logit column as is
    double auc = new BinaryClassificationEvaluator().setLabelCol("label").setRawPredictionCol("rawPrediction")
        .evaluate(scored.withColumn("label", scored.col("label").cast("double")));
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
  void scoresRowsWithOnlyTheFeatureFields() {
    Dataset<Row> withHour = fitted.stages()[0].transform(logs);
    Map<String, Double> full = byId(model.transform(withHour));
    assertEquals(List.of("c1", "hour", "n1"), model.inputFields().stream().sorted().toList());
    // no label, timestamp or id: the same scores (keyed here by the note column)
    Dataset<Row> bare = withHour.select("note", "c1", "hour", "n1");
    Map<String, Double> scored = model.transform(bare).select("note", "probability").collectAsList().stream()
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
  }
}
