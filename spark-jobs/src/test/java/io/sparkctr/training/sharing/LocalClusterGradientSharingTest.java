package io.sparkctr.training.sharing;

import org.junit.jupiter.api.Tag;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparkctr.features.SparkTestSession;
import io.sparkctr.jobs.PlantedFeatures;
import io.sparkctr.jobs.TrainJob;
import io.sparkctr.training.Exchange;
import io.sparkctr.models.train.EpochStats;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Gradient sharing across two executor JVMs ({@code local-cluster[2,1,2048]}, set by the
 * {@code local-cluster-own-jvm} Surefire execution): it learns as well as parameter averaging on the same
 * data and epochs, and no Aeron files are left behind (a worker that cannot join: {@link LocalClusterGradientSharingJoinTest}).
 */
@Tag("local-cluster")
@Tag("own-jvm")
class LocalClusterGradientSharingTest {
  private static final Logger LOG = LoggerFactory.getLogger(LocalClusterGradientSharingTest.class);
  static final String EPOCHS = "sparkctr.training { epochs = 3, early-stopping-patience = 3, lr-patience = 3 }";

  /**
   * DeepFM with sharded tables (the default); Wide&amp;Deep with replicated ones in
   * {@link LocalClusterGradientSharingWideDeepTest}.
   */
  @Test
  void learnsAcrossExecutorJvmsLikeParameterAveraging(@TempDir Path dir) throws IOException {
    learnsLikeParameterAveraging("deepfm", "sharded", dir);
  }

  /**
   * Gradient sharing, then parameter averaging, on the same data and epochs. One gradient-sharing
   * session per driver JVM (a class each, tagged own-jvm: the local-cluster-own-jvm execution forks
   * one JVM per class): DL4J's root of an earlier session keeps its heartbeat after shutdown, and a
   * second session in the same JVM lost some or all of an epoch's updates (0 to 52 of 79) in four of
   * five runs.
   */
  static void learnsLikeParameterAveraging(String model, String tables, Path dir) throws IOException {
    SparkSession spark = SparkTestSession.get();
    assertTrue(spark.sparkContext().master().startsWith("local-cluster"), spark.sparkContext().master());
    String config = EPOCHS + "\nsparkctr.model.type = " + model + "\nsparkctr.training.tables = " + tables;
    // ports of their own: other local-cluster classes' sessions use the defaults
    int offset = model.equals("deepfm") ? 10 : 20;
    TrainJob.Result gs = TrainJob.run(spark, PlantedFeatures.train(dir.resolve("gs"),
        config + "\nsparkctr.training { master = gradient-sharing, gradient-sharing { controller-port = "
            + (24133 + offset) + ", executor-base-port = " + (24250 + 2 * offset) + " } }", false));
    assertNoAeronFiles();
    TrainJob.Result pa = TrainJob.run(spark, PlantedFeatures.train(dir.resolve("pa"),
        config + "\nsparkctr.training.master = parameter-averaging", false));
    log(model + ", gradient sharing", gs);
    log(model + ", parameter averaging", pa);

    List<EpochStats> epochs = gs.training().state().epochs();
    assertEquals(3, epochs.size());
    for (int i = 1; i < epochs.size(); i++) {
      assertTrue(epochs.get(i).trainLoss() < epochs.get(i - 1).trainLoss(), "training loss falls: " + epochs);
    }
    double gsAuc = gs.training().validation().auc();
    double paAuc = pa.training().validation().auc();
    assertTrue(gsAuc > 0.75, "gradient sharing AUC " + gsAuc);
    assertEquals(paAuc, gsAuc, 0.01, "gradient sharing vs parameter averaging");
    for (Exchange e : gs.training().exchanges()) {
      assertTrue(e.messages() > 0 && e.bytes() > 0, e.detail());
      assertTrue(e.detail().contains("2 workers"), e.detail());
    }
    assertTrue(gs.training().masterJson().contains("gradient-sharing"), gs.training().masterJson());
  }

  /**
   * No session's Aeron directory is left on this host ("" matches every session), and no thread of
   * DL4J's Aeron transport is left running in this JVM (its poller never exits by itself).
   */
  static void assertNoAeronFiles() {
    assertEquals(List.of(), AeronFiles.leftovers(""), "Aeron directories left in " + AeronFiles.root());
    assertEquals(List.of(), Dl4jInternals.transportThreads(), "transport threads left running in this JVM");
  }

  private static void log(String name, TrainJob.Result r) {
    StringBuilder sb = new StringBuilder(name + ":");
    for (int i = 0; i < r.training().state().epochs().size(); i++) {
      EpochStats e = r.training().state().epochs().get(i);
      Exchange x = r.training().exchanges().get(i);
      sb.append(String.format("%n  epoch %d: val AUC %.4f, logloss %.4f, %.0f ex/s, %.2f MB exchanged, %.0f bytes/step"
          + " (%s)", e.epoch(), e.validationAuc(), e.validationLogloss(), e.examplesPerSecond(), x.bytes() / 1e6,
          x.bytesPerStep(), x.detail()));
    }
    LOG.info(sb.toString());
  }
}
