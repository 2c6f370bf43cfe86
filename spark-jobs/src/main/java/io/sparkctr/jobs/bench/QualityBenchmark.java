package io.sparkctr.jobs.bench;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.sparkctr.common.config.ConfigLoader;
import io.sparkctr.features.config.FeatureConfig;
import io.sparkctr.features.manifest.FeatureManifest;
import io.sparkctr.features.split.Split;
import io.sparkctr.features.synthetic.PlantedClickModel;
import io.sparkctr.features.synthetic.PlantedShape;
import io.sparkctr.features.synthetic.SyntheticLogWriter;
import io.sparkctr.jobs.DemoJob;
import io.sparkctr.jobs.EvaluateJob;
import io.sparkctr.jobs.FeatureJob;
import io.sparkctr.jobs.TrainJob;
import io.sparkctr.jobs.eval.TruthMetrics;
import io.sparkctr.models.graph.ModelType;
import io.sparkctr.models.metrics.MetricsReport;
import io.sparkctr.models.train.EpochStats;
import io.sparkctr.training.Checkpoints;
import io.sparkctr.training.data.FeatureParquet;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.List;
import java.util.Locale;
import org.apache.spark.sql.SparkSession;

/**
 * {@code sparkctr bench-quality}: what each model learns on planted logs that look like real ones
 * ({@link PlantedShape#REALISTIC} by default). Generates the logs, runs the feature job with the
 * shape's preset, trains each model type with the packaged defaults (plus the preset's and the
 * user's {@code --conf}/{@code --set}, the type set last; on the demo's shape LR is the demo's baseline,
 * {@link DemoJob#BASELINE}) on Spark, and prints each epoch's
 * validation AUC and logloss next to the true probabilities', then the test-day metrics of the
 * kept epoch next to the truth's and LR's. The logs and features are kept in the working directory
 * and reused by a later run with the same shape, rows, days and seed.
 */
public final class QualityBenchmark {
  /**
   * @param config the run's configuration ({@link #config}); each model's type is set over it
   * @param source names it in messages
   */
  public record Params(PlantedShape shape, long rows, int days, long seed, List<ModelType> types, String workdir,
                       Config config, String source) {
    public Params {
      types = List.copyOf(types);
    }
  }

  /** One model's run: its epochs, and the test metrics of the epoch it kept. */
  public record ModelRun(ModelType type, List<EpochStats> epochs, int bestEpoch, MetricsReport test) {}

  private QualityBenchmark() {}

  /** The features preset of a shape (its {@code sparkctr.features} section is what the benchmark reads). */
  public static String preset(PlantedShape shape) {
    return shape == PlantedShape.DEMO ? "conf/presets/synthetic.conf" : "conf/presets/planted-" + shape.name() + ".conf";
  }

  /**
   * The benchmark's configuration: {@code user}'s (a file or the preset, with {@code --set}, over the
   * defaults) with the features section of the preset, which the generated columns need.
   */
  public static Config config(Config user, File preset) {
    return user.withoutPath("sparkctr.features").withFallback(ConfigLoader.load(preset, List.of())).resolve();
  }

  public static String run(SparkSession spark, Params p) {
    String data = p.workdir() + "/data";
    String features = p.workdir() + "/features";
    Config base = p.config();
    FeatureManifest m = prepare(spark, p, base, p.source(), data, features);
    String truth = data + "/" + SyntheticLogWriter.TRUTH;
    MetricsReport truthVal = TruthMetrics.of(spark, FeatureParquet.split(spark, features, m, Split.VALIDATION), truth);
    MetricsReport truthTest = TruthMetrics.of(spark, FeatureParquet.split(spark, features, m, Split.TEST), truth);
    StringBuilder out = new StringBuilder(header(p, m, truthVal, truthTest, fittedForm(p)));
    System.out.print(out);
    MetricsReport lr = null;
    for (ModelType type : p.types()) {
      ModelRun r = train(spark, p, base, type, features);
      out.append(rows(r, truthVal));
      if (type == ModelType.LR) {
        lr = r.test();
      }
      System.out.print(rows(r, truthVal));
      out.append(String.format(Locale.ROOT, "| %s | test (epoch %d kept) | %.4f | %.4f | %s |%n%n", type,
          r.bestEpoch(), r.test().auc(), r.test().logloss(), lr == null || type == ModelType.LR ? ""
              : String.format(Locale.ROOT, "%+.4f vs LR", r.test().auc() - lr.auc())));
    }
    return out.toString();
  }

  private static String header(Params p, FeatureManifest m, MetricsReport truthVal, MetricsReport truthTest,
                               String form) {
    FeatureManifest.Counts c = m.counts();
    return String.format(Locale.ROOT, "### Quality on planted '%s' logs (%,d rows over %d days, seed %d; train %,d, "
            + "validation %,d, test %,d rows)%n%nTrue probabilities: validation AUC %.4f, logloss %.4f; test AUC %.4f, "
            + "logloss %.4f%n%n%s| model | epoch | AUC | logloss | examples/s |%n|---|---|---|---|---|%n",
        p.shape().name(), p.rows(), p.days(), p.seed(), c.written().get("train"), c.written().get("validation"),
        c.written().get("test"), truthVal.auc(), truthVal.logloss(), truthTest.auc(), truthTest.logloss(), form);
  }

