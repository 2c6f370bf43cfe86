package io.sparkctr.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.Config;
import io.sparkctr.features.SparkTestSession;
import io.sparkctr.features.config.FeatureConfig;
import io.sparkctr.features.spark.FeaturePipeline;
import io.sparkctr.features.synthetic.SyntheticLogWriter;
import io.sparkctr.models.bundle.RecordScorer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A multi-valued field through the jobs on Spark: features with the generator's recent_items
 * sequence, DeepFM trained on the executors (minibatches built there with the pooled layout), and
 * the batch {@code score} job on the raw logs giving the same probabilities as {@link RecordScorer}.
 */
@Tag("integration")
class PooledFieldJobsTest {
  static final String OVERRIDES = String.join("\n",
      "sparkctr.features.schema.multi-valued = [{ field = recent_items, separator = \" \", max-length = 6,",
      "  pooling = mean, sequence = oldest-first }]",
      "sparkctr.features.time-features.fields = [hour-of-day]",
      "sparkctr.training { epochs = 1 }");

  @Test
  void trainOnExecutorsAndScoreRawLogsWithAPooledField(@TempDir Path dir) {
    SparkSession spark = SparkTestSession.get();
    SyntheticLogWriter.write(spark, 8_000, 3, 21, dir.resolve("gen").toString(), false, true);
    String logs = dir.resolve("gen").resolve(SyntheticLogWriter.LOGS).toString();
    Config config = PlantedFeatures.config(OVERRIDES);
    String features = dir.resolve("features").toString();
    FeaturePipeline.run(spark, FeatureConfig.from(config, "test.conf").withPaths(logs, features));
    String model = dir.resolve("model").toString();
    TrainJob.Result trained = TrainJob.run(spark, new TrainJob.Params(config, "test.conf", features, model,
        TrainJob.defaultCheckpoints(model), false, false));
    assertEquals(List.of(6), trained.bundle().spec().bagLengths());
    // one short epoch on one day: the learning itself is shown by PooledFieldLearningTest (dl4j-models)
    assertTrue(trained.training().validation().auc() > 0.5, "AUC " + trained.training().validation().auc());

    String out = dir.resolve("scores").toString();
    ScoreJob.Result scored = ScoreJob.run(spark, new ScoreJob.Params(model, logs, out, false));
    assertEquals(8_000, scored.scored());
    Map<String, Double> batch = new HashMap<>();
    for (Row r : spark.read().parquet(out + "/" + ScoreJob.SCORES).collectAsList()) {
      batch.put(r.getAs("key"), r.getAs("probability"));
    }
    RecordScorer scorer = new RecordScorer(trained.bundle());
    List<Map<String, String>> records = new ArrayList<>();
    List<String> ids = new ArrayList<>();
    for (Row raw : spark.read().option("header", true).csv(logs).limit(300).collectAsList()) {
      Map<String, String> rec = new HashMap<>();
      for (String f : scorer.fields()) {
        rec.put(f, raw.getAs(f));
      }
      records.add(rec);
      ids.add(raw.getAs("id"));
    }
    double[] p = scorer.score(records, "logs");
    for (int i = 0; i < p.length; i++) {
      assertEquals(batch.get(ids.get(i)), p[i], 1e-6, ids.get(i));
    }
  }
}
