package io.sparkctr.jobs;

import io.sparkctr.common.config.ConfigLoader;
import com.typesafe.config.Config;
import io.sparkctr.common.output.OutputGuard;
import io.sparkctr.models.bundle.ModelBundle;
import io.sparkctr.models.graph.ModelSpec;
import io.sparkctr.training.BundleStore;
import io.sparkctr.training.BundleTrainer;
import io.sparkctr.training.Checkpoints;
import io.sparkctr.training.DistributedTrainer;
import io.sparkctr.training.TrainSettings;
import java.util.Map;
import java.util.Optional;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.SparkSession;

/**
 * {@code sparkctr train --conf FILE --features DIR --model-out DIR [--resume] [--overwrite]
 * [--checkpoints DIR]}: trains the configured model on the executors ({@link BundleTrainer}, the code
 * {@code CtrClassifier.fit} trains with)
 * and publishes the bundle atomically at {@code --model-out}: model with updater state, feature
 * manifest, spec, training summary and {@value #MASTER_FILE} (the effective training-master
 * configuration) and {@value #TIMING_FILE} (where the run's time went, {@link TrainTiming}). Checkpoints go to {@code --checkpoints}, by default the hidden sibling
 * {@code .<model-out name>.checkpoints}; a directory holding anything but a training run's
 * checkpoints is refused before training, and after publishing the run removes only the files
 * training runs wrote there (and the directory if a run created it) unless
 * {@code training.keep-checkpoints}.
 */
public final class TrainJob {
  public static final String MASTER_FILE = "training-master.json";
  public static final String TIMING_FILE = "timing.json";
  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(TrainJob.class);

  /**
   * Parsed arguments with the config already loaded and validated.
   *
   * @param config the merged config: {@code sparkctr.model} (read with the features' manifest), the lineage, the
   *     configuration files no output may replace
   * @param settings {@code sparkctr.training} of {@code config}, parsed once by the caller ({@link #checkConfig})
   *     and read from here on by every step of the run
   */
  public record Params(Config config, String configSource, TrainSettings settings, String features, String modelOut,
                       String checkpoints, boolean resume, boolean overwrite) {
    public Params {
      java.util.Objects.requireNonNull(settings, "settings");
    }

    /** With {@code sparkctr.training} parsed from {@code config} here (the run's one parse). */
    public Params(Config config, String configSource, String features, String modelOut, String checkpoints,
                  boolean resume, boolean overwrite) {
      this(config, configSource, TrainSettings.from(config, configSource), features, modelOut, checkpoints, resume,
          overwrite);
    }
  }

  /**
   * What was published.
   *
   * @param timing the end-to-end rate and where the time went, publishing included
   */
  public record Result(ModelBundle bundle, DistributedTrainer.Result training, TrainTiming timing) {}

  private TrainJob() {}


  /**
   * Checks every section of {@code config} the job reads ({@code sparkctr.training}, and
   * {@code sparkctr.model} as far as it does not depend on the features), before a Spark session exists.
   *
   * @return {@code sparkctr.training}, typed: the run's settings ({@link Params})
   */
  public static TrainSettings checkConfig(Config config, String source) {
    TrainSettings settings = TrainSettings.from(config, source);
    ModelSpec.check(config, source);
    return settings;
  }

  public static String defaultCheckpoints(String modelOut) {
    Path p = new Path(modelOut);
    return new Path(p.getParent() == null ? new Path(".") : p.getParent(), "." + p.getName() + ".checkpoints")
        .toString();
  }

  public static Result run(SparkSession spark, Params p) {
    return run(spark, p, Optional.empty());
  }

  /**
   * @param warmStart a bundle whose parameters start the training when compatible ({@link BundleTrainer})
   */
  public static Result run(SparkSession spark, Params p, Optional<ModelBundle> warmStart) {
    return run(spark, p, warmStart, DistributedTrainer.EpochListener.NONE);
  }

  /** @param listener told of each checkpointed epoch ({@link DistributedTrainer#train}) */
  public static Result run(SparkSession spark, Params p, Optional<ModelBundle> warmStart,
                           DistributedTrainer.EpochListener listener) {
    return run(spark, p, warmStart, listener, System.currentTimeMillis());
  }

  /**
   * @param startedMillis when the command started (epoch milliseconds, e.g. the JVM's start): the
   *     end-to-end rate ({@link TrainTiming}) counts from there
   */
  public static Result run(SparkSession spark, Params p, Optional<ModelBundle> warmStart,
                           DistributedTrainer.EpochListener listener, long startedMillis) {
    long began = System.nanoTime();
    double startup = Math.max(0, (System.currentTimeMillis() - startedMillis) / 1e3);
    TrainSettings t = p.settings();
    var hadoop = spark.sparkContext().hadoopConfiguration();
    checkOutput(p, hadoop);
    Checkpoints checkpoints = new Checkpoints(p.checkpoints(), hadoop);
    checkpoints.claim();
    BundleTrainer.Result r = BundleTrainer.train(spark, p.config(), p.configSource(), t, p.features(), checkpoints,
        p.resume(), warmStart, listener);
    ModelBundle bundle = r.bundle().withLineage(TrainLineage.of(spark, "train", p.config(), p.configSource(),
        p.features(), r.bundle().manifest(), r.training().trainRows(), r.training().validation().count()));
    TrainTiming timing = new TrainTiming(r.training().timing().examplesTrained(), startup,
        (System.nanoTime() - began) / 1e9, r.training().timing(), 0);
    long publishing = System.nanoTime();
    BundleStore.publish(bundle, Map.of(MASTER_FILE, r.training().masterJson(), TIMING_FILE, timing.json()),
        p.modelOut(), p.overwrite(), hadoop, reads(p, OutputGuard.Read.of("checkpoints", p.checkpoints())));
    timing = timing.published((System.nanoTime() - publishing) / 1e9);
    LOG.info(timing.line());
    if (!t.keepCheckpoints()) {
      checkpoints.delete();
    }
    return new Result(bundle, r.training(), timing);
  }

  /** What the run reads: the features and the configuration files, and {@code more}. */
  private static OutputGuard.Read[] reads(Params p, OutputGuard.Read... more) {
    return OutputGuard.Read.concat(OutputGuard.Read.concat(OutputGuard.Read.configs(ConfigLoader.filesRead(p.config())),
        OutputGuard.Read.input(p.features())), more);
  }

  /** Refuses, before training, a model-out or checkpoint directory that holds or lies in what is read or kept. */
  private static void checkOutput(Params p, org.apache.hadoop.conf.Configuration hadoop) {
    OutputGuard.check(p.modelOut(), hadoop, reads(p, OutputGuard.Read.of("checkpoints", p.checkpoints())));
    OutputGuard.check(p.checkpoints(), hadoop, reads(p));
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