  /** Rates {@link FittedForm} tries, and its epochs at most. */
  static final double[] FORM_RATES = {0.02, 0.05, 0.1};
  static final int FORM_EPOCHS = 8;

  private static String fittedForm(Params p) {
    FittedForm.Result f = FittedForm.fit(new PlantedClickModel(p.shape(), p.seed(), p.rows(), p.days(), false),
        p.rows(), p.days(), FORM_RATES, FORM_EPOCHS);
    return String.format(Locale.ROOT, "The generator's form fitted to the training days (what a model that knew it "
        + "could reach from these rows): validation AUC %.4f, test AUC %.4f (AdaGrad %.2f, epoch %d)%n%n",
        f.validationAuc(), f.testAuc(), f.rate(), f.epoch());
  }

  private static String rows(ModelRun r, MetricsReport truthVal) {
    StringBuilder sb = new StringBuilder();
    for (EpochStats e : r.epochs()) {
      sb.append(String.format(Locale.ROOT, "| %s | validation %d | %.4f | %.4f | %,.0f |%n", r.type(), e.epoch(),
          e.validationAuc(), e.validationLogloss(), e.examplesPerSecond()));
    }
    return sb.toString();
  }

  /** Marks a working directory as bench-quality's: only such a directory, a new one or an empty one is used. */
  static final String MARKER = "_SPARKCTR_BENCH_QUALITY";

  /**
   * Claims {@code workdir}: creates it with the marker, or accepts it when it is empty or carries the
   * marker. The run replaces {@code data/}, {@code features/}, {@code models/} and {@code reports/}
   * under it, so a directory of anything else is refused.
   */
  static void claim(java.nio.file.Path workdir) throws IOException {
    java.nio.file.Path marker = workdir.resolve(MARKER);
    if (Files.isDirectory(workdir) && !Files.exists(marker)) {
      try (var entries = Files.list(workdir)) {
        if (entries.findAny().isPresent()) {
          throw new IllegalArgumentException("Cannot use --workdir " + workdir + ": it holds files bench-quality did "
              + "not write, and a run replaces data/, features/, models/ and reports/ under it; name a new or empty "
              + "directory");
        }
      }
    }
    Files.createDirectories(workdir);
    if (!Files.exists(marker)) {
      Files.createFile(marker);
    }
  }

  /** Generates the logs and runs the feature job unless the working directory holds them for these parameters. */
  private static FeatureManifest prepare(SparkSession spark, Params p, Config config, String source, String data,
                                         String features) {
    String stamp = String.format(Locale.ROOT, "%s rows=%d days=%d seed=%d%n", p.shape().name(), p.rows(), p.days(),
        p.seed());
    java.nio.file.Path stampFile = java.nio.file.Path.of(p.workdir(), "bench-quality.data");
    try {
      claim(stampFile.getParent());
      if (Files.exists(stampFile) && Files.readString(stampFile).equals(stamp)) {
        return FeatureParquet.manifest(spark, features);
      }
      Files.createDirectories(stampFile.getParent());
      Files.deleteIfExists(stampFile);
      SyntheticLogWriter.write(spark, p.shape(), p.rows(), p.days(), p.seed(), data, true, false);
      FeatureConfig fc = FeatureConfig.from(config, source).withPaths(data + "/" + SyntheticLogWriter.LOGS, features)
          .withOverwrite();
      FeatureManifest m = FeatureJob.run(spark, fc);
      Files.writeString(stampFile, stamp, StandardCharsets.UTF_8);
      return m;
    } catch (IOException e) {
      throw new java.io.UncheckedIOException("Cannot prepare " + p.workdir() + ": " + e.getMessage(), e);
    }
  }

  /** The model section set over the run's config: the type, or on the demo's shape LR as the demo's baseline. */
  static String model(PlantedShape shape, ModelType type) {
    return shape == PlantedShape.DEMO && type == ModelType.LR ? DemoJob.BASELINE
        : "sparkctr.model.type = " + type.configName();
  }

  private static ModelRun train(SparkSession spark, Params p, Config base, ModelType type, String features) {
    Config config = ConfigFactory.parseString(model(p.shape(), type)).withFallback(base).resolve();
    String model = p.workdir() + "/models/" + type.configName();
    String checkpoints = TrainJob.defaultCheckpoints(model);
    new Checkpoints(checkpoints, spark.sparkContext().hadoopConfiguration()).delete();
    TrainJob.Result r = TrainJob.run(spark, new TrainJob.Params(config, "bench-quality", features, model, checkpoints,
        false, true));
    EvaluateJob.Result ev = EvaluateJob.run(spark, new EvaluateJob.Params(model, features, null,
        p.workdir() + "/reports/" + type.configName(), Split.TEST, true));
    return new ModelRun(type, r.training().state().epochs(), r.training().state().bestEpoch(),
        ev.models().get(0).metrics());
  }
}
