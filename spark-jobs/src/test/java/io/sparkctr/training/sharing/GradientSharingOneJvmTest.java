package io.sparkctr.training.sharing;

import org.junit.jupiter.api.Tag;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparkctr.features.SparkTestSession;
import io.sparkctr.jobs.PlantedFeatures;
import io.sparkctr.jobs.TrainJob;
import io.sparkctr.training.DistributedTrainer;
import io.sparkctr.training.Exchange;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
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
    List<String> pollers = new ArrayList<>();
    DistributedTrainer.EpochListener pollerStates = e -> pollers.add("quiet " + QuietPoller.running() + ", DL4J's "
        + Dl4jInternals.dl4jPollerRunning());
    TrainJob.Result r = TrainJob.run(spark, PlantedFeatures.train(dir, "sparkctr.training { master = gradient-sharing,"
        + " epochs = 2, early-stopping-patience = 2 }", false), Optional.empty(), pollerStates);
    // DL4J's poller sleeps 1 µs between polls (10–25% of a core); ours backs off while training runs
    assertEquals(List.of("quiet true, DL4J's false", "quiet true, DL4J's false"), pollers);
    assertFalse(QuietPoller.running(), "the quiet poller ends with the run");
    double auc = r.training().validation().auc();
    assertTrue(auc > 0.75, "AUC " + auc);
    assertEquals(2, r.training().exchanges().size());
    for (Exchange e : r.training().exchanges()) {
      assertTrue(e.detail().contains("1 workers"), e.detail());
    }
    LocalClusterGradientSharingTest.assertNoAeronFiles();
  }
}
