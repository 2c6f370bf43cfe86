package io.sparkctr.jobs.train;

import org.junit.jupiter.api.Tag;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparkctr.common.output.StagedOutput;
import io.sparkctr.features.SparkTestSession;
import io.sparkctr.features.manifest.FeatureManifest;
import io.sparkctr.training.BundleStore;
import io.sparkctr.jobs.PlantedFeatures;
import io.sparkctr.jobs.TrainJob;
import io.sparkctr.jobs.TrainTiming;
import io.sparkctr.training.progress.EpochPhases;
import com.fasterxml.jackson.databind.JsonNode;
import io.sparkctr.common.json.Json;
import io.sparkctr.models.bundle.ModelBundle;
import io.sparkctr.models.train.EpochStats;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code sparkctr train} on local Spark with DL4J parameter averaging over two workers: it learns,
 * publishes atomically (a killed run and its resume: {@link KillAndResumeTest}), warm starts, and
 * aborts on divergence without publishing.
 */
@Tag("integration")
class TrainJobTest {
  static String features;

  @BeforeAll
  static void features() {
    features = PlantedFeatures.features();
  }

  static TrainJob.Params params(Path dir, String overrides, boolean resume) {
    return PlantedFeatures.train(dir, overrides, resume);
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
    // the end-to-end rate: every epoch's rows over the wall time, which holds every epoch's phases
    TrainTiming t = r.timing();
    assertEquals(3 * r.training().trainRows(), t.examplesTrained());
    assertEquals(3, t.run().epochs().size());
    double phases = t.run().startSeconds() + t.run().finishSeconds();
    for (var e : t.run().epochs()) {
      assertTrue(e.seconds(EpochPhases.FIT) > 0 && e.seconds(EpochPhases.VALIDATION) > 0
          && e.seconds(EpochPhases.TRAINING_LOSS) > 0 && e.seconds(EpochPhases.CHECKPOINT) > 0, "" + e);
      assertTrue(e.wallSeconds() >= e.phaseSeconds().values().stream().mapToDouble(Double::doubleValue).sum(), "" + e);
      phases += e.wallSeconds();
    }
    assertTrue(t.seconds() >= phases && t.publishSeconds() > 0, t.line());
    assertEquals(t.examplesTrained() / t.seconds(), t.examplesPerSecond(), 1e-9);
    JsonNode recorded = Json.COMPACT.readTree(Files.readString(Path.of(p.modelOut(), TrainJob.TIMING_FILE)));
    assertEquals(t.examplesTrained(), recorded.get("examplesTrained").asLong());
    assertEquals(3, recorded.get("epochs").size());
    assertTrue(recorded.get("epochs").get(2).get("validationSeconds").asDouble() > 0, recorded.toString());
    // recorded before publishing: up to it
    assertTrue(recorded.get("secondsToPublishing").asDouble() <= t.seconds(), recorded + " " + t.line());
    try (Stream<Path> entries = Files.list(dir)) {
      assertEquals(List.of("model"), entries.map(e -> e.getFileName().toString()).toList(),
          "no staging or checkpoint leftovers");
    }
  }

  @Test
  void warmStartBeginsFromTheGivenModel(@TempDir Path dir) {
    SparkSession spark = SparkTestSession.get();
    TrainJob.Result first = TrainJob.run(spark, params(dir.resolve("a"), "sparkctr.training.epochs = 1", false));
    // a rate so small that training barely moves the parameters: they must start at the first model's
    String still = "sparkctr.training.epochs = 1\nsparkctr.model.learning-rate = 1e-9";
    TrainJob.Result warm = TrainJob.run(spark, params(dir.resolve("b"), still, false),
        java.util.Optional.of(first.bundle()));
    TrainJob.Result cold = TrainJob.run(spark, params(dir.resolve("c"), still, false));
    double fromFirst = warm.bundle().model().params().sub(first.bundle().model().params()).amaxNumber().doubleValue();
    double coldFromFirst = cold.bundle().model().params().sub(first.bundle().model().params()).amaxNumber()
        .doubleValue();
    assertTrue(fromFirst < 1e-4, "warm start moved " + fromFirst + " from the first model");
    assertTrue(coldFromFirst > 1e-2, "a cold start differs by " + coldFromFirst);
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
    Files.createFile(poisoned.resolve(StagedOutput.COMPLETE)); // a whole feature output, as published
    TrainJob.Params p = params(dir, "", false);
    TrainJob.Params onPoisoned = new TrainJob.Params(p.config(), p.configSource(), poisoned.toString(), p.modelOut(),
        p.checkpoints(), false, false);
    IllegalStateException e = assertThrows(IllegalStateException.class, () -> TrainJob.run(spark, onPoisoned));
    assertTrue(e.getMessage().contains("epoch 1 ended with training loss NaN"), e.getMessage());
    assertTrue(e.getMessage().contains("nothing was published"), e.getMessage());
    assertFalse(Files.exists(Path.of(p.modelOut())));
  }
}
