package io.sparkctr.jobs;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.sparkctr.features.SparkTestSession;
import io.sparkctr.common.config.ConfigLoader;
import io.sparkctr.features.config.FeatureConfig;
import io.sparkctr.features.spark.FeaturePipeline;
import io.sparkctr.features.synthetic.SyntheticLogWriter;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Planted logs (40,000 rows over 4 days) and their features under the synthetic preset with a
 * 2^14 hash space and every value kept (min-count 0), made once per test JVM and shared by the job tests, plus a small model config.
 */
public final class PlantedFeatures {
  public static final File PRESET = new File("../conf/presets/synthetic.conf");
  /** A model and training small enough for tests: DeepFM k = 8, MLP 32, three epochs on two workers. */
  public static final String SMALL = String.join("\n",
      "sparkctr.features { hashing.bits = 14, vocabulary.min-count = 0 }",
      "sparkctr.model { type = deepfm, embedding-dim = 8, hidden = [32], learning-rate = 0.003, deep-l2 = 1e-5 }",
      "sparkctr.training { epochs = 3, batch-size = 256, averaging-frequency = 4, workers = 2,",
      "  early-stopping-patience = 3, loss-sample-rows = 5000 }");
  private static Path root;

  private PlantedFeatures() {}

  /** The directory holding {@code gen/} (logs, truth) and {@code features/}. */
  public static synchronized Path root() {
    if (root == null) {
      try {
        Path r = Files.createTempDirectory("sparkctr-planted");
        r.toFile().deleteOnExit();
        var spark = SparkTestSession.get();
        SyntheticLogWriter.write(spark, 40_000, 4, 3, r.resolve("gen").toString(), false);
        FeaturePipeline.run(spark, FeatureConfig.from(config(""), "test.conf")
            .withPaths(logs(r), r.resolve("features").toString()));
        root = r;
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return root;
  }

  static String logs(Path r) {
    return r.resolve("gen").resolve(SyntheticLogWriter.LOGS).toString();
  }

  public static String logs() {
    return logs(root());
  }

  public static String features() {
    return root().resolve("features").toString();
  }

  /** The preset, then {@link #SMALL}, then {@code overrides}, over the defaults. */
  public static Config config(String overrides) {
    return ConfigFactory.parseString(overrides).withFallback(ConfigFactory.parseString(SMALL))
        .withFallback(ConfigLoader.load(PRESET)).resolve();
  }

  /** Train params writing the model to {@code dir/model}, checkpoints beside it. */
  public static TrainJob.Params train(Path dir, String overrides, boolean resume) {
    String out = dir.resolve("model").toString();
    return new TrainJob.Params(config(overrides), "test.conf", features(), out, TrainJob.defaultCheckpoints(out),
        resume, false);
  }
}
