package io.sparkctr.jobs;

import com.typesafe.config.Config;
import io.sparkctr.features.manifest.FeatureManifest;
import io.sparkctr.common.output.OutputGuard;
import io.sparkctr.features.split.Split;
import io.sparkctr.training.Checkpoints;
import io.sparkctr.training.DistributedTrainer;
import io.sparkctr.training.ModelSpecs;
import io.sparkctr.training.OffHeapEstimate;
import io.sparkctr.training.TrainSettings;
import io.sparkctr.models.bundle.ModelBundle;
import io.sparkctr.models.bundle.TrainingSummary;
import io.sparkctr.models.data.FeatureParquet;
import io.sparkctr.models.graph.ModelSpec;
import java.util.Map;
import java.util.Optional;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.SparkSession;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code sparkctr train --conf FILE --features DIR --model-out DIR [--resume] [--overwrite]
 * [--checkpoints DIR]}: trains the configured model on the executors ({@link DistributedTrainer})
 * and publishes the bundle atomically at {@code --model-out}: model with updater state, feature
 * manifest, spec, training summary and {@value #MASTER_FILE} (the effective training-master
 * configuration). Checkpoints go to {@code --checkpoints}, by default the hidden sibling
 * {@code .<model-out name>.checkpoints}, and are removed after publishing unless
 * {@code training.keep-checkpoints}.
 */
public final class TrainJob {
  public static final String MASTER_FILE = "training-master.json";
  private static final Logger LOG = LoggerFactory.getLogger(TrainJob.class);

  /** Parsed arguments with the config already loaded and validated. */
  public record Params(Config config, String configSource, String features, String modelOut, String checkpoints,
                       boolean resume, boolean overwrite) {
    public TrainSettings settings() {
      return TrainSettings.from(config, configSource);
    }
  }

  /** What was published. */
  public record Result(ModelBundle bundle, DistributedTrainer.Result training) {}

  private TrainJob() {}


  public static String defaultCheckpoints(String modelOut) {
    Path p = new Path(modelOut);
    return new Path(p.getParent() == null ? new Path(".") : p.getParent(), "." + p.getName() + ".checkpoints")
        .toString();
  }

  public static Result run(SparkSession spark, Params p) {
    return run(spark, p, Optional.empty());
  }

  /**
   * @param warmStart a bundle whose parameters start the training if its architecture, slots (names),
   *     hashing and dense fields equal this run's — refitted quantile edges and vocabularies do not
   *     change what an index position means — otherwise it is ignored, with a log line saying why
   */
  public static Result run(SparkSession spark, Params p, Optional<ModelBundle> warmStart) {
    TrainSettings t = p.settings();
    var hadoop = spark.sparkContext().hadoopConfiguration();
    checkOutput(p, hadoop);
    FeatureManifest m = FeatureParquet.manifest(spark, p.features());
    ModelSpec spec = ModelSpecs.from(p.config(), p.configSource(), m);
    Checkpoints checkpoints = new Checkpoints(p.checkpoints(), hadoop);
    LOG.info(String.format("Training %s: %,d dense parameters; each training task needs about %,d MB off-heap "
        + "(size spark.executor.memoryOverhead as task slots x this); the embedding tables take %,d MB of heap in "
        + "the driver and %s (see deploy/README.md)", spec.type(), OffHeapEstimate.parameters(spec),
        OffHeapEstimate.bytesPerTask(spec, t.batchSize()) >> 20, OffHeapEstimate.tableBytes(spec) >> 20,
        t.shardedTables() ? "1/N of it in each of the N executors (sharded)" : "all of it in each executor"));
    ComputationGraph initial = null;
    if (warmStart.isPresent()) {
      ModelBundle w = warmStart.get();
      FeatureManifest wm = w.manifest();
      if (w.spec().sameArchitecture(spec) && wm.compatibility(m) != FeatureManifest.Compatibility.DIFFERENT) {
        initial = w.model();
        LOG.info("Warm start from the published model's parameters");
      } else {
        LOG.info("No warm start: the published model's spec or feature transform differs from this run's");
      }
    }
    DistributedTrainer.Result r = DistributedTrainer.train(spark, spec, t, initial,
        FeatureParquet.split(spark, p.features(), m, Split.TRAIN),
        FeatureParquet.split(spark, p.features(), m, Split.VALIDATION), m.downsampling().negativeRate(), checkpoints,
        p.resume());
    TrainingSummary summary = new TrainingSummary(r.trainRows(), r.validation().count(), r.state().bestEpoch(),
        r.validation().auc(), r.validation().logloss(), r.state().epochs());
    ModelBundle bundle = new ModelBundle(r.model(), m, spec, summary).withLineage(TrainLineage.of(spark, "train",
        p.config(), p.configSource(), p.features(), m, r.trainRows(), r.validation().count()));
    BundleStore.publish(bundle, Map.of(MASTER_FILE, r.masterJson()), p.modelOut(), p.overwrite(), hadoop,
        OutputGuard.Read.input(p.features()), OutputGuard.Read.of("checkpoints", p.checkpoints()));
    if (!t.keepCheckpoints()) {
      checkpoints.delete();
    }
    return new Result(bundle, r);
  }

  /** Refuses, before training, a model-out or checkpoint directory that holds or lies in what is read or kept. */
  private static void checkOutput(Params p, org.apache.hadoop.conf.Configuration hadoop) {
    OutputGuard.check(p.modelOut(), hadoop, OutputGuard.Read.input(p.features()),
        OutputGuard.Read.of("checkpoints", p.checkpoints()));
    OutputGuard.check(p.checkpoints(), hadoop, OutputGuard.Read.input(p.features()));
    try {
      Path out = new Path(p.modelOut());
      if (out.getFileSystem(hadoop).exists(out) && !p.overwrite()) {
        throw new IllegalArgumentException("Cannot train: " + p.modelOut()
            + " already exists (pass --overwrite to replace it when training succeeds)");
      }
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException("Cannot check " + p.modelOut() + ": " + e.getMessage(), e);
    }
  }
}
