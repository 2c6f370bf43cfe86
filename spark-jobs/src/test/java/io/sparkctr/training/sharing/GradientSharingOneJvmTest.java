package io.sparkctr.training.sharing;

import org.junit.jupiter.api.Tag;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparkctr.features.SparkTestSession;
import io.sparkctr.jobs.PlantedFeatures;
import io.sparkctr.jobs.TrainJob;
import io.sparkctr.training.Exchange;
import java.nio.file.Path;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Gradient sharing on embedded {@code local[2]} (what {@code bin/sparkctr train} runs by default):
 * driver and worker share one JVM and one parameter server; it learns and cleans up.
 */
@Tag("integration")
class GradientSharingOneJvmTest {
  @Test
  void learnsInOneJvmAndLeavesNoAeronFiles(@TempDir Path dir) {
    SparkSession spark = SparkTestSession.get();
    TrainJob.Result r = TrainJob.run(spark, PlantedFeatures.train(dir, "sparkctr.training { master = gradient-sharing,"
        + " epochs = 2, early-stopping-patience = 2 }", false));
    double auc = r.training().validation().auc();
    assertTrue(auc > 0.75, "AUC " + auc);
    assertEquals(2, r.training().exchanges().size());
    for (Exchange e : r.training().exchanges()) {
      assertTrue(e.detail().contains("1 workers"), e.detail());
    }
    LocalClusterGradientSharingTest.assertNoAeronFiles();
  }
}
