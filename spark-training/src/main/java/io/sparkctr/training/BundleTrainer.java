package io.sparkctr.training;

import com.typesafe.config.Config;
import io.sparkctr.features.manifest.FeatureManifest;
import io.sparkctr.features.split.Split;
import io.sparkctr.models.bundle.ModelBundle;
import io.sparkctr.models.bundle.TrainingSummary;
import io.sparkctr.models.graph.ModelSpec;
import io.sparkctr.models.tables.Int8Table;
import io.sparkctr.models.tables.Quantization;
import io.sparkctr.training.data.FeatureParquet;
import java.util.Optional;
import org.apache.spark.sql.SparkSession;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one training path from a feature directory (the feature job's output) to a model bundle in
 * memory: the manifest and {@code sparkctr.model} give the spec, {@link DistributedTrainer} trains on
 * the executors, the summary records what it did. {@code sparkctr train}, the nightly job and
 * the Spark ML API's {@code CtrClassifier.fit} call it; publishing the bundle is the caller's business.
 */
public final class BundleTrainer {
  private static final Logger LOG = LoggerFactory.getLogger(BundleTrainer.class);

  /** The trained bundle (the best epoch's parameters) and what the trainer reported. */
  public record Result(ModelBundle bundle, DistributedTrainer.Result training) {}

  private BundleTrainer() {}

  /**
   * @param config the merged config ({@code sparkctr.model}, read with the features' manifest)
   * @param source names the config in error messages
   * @param t {@code sparkctr.training} of {@code config}, parsed once by the caller
   * @param features a published feature directory
   * @param warmStart a bundle whose parameters start the training if its architecture, slots (names),
   *     hashing and dense fields equal this run's — refitted quantile edges and vocabularies do not
   *     change what an index position means — otherwise it is ignored, with a log line saying why; an int8
   *     bundle's (serving only) is refused
   */
  public static Result train(SparkSession spark, Config config, String source, TrainSettings t, String features,
                             Checkpoints checkpoints, boolean resume, Optional<ModelBundle> warmStart) {
    return train(spark, config, source, t, features, checkpoints, resume, warmStart,
        DistributedTrainer.EpochListener.NONE);
  }

  /** @param listener told of each checkpointed epoch ({@link DistributedTrainer#train}) */
  public static Result train(SparkSession spark, Config config, String source, TrainSettings t, String features,
                             Checkpoints checkpoints, boolean resume, Optional<ModelBundle> warmStart,
                             DistributedTrainer.EpochListener listener) {
    if (warmStart.isPresent() && warmStart.get().quantization() != Quantization.NONE) {
      throw Int8Table.servingOnly("the warm-start model"); // before anything is written to the checkpoints
    }
    FeatureManifest m = FeatureParquet.manifest(spark, features);
    TrainableData.require(m, features);
    checkpoints.claim();
    if (resume) {
      ResumeCheck.sameTransform(checkpoints, m, features);
    } else if (checkpoints.any()) { // before the manifest is recorded: it stays the one they were trained on
      throw new IllegalArgumentException("Cannot train: checkpoints of an earlier run exist under " + checkpoints.dir()
          + "; pass --resume to continue it (on the features it was trained on) or remove them");
    } else {
      checkpoints.saveManifest(m.toJson());
    }
    ModelSpec spec = ModelSpec.from(config, source, m);
    spec.tableRegularizationWarning().ifPresent(w -> LOG.warn(w + " (" + source + ")"));
    LOG.info(String.format("Training %s: %,d dense parameters; each training task needs about %,d MB off-heap "
        + "(size spark.executor.memoryOverhead as task slots x this); the embedding tables take %,d MB of heap in "
        + "%s (see deploy/README.md)", spec.type(), OffHeapEstimate.parameters(spec),
        OffHeapEstimate.bytesPerTask(spec, t.batchSize()) >> 20, OffHeapEstimate.tableBytes(spec) >> 20,
        t.shardedTables() ? "the driver only at the end (the bundle's) and 1/N of it in each of the N executors "
            + "(sharded)" : "the driver and all of it in each executor"));
    ComputationGraph initial = null;
    if (warmStart.isPresent()) {
      ModelBundle w = warmStart.get();
      if (w.spec().sameArchitecture(spec) && w.manifest().compatibility(m) != FeatureManifest.Compatibility.DIFFERENT) {
        initial = w.model();
        LOG.info("Warm start from the published model's parameters");
      } else {
        LOG.info("No warm start: the published model's spec or feature transform differs from this run's");
      }
    }
    DistributedTrainer.Result r = DistributedTrainer.train(spark, spec, t, initial,
        FeatureParquet.split(spark, features, m, Split.TRAIN), FeatureParquet.split(spark, features, m,
            Split.VALIDATION), m.downsampling().negativeRate(), checkpoints, resume, listener);
    if (!Double.isFinite(r.validation().auc())) {
      throw new IllegalArgumentException("Cannot publish the model trained on " + features + ": its validation AUC is "
          + "undefined in every epoch (validation rows " + r.validation().count() + "), so no epoch can be judged "
          + "trained");
    }
    TrainingSummary summary = new TrainingSummary(r.trainRows(), r.validation().count(), r.state().bestEpoch(),
        r.validation().auc(), r.validation().logloss(), r.state().epochs());
    return new Result(new ModelBundle(r.model(), m, spec, summary), r);
  }
}
