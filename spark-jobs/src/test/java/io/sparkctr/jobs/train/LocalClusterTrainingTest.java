package io.sparkctr.jobs.train;

import org.junit.jupiter.api.Tag;
import io.sparkctr.features.SparkTestSession;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparkctr.features.manifest.FeatureManifest;
import io.sparkctr.features.split.Split;
import io.sparkctr.jobs.PlantedFeatures;
import io.sparkctr.jobs.TrainJob;
import io.sparkctr.models.data.FeatureRow;
import io.sparkctr.models.train.LocalTrainer;
import io.sparkctr.models.train.Predictions;
import io.sparkctr.models.train.TrainSchedule;
import io.sparkctr.training.TrainSettings;
import io.sparkctr.training.data.FeatureParquet;
import java.nio.file.Path;
import java.util.List;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Parameter averaging across real executor JVMs ({@code local-cluster[2,1,2048]}, set by the
 * {@code local-cluster} Surefire execution) with the default training settings (sharded tables) learns
 * as well as one JVM on the same data and epochs, and reports the published model's validation metrics.
 */
@Tag("local-cluster")
class LocalClusterTrainingTest {
  private static final Logger LOG = LoggerFactory.getLogger(LocalClusterTrainingTest.class);
  static final String TWO_EPOCHS = "sparkctr.training { epochs = 2, early-stopping-patience = 2 }";

  @Test
  void parameterAveragingAcrossExecutorJvmsMatchesOneJvm(@TempDir Path dir) {
    SparkSession spark = SparkTestSession.get();
    assertTrue(spark.sparkContext().master().startsWith("local-cluster"), spark.sparkContext().master());
    String features = PlantedFeatures.features();
    long t0 = System.nanoTime();
    TrainJob.Params params = PlantedFeatures.train(dir, TWO_EPOCHS, false);
    TrainJob.Result cluster = TrainJob.run(spark, params);
    double clusterSeconds = (System.nanoTime() - t0) / 1e9;
    int executors = spark.sparkContext().getExecutorMemoryStatus().size() - 1;
    assertEquals(2, executors, "two executor JVMs besides the driver");

    FeatureManifest m = FeatureParquet.manifest(spark, features);
    List<FeatureRow> train = FeatureParquet.collect(spark, features, m, Split.TRAIN, 1_000_000);
    List<FeatureRow> val = FeatureParquet.collect(spark, features, m, Split.VALIDATION, 1_000_000);
    TrainSettings t = params.settings();
    t0 = System.nanoTime();
    LocalTrainer.Result local = LocalTrainer.train(cluster.bundle().spec(), train, val, t.schedule(),
        m.downsampling().negativeRate());
    double localSeconds = (System.nanoTime() - t0) / 1e9;
    double clusterAuc = cluster.training().validation().auc();
    LOG.info(String.format("local-cluster[2,1]: validation AUC %.4f, %.0f s incl. startup, %.0f ex/s in epochs; "
            + "one JVM: AUC %.4f, %.0f s, %.0f ex/s", clusterAuc, clusterSeconds,
        cluster.training().state().epochs().stream().mapToDouble(e -> e.examplesPerSecond()).average().orElse(0),
        local.validation().auc(), localSeconds,
        local.epochs().stream().mapToDouble(e -> e.examplesPerSecond()).average().orElse(0)));
    assertTrue(clusterAuc > 0.75, "cluster AUC " + clusterAuc);
    // the reported metrics (the kept epoch's own evaluation, not recomputed at the end) are the published model's
    var spec = cluster.bundle().spec();
    var again = Predictions.evaluate(cluster.bundle().model(), val, spec.fields(), spec.denseFeatures(),
        spec.recalibrationFactor(m.downsampling().negativeRate())).report();
    assertEquals(again.auc(), clusterAuc, 1e-3, "the published model's validation AUC");
    assertEquals(again.logloss(), cluster.training().validation().logloss(), 1e-3, "its validation logloss");
    assertEquals(local.validation().auc(), clusterAuc, 0.01, "parameter averaging vs one JVM");
  }
}
