package io.sparkctr.jobs.ml;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparkctr.features.SparkTestSession;
import io.sparkctr.jobs.PlantedFeatures;
import io.sparkctr.jobs.ScoreJob;
import io.sparkctr.ml.CtrClassificationModel;
import io.sparkctr.ml.CtrClassifier;
import io.sparkctr.models.bundle.RecordScorer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.spark.ml.Pipeline;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.PipelineStage;
import org.apache.spark.ml.feature.SQLTransformer;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Spark ML API against the command line: an MLlib Pipeline (SQLTransformer deriving a feature,
 * then CtrClassifier over the synthetic preset) fitted on the planted logs, saved and loaded, scores
 * every row as {@code sparkctr score} does with the saved stage as its model, keeps the caller's
 * columns, and the in-JVM scorer needs neither label nor timestamp.
 */
@Tag("integration")
class SparkMlPipelineTest {
  /** Two scorings of one float32 model agree to this (a float's precision at probabilities below 1). */
  private static final double FLOAT_PRECISION = 1e-6;
  @TempDir
  static Path dir;

  @Test
  void pipelineFitSaveLoadTransformEqualsTheScoreCommand() throws IOException {
    SparkSession spark = SparkTestSession.get();
    // a quarter of the planted logs (still four days): enough to compare, quicker to fit and score
    Dataset<Row> logs = spark.read().option("header", true).csv(PlantedFeatures.logs()).sample(false, 0.25, 5)
        .cache();
    long n = logs.count();
    SQLTransformer hour = new SQLTransformer().setStatement(
        "SELECT *, concat('h', CAST(CAST(timestamp AS BIGINT) DIV 3600 % 24 AS STRING)) AS hour FROM __THIS__");
    String preset = PlantedFeatures.PRESET.getPath();
    List<String> categorical = new ArrayList<>(new CtrClassifier().setConfigFile(preset).effectiveConfig()
        .getStringList("sparkctr.features.schema.categorical"));
    categorical.add("hour");
    CtrClassifier ctr = new CtrClassifier().setConfigFile(preset)
        .setConfigOverrides(PlantedFeatures.SMALL + "\nsparkctr.training.epochs = 1")
        .setCategoricalCols(categorical.toArray(new String[0]));
    PipelineModel fitted = new Pipeline().setStages(new PipelineStage[] {hour, ctr}).fit(logs);
    String saved = dir.resolve("pipeline").toString();
    fitted.write().save(saved);

    PipelineModel loaded = PipelineModel.load(saved);
    Dataset<Row> scored = loaded.transform(logs);
    List<String> expected = new ArrayList<>(Arrays.asList(logs.columns()));
    expected.addAll(List.of("hour", "clickProbability", "probability", "rawPrediction", "prediction"));
    assertEquals(expected, Arrays.asList(scored.columns()), "every input column kept, outputs appended");
    Map<String, Double> viaMl = scored.select("id", "clickProbability").collectAsList().stream()
        .collect(Collectors.toMap(r -> r.getString(0), r -> r.getDouble(1)));
    assertEquals(n, viaMl.size());
    // passthrough values, row for row
    Row first = scored.orderBy("id").first();
    Row raw = logs.where(logs.col("id").equalTo(first.getAs("id"))).first();
    for (String c : logs.columns()) {
      assertEquals(raw.<Object>getAs(c), first.getAs(c), c);
    }

    // the score command, with the pipeline's saved stage as its model, on the same rows
    CtrClassificationModel stage = (CtrClassificationModel) loaded.stages()[1];
    Path stageDir;
    try (Stream<Path> s = Files.list(dir.resolve("pipeline").resolve("stages"))) {
      stageDir = s.filter(p -> p.getFileName().toString().endsWith(stage.uid())).findFirst().orElseThrow();
    }
    String rows = dir.resolve("rows").toString();
    loaded.stages()[0].transform(logs).write().parquet(rows);
    String out = dir.resolve("cli-scores").toString();
    ScoreJob.Result r = ScoreJob.run(spark, new ScoreJob.Params(stageDir.toString(), rows, out, false));
    assertEquals(n, r.scored());
    Map<String, Double> viaCli = spark.read().parquet(out + "/" + ScoreJob.SCORES).collectAsList().stream()
        .collect(Collectors.toMap(x -> x.getString(0), x -> x.getDouble(1)));
    assertEquals(viaCli.keySet(), viaMl.keySet());
    // one scoring path, but a float32 network: BLAS picks its kernel (and its order of sums) by the
    // chunk's row count, and the two read the rows in different partitions, so agree to float precision
    for (Map.Entry<String, Double> e : viaCli.entrySet()) {
      assertEquals(e.getValue(), viaMl.get(e.getKey()), FLOAT_PRECISION, "id " + e.getKey());
    }

    // the in-JVM scorer: only the feature fields (no label, no timestamp)
    RecordScorer inJvm = new RecordScorer(stage.bundle());
    assertTrue(!inJvm.fields().contains("timestamp") && !inJvm.fields().contains("label"), "" + inJvm.fields());
    List<Row> some = loaded.stages()[0].transform(logs).limit(200).collectAsList();
    List<Map<String, String>> records = new ArrayList<>();
    for (Row x : some) {
      Map<String, String> rec = new HashMap<>();
      for (String f : inJvm.fields()) {
        rec.put(f, x.getAs(f));
      }
      records.add(rec);
    }
    double[] p = inJvm.score(records, "records");
    for (int i = 0; i < some.size(); i++) {
      assertEquals(viaMl.get(some.get(i).<String>getAs("id")), p[i], FLOAT_PRECISION);
    }
  }
}
