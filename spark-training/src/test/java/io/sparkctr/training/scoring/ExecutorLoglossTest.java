package io.sparkctr.training.scoring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparkctr.features.SparkTestSession;
import io.sparkctr.features.manifest.FeatureManifest;
import io.sparkctr.features.split.Split;
import io.sparkctr.models.data.FeatureRow;
import io.sparkctr.models.graph.ModelSpec;
import io.sparkctr.models.graph.ModelType;
import io.sparkctr.models.metrics.SliceMetrics;
import io.sparkctr.models.train.LocalTrainer;
import io.sparkctr.models.train.Predictions;
import io.sparkctr.models.train.TrainSchedule;
import io.sparkctr.training.data.FeatureParquet;
import io.sparkctr.training.data.SyntheticFeatures;
import java.nio.file.Path;
import java.util.List;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Each epoch's training loss ({@link ExecutorEvaluation#logloss}: one scoring pass, no GAUC) is the logloss that
 * the full metrics report with factor 1, on the same rows, and the mean of the rows' loglosses scored in this JVM.
 */
@Tag("integration")
class ExecutorLoglossTest {

  @Test
  void theTrainingLossIsTheMetricsLoglossWithoutTheirOtherPasses(@TempDir Path dir) {
    SparkSession spark = SparkTestSession.get();
    String features = SyntheticFeatures.write(spark, dir, 6_000, 3, 23, false, "sparkctr.features.hashing.bits = 12");
    FeatureManifest m = FeatureParquet.manifest(spark, features);
    List<FeatureRow> train = FeatureParquet.collect(spark, features, m, Split.TRAIN, 100_000);
    ModelSpec spec = ModelSpec.builder(ModelType.DEEPFM, m.indexWidth(), 1 << 12).denseFeatures(m.dense().size())
        .embeddingDim(4).hidden(8).learningRate(1e-2).seed(5).build();
    var net = LocalTrainer.train(spec, train, train, new TrainSchedule(1, 256, 1, 1, 0.5, 1), 1.0).model();
    Dataset<Row> rows = FeatureParquet.split(spark, features, m, Split.TRAIN).repartition(3);
    JavaSparkContext sc = JavaSparkContext.fromSparkContext(spark.sparkContext());

    double loss = ExecutorEvaluation.logloss(sc, net, rows, spec.fields(), spec.denseFeatures());

    double reported = ExecutorEvaluation.metrics(sc, net, rows, spec.fields(), spec.denseFeatures(), 1.0).report()
        .logloss();
    assertEquals(reported, loss, 1e-12, "as the metrics report it");
    double[] p = Predictions.predict(net, train, spec.fields(), spec.denseFeatures());
    double sum = 0;
    for (int i = 0; i < p.length; i++) {
      sum += SliceMetrics.logloss(train.get(i).label, p[i]);
    }
    assertEquals(sum / p.length, loss, 1e-9, "the mean of the rows' loglosses, scored in this JVM");
    assertTrue(loss > 0.2 && loss < 0.69, "a trained model's loss: " + loss);
  }
}
