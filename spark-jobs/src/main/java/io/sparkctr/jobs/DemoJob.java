package io.sparkctr.jobs;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.sparkctr.common.config.ConfigLoader;
import io.sparkctr.features.config.FeatureConfig;
import io.sparkctr.features.manifest.FeatureManifest;
import io.sparkctr.features.split.Split;
import io.sparkctr.features.synthetic.SyntheticLogWriter;
import io.sparkctr.jobs.eval.TruthMetrics;
import io.sparkctr.models.metrics.MetricsReport;
import io.sparkctr.training.Checkpoints;
import io.sparkctr.training.TrainSettings;
import io.sparkctr.training.data.FeatureParquet;
import java.io.File;
import java.util.List;
import java.util.Locale;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.SparkSession;

/**
 * {@code sparkctr demo [--workdir DIR] [--rows N] [--days D] [--seed S] [--conf FILE] [--set K=V]...}:
 * the whole product on planted data — generate logs with a known click model, run the feature job, train the
 * configured model and an LR baseline on Spark, evaluate both on the held-out test days, and print
 * their AUC and logloss next to those of the true probabilities (the best achievable). Everything
 * under the working directory is replaced on every run.
 */
public final class DemoJob {
  public static final String DEFAULT_PRESET = "conf/presets/synthetic.conf";
  /** The LR baseline's model section, over the demo's config (also {@code bench-quality --shape demo}'s LR). */
  public static final String BASELINE = "sparkctr.model { type = lr, learning-rate = 0.01 }";

  /** @param settings the config, typed once at the entry point ({@link #checkConfig}) */
  public record Params(String workdir, long rows, int days, long seed, Settings settings) {
    public Params {
      java.util.Objects.requireNonNull(settings, "settings");
    }

    /**
     * Loads {@code conf} with {@code overrides} ({@code --set key=value}) over it and checks it here
     * (the run's one parse).
     */
    public Params(String workdir, long rows, int days, long seed, File conf, List<String> overrides) {
      this(workdir, rows, days, seed, checkConfig(ConfigLoader.load(conf, List.copyOf(overrides)), conf.toString()));
    }

    public Params(String workdir, long rows, int days, long seed, File conf) {
      this(workdir, rows, days, seed, conf, List.of());
    }
  }

  /**
   * The demo's config, typed: the configured model's and the LR baseline's.
   *
   * @param source names the config in messages and the bundles' lineage
   * @param features {@code sparkctr.features} (its paths are the run's)
   * @param training {@code sparkctr.training} of {@code config}
   * @param baseline the config with the baseline's model ({@value #BASELINE})
   * @param baselineTraining {@code sparkctr.training} of {@code baseline}
   */
  public record Settings(Config config, String source, FeatureConfig features, TrainSettings training,
                         Config baseline, TrainSettings baselineTraining) {}

  /** The printed table and the evaluation behind it. */
  public record Result(String table, EvaluateJob.Result evaluation, MetricsReport truth, FeatureManifest manifest) {}

  private DemoJob() {}


  /**
   * Checks every section of {@code config} the demo reads (features, and training and model for the
   * configured model and the LR baseline), before a Spark session exists.
   *
   * @return the config, typed: the run's settings ({@link Params})
   */
  public static Settings checkConfig(Config config, String source) {
    FeatureConfig features = FeatureConfig.from(config, source);
    TrainSettings training = TrainJob.checkConfig(config, source);
    Config baseline = baseline(config);
    return new Settings(config, source, features, training, baseline, TrainJob.checkConfig(baseline, "baseline"));
  }

  private static Config baseline(Config config) {
    return ConfigFactory.parseString(BASELINE).withFallback(config).resolve();
  }

  public static Result run(SparkSession spark, Params p) {
    String data = p.workdir() + "/data";
    String features = p.workdir() + "/features";
    Settings s = p.settings();
    SyntheticLogWriter.Summary gen = SyntheticLogWriter.write(spark, p.rows(), p.days(), p.seed(), data, true);
    FeatureConfig fc = s.features()
        .withPaths(data + "/" + SyntheticLogWriter.LOGS, features).withOverwrite();
    FeatureManifest m = FeatureJob.run(spark, fc);

    String model = p.workdir() + "/model";
    String baseline = p.workdir() + "/baseline";
    train(spark, s.config(), s.source(), s.training(), features, model);
    train(spark, s.baseline(), "baseline", s.baselineTraining(), features, baseline);
    String report = p.workdir() + "/report";
    EvaluateJob.Result ev = EvaluateJob.run(spark,
        new EvaluateJob.Params(model, features, baseline, report, Split.TEST, true));
    MetricsReport truth = TruthMetrics.of(spark, FeatureParquet.split(spark, features, m, Split.TEST),
        data + "/" + SyntheticLogWriter.TRUTH);

    FeatureManifest.Counts c = m.counts();
    StringBuilder sb = new StringBuilder();
    sb.append(String.format(Locale.ROOT, "%nsparkctr demo: %,d planted impressions over %d days (base rate %.4f); "
            + "train %,d, validation %,d, test %,d rows; %,d quarantined%n%n", gen.rows(), gen.days(),
        (double) gen.positives() / gen.rows(), c.written().get("train"), c.written().get("validation"),
        c.written().get("test"), c.totalQuarantined()));
    sb.append(String.format(Locale.ROOT, "%-34s %8s %9s %8s%n", "test days", "AUC", "logloss", "calib."));
    MetricsReport mm = ev.models().get(0).metrics();
    MetricsReport lr = ev.models().get(1).metrics();
    sb.append(line(ev.models().get(0).type() + " (trained on Spark)", mm));
    sb.append(line("LR baseline", lr));
    sb.append(line("true probabilities (best possible)", truth));
    sb.append(String.format(Locale.ROOT, "%nmodel: %s%nreport: %s/%s%n", model, report, EvaluateJob.REPORT));
    return new Result(sb.toString(), ev, truth, m);
  }

  private static String line(String name, MetricsReport r) {
    return String.format(Locale.ROOT, "%-34s %8.4f %9.4f %8.3f%n", name, r.auc(), r.logloss(), r.calibration());
  }

  private static void train(SparkSession spark, Config config, String source, TrainSettings settings, String features,
                            String out) {
    String checkpoints = TrainJob.defaultCheckpoints(out);
    // an earlier demo's checkpoints: only a training run's own files go (anything else refuses the run)
    new Checkpoints(checkpoints, spark.sparkContext().hadoopConfiguration()).delete();
    TrainJob.run(spark, new TrainJob.Params(config, source, settings, features, out, checkpoints, false, true));
  }
}
