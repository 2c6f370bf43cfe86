package io.sparkctr.jobs.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.sparkctr.features.SparkTestSession;
import io.sparkctr.features.config.ConfigLoader;
import io.sparkctr.features.config.FeatureConfig;
import io.sparkctr.features.manifest.FeatureManifest;
import io.sparkctr.features.spark.FeaturePipeline;
import io.sparkctr.features.synthetic.SyntheticLogWriter;
import io.sparkctr.jobs.BundleStore;
import io.sparkctr.jobs.TrainJob;
import io.sparkctr.models.bundle.ModelBundle;
import io.sparkctr.models.train.EpochStats;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code sparkctr train} on local Spark with DL4J parameter averaging over two workers: it learns,
 * publishes atomically, resumes after a crash between epochs with the same number of epochs, and
 * aborts on divergence without publishing.
 */
class TrainJobTest {
  static final File PRESET = new File("../conf/presets/synthetic.conf");
  static final String SMALL = String.join("\n",
      "sparkctr.features.hashing.bits = 14",
      "sparkctr.model { type = deepfm, embedding-dim = 8, hidden = [32], learning-rate = 0.01 }",
      "sparkctr.training { epochs = 3, batch-size = 256, averaging-frequency = 4, workers = 2,",
      "  early-stopping-patience = 3, loss-sample-rows = 5000 }");
  @TempDir
  static Path shared;
  static String features;

  @BeforeAll
  static void features() {
    SparkSession spark = SparkTestSession.get();
    SyntheticLogWriter.write(spark, 40_000, 4, 3, shared.resolve("gen").toString(), false);
    features = shared.resolve("features").toString();
    FeaturePipeline.run(spark, FeatureConfig.from(config(""), "test.conf")
        .withPaths(shared.resolve("gen").resolve(SyntheticLogWriter.LOGS).toString(), features));
  }

  static Config config(String overrides) {
    return ConfigFactory.parseString(overrides).withFallback(ConfigFactory.parseString(SMALL))
        .withFallback(ConfigLoader.load(PRESET)).resolve();
  }

  static TrainJob.Params params(Path dir, String overrides, boolean resume) {
    String out = dir.resolve("model").toString();
    return new TrainJob.Params(config(overrides), "test.conf", features, out, TrainJobTestSupport.checkpoints(out),
        resume, false);
  }

  @AfterEach
  void noHook() {
    DistributedTrainer.afterCheckpoint = e -> { };
  }

  @Test
  void trainsPublishesAndCleansUp(@TempDir Path dir) throws IOException {
    TrainJob.Params p = params(dir, "", false);
    TrainJob.Result r = TrainJob.run(SparkTestSession.get(), p);
    List<EpochStats> epochs = r.training().state().epochs();
    assertEquals(3, epochs.size());
    assertTrue(epochs.get(2).trainLoss() < epochs.get(0).trainLoss(), "training loss falls: " + epochs);
    assertTrue(r.training().validation().auc() > 0.70, "validation AUC " + r.training().validation().auc());

    ModelBundle back = BundleStore.read(p.modelOut(), SparkTestSession.get().sparkContext().hadoopConfiguration());
    assertEquals(r.bundle().spec(), back.spec());
    assertEquals(r.training().state().bestEpoch(), back.summary().bestEpoch());
    assertEquals(0, back.model().params().sub(r.bundle().model().params()).amaxNumber().doubleValue());
    assertTrue(Files.isRegularFile(Path.of(p.modelOut(), TrainJob.MASTER_FILE)));
    assertTrue(Files.readString(Path.of(p.modelOut(), TrainJob.MASTER_FILE)).contains("averagingFrequency"));
    assertEquals(List.of("model"), TrainJobTestSupport.entries(dir), "no staging or checkpoint leftovers");
  }

  @Test
  void crashBetweenEpochsPublishesNothingAndResumeEndsWithTheSameEpochs(@TempDir Path dir) {
    DistributedTrainer.afterCheckpoint = e -> {
      if (e == 2) {
        throw new IllegalStateException("simulated kill after epoch 2");
      }
    };
    TrainJob.Params p = params(dir, "", false);
    IllegalStateException crash = assertThrows(IllegalStateException.class, () -> TrainJob.run(SparkTestSession.get(), p));
    assertTrue(crash.getMessage().contains("simulated kill"));
    assertFalse(Files.exists(Path.of(p.modelOut())), "nothing published after a crash");

    IllegalArgumentException again = assertThrows(IllegalArgumentException.class,
        () -> TrainJob.run(SparkTestSession.get(), p));
    assertTrue(again.getMessage().contains("--resume"), again.getMessage());

    DistributedTrainer.afterCheckpoint = e -> { };
    TrainJob.Result r = TrainJob.run(SparkTestSession.get(), params(dir, "", true));
    assertEquals(List.of(1, 2, 3), r.training().state().epochs().stream().map(EpochStats::epoch).toList());
    assertTrue(Files.isDirectory(Path.of(p.modelOut())));
  }

  @Test
  void nonFiniteLossAbortsWithoutPublishing(@TempDir Path dir) throws IOException {
    // the same features, but every training row's dense value is NaN: the loss cannot stay finite
    SparkSession spark = SparkTestSession.get();
    Path poisoned = dir.resolve("poisoned");
    spark.read().parquet(features + "/train")
        .withColumn("dense", functions.array(functions.lit(Double.NaN)))
        .write().parquet(poisoned.resolve("train").toString());
    spark.read().parquet(features + "/validation").write().parquet(poisoned.resolve("validation").toString());
    Files.copy(Path.of(features, FeatureManifest.FILE_NAME), poisoned.resolve(FeatureManifest.FILE_NAME));
    TrainJob.Params p = params(dir, "", false);
    TrainJob.Params onPoisoned = new TrainJob.Params(p.config(), p.configSource(), poisoned.toString(), p.modelOut(),
        p.checkpoints(), false, false);
    IllegalStateException e = assertThrows(IllegalStateException.class, () -> TrainJob.run(spark, onPoisoned));
    assertTrue(e.getMessage().contains("epoch 1 ended with training loss NaN"), e.getMessage());
    assertTrue(e.getMessage().contains("nothing was published"), e.getMessage());
    assertFalse(Files.exists(Path.of(p.modelOut())));
  }
}
