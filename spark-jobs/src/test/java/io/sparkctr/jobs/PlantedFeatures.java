package io.sparkctr.jobs;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.sparkctr.features.SparkTestSession;
import io.sparkctr.common.config.ConfigLoader;
import io.sparkctr.common.output.StagedOutput;
import io.sparkctr.features.config.FeatureConfig;
import io.sparkctr.features.spark.FeaturePipeline;
import io.sparkctr.features.synthetic.SyntheticLogWriter;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Planted logs (40,000 rows over 4 days) and their features under the synthetic preset with a
 * 2^14 hash space and every value kept (min-count 0), shared by the job tests, plus a small model config. Made once
 * per test JVM in a temporary directory, or once per build where the {@value #SHARED} system property names a
 * directory (the Surefire executions set it under {@code target/}: their test JVMs read what the first one made).
 */
public final class PlantedFeatures {
  public static final File PRESET = new File("../conf/presets/synthetic.conf");
  /** A model and training small enough for tests: DeepFM k = 8, MLP 32, three epochs on two workers. */
  public static final String SMALL = String.join("\n",
      "sparkctr.features { hashing.bits = 14, vocabulary.min-count = 0 }",
      "sparkctr.model { type = deepfm, embedding-dim = 8, hidden = [32], learning-rate = 0.003, deep-l2 = 1e-5 }",
      "sparkctr.training { epochs = 3, batch-size = 256, averaging-frequency = 4, workers = 2,",
      "  early-stopping-patience = 3, loss-sample-rows = 5000 }");
  /** System property: the directory that the build's test JVMs share for the planted logs and features. */
  public static final String SHARED = "sparkctr.test.planted";
  private static Path root;

  private PlantedFeatures() {}

  /** The directory holding {@code gen/} (logs, truth) and {@code features/}. */
  public static synchronized Path root() {
    if (root == null) {
      try {
        String shared = System.getProperty(SHARED);
        Path r = shared == null ? Files.createTempDirectory("sparkctr-planted") : Path.of(shared);
        if (shared == null) {
          r.toFile().deleteOnExit();
        }
        if (!Files.exists(r.resolve("features").resolve(StagedOutput.COMPLETE))) {
          make(r);
        }
        root = r;
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return root;
  }

  /** The logs and features in {@code r}, replacing the two directories an interrupted JVM left there (only those). */
  private static void make(Path r) throws IOException {
    for (Path own : List.of(r.resolve("gen"), r.resolve("features"))) {
      if (Files.exists(own)) {
        try (var files = Files.walk(own)) {
          for (Path f : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
            Files.delete(f);
          }
        }
      }
    }
    var spark = SparkTestSession.get();
    SyntheticLogWriter.write(spark, 40_000, 4, 3, r.resolve("gen").toString(), false);
    FeaturePipeline.run(spark, FeatureConfig.from(config(""), "test.conf")
        .withPaths(logs(r), r.resolve("features").toString()));
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
