package io.sparkctr.jobs;

import io.sparkctr.training.BundleStore;
import io.sparkctr.common.json.Json;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.sparkctr.features.config.FeatureConfig;
import io.sparkctr.common.output.OutputGuard;
import io.sparkctr.common.output.StagedOutput;
import io.sparkctr.features.split.Split;
import io.sparkctr.jobs.nightly.BackfillNote;
import io.sparkctr.jobs.nightly.ModelRegistry;
import io.sparkctr.jobs.nightly.NightlyResult;
import io.sparkctr.jobs.nightly.NightlySettings;
import io.sparkctr.jobs.nightly.TrendPage;
import io.sparkctr.training.Checkpoints;
import io.sparkctr.training.TrainSettings;
import io.sparkctr.models.bundle.ModelBundle;
import io.sparkctr.models.metrics.MetricsJson;
import io.sparkctr.models.metrics.MetricsOptions;
import io.sparkctr.models.metrics.MetricsReport;
import io.sparkctr.models.metrics.ModelComparison;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.FileUtil;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code sparkctr nightly --conf FILE --date YYYY-MM-DD}: the daily retraining that a scheduler
 * runs. Features over the {@code nightly.window-days} days ending at the date (the last day held
 * out as the test split, the one before for validation) → train the candidate (resuming its
 * checkpoints if an earlier attempt crashed; optionally warm-started) → score the held-out day's
 * raw logs with the candidate and with the published model, each through its own manifest → gate
 * → write {@code versions/<date>/} (bundle, report with the gate's decision, {@code result.json})
 * → if the gate passed, switch {@code CURRENT}.
 *
 * <p>The command line exits 0 when published, 3 when the gate rejected the candidate (the published
 * model stays), 2 for bad usage, config or input, 1 for any other failure. Re-running a date that has a result changes nothing and
 * exits as that run did; if it had passed the gate but died before switching the pointer, the
 * re-run switches it (never back to an older date).
 */
public final class NightlyJob {
  public static final String RESULT = "result.json";
  public static final String REPORT = "report";
  private static final Logger LOG = LoggerFactory.getLogger(NightlyJob.class);
  /** Called after the version directory is complete and before the pointer switch; tests simulate a crash. */
  static volatile Runnable beforePointerSwitch = () -> { };

  /**
   * @param settings every section the run reads, typed once at the entry point ({@link #checkConfig})
   */
  public record Params(Config config, String source, LocalDate date, Settings settings) {
    public Params {
      java.util.Objects.requireNonNull(settings, "settings");
    }

    /** With the settings parsed from {@code config} here (the run's one parse). */
    public Params(Config config, String source, LocalDate date) {
      this(config, source, date, checkConfig(config, source));
    }
  }

  /**
   * The typed sections of a nightly run's config.
   *
   * @param runConfig the config with the run's day split (what the feature job and training read)
   * @param features {@code sparkctr.features} with that split (its paths are the run's, set per date)
   * @param training {@code sparkctr.training}
   * @param metrics {@code sparkctr.evaluation}'s metrics options
   */
  public record Settings(NightlySettings nightly, Config runConfig, FeatureConfig features, TrainSettings training,
                         MetricsOptions metrics) {}

  private NightlyJob() {}


  /**
   * Checks every section of {@code config} a run reads (nightly, features as the run splits them,
   * training, model, evaluation), before a Spark session exists.
   *
   * @return the sections, typed: the run's settings ({@link Params})
   */
  public static Settings checkConfig(Config config, String source) {
    NightlySettings nightly = NightlySettings.from(config, source);
    Config cfg = withDaySplit(config);
    FeatureConfig features = FeatureConfig.from(cfg, source);
    TrainSettings training = TrainJob.checkConfig(cfg, source);
    return new Settings(nightly, cfg, features, training, MetricsOptions.from(config, source));
  }

  /** The config with the run's split: the last day is the test split, the one before it validation. */
  private static Config withDaySplit(Config config) {
    return ConfigFactory.parseString("sparkctr.features.split { mode = last-days, validation-days = 1, "
        + "test-days = 1 }").withFallback(config).resolve();
  }

  /** Runs the date; the exit code follows from {@link NightlyResult#published()}. */
  public static NightlyResult run(SparkSession spark, Params p) {
    NightlySettings n = p.settings().nightly();
    Configuration hadoop = spark.sparkContext().hadoopConfiguration();
    OutputGuard.Read input = OutputGuard.Read.input(n.windowGlob(p.date()));
    OutputGuard.check(n.workdir(), hadoop, input, OutputGuard.Read.of("registry", n.registry()));
    OutputGuard.check(n.registry(), hadoop, input);
    ModelRegistry registry = new ModelRegistry(n.registry(), hadoop);
    String version = p.date().toString();
    Optional<String> recorded = registry.readText(version, RESULT);
    if (recorded.isPresent()) {
      NightlyResult r = read(recorded.get(), version);
      LOG.info("Nightly {} already ran ({}); nothing to do", version, r.published() ? "published" : "rejected");
      if (r.published() && pointIfNewer(registry, version)) {
        writeTrendPage(registry, hadoop);
      }
      return r;
    }
    checkDays(n, p.date(), hadoop);
    String work = n.workdir() + "/" + version;
    Config cfg = p.settings().runConfig();

    String features = work + "/features";
    FeatureJob.run(spark, p.settings().features().withPaths(n.windowGlob(p.date()), features)
        .withOverwrite());
    Optional<String> previous = registry.current();
    Optional<ModelBundle> published = previous.map(v -> BundleStore.read(registry.version(v).toString(), hadoop));
    String candidatePath = work + "/candidate";
    String checkpoints = TrainJob.defaultCheckpoints(candidatePath);
    boolean resume = new Checkpoints(checkpoints, hadoop).any();
    TrainJob.Params train = new TrainJob.Params(cfg, p.source(), p.settings().training(), features, candidatePath,
        checkpoints, resume, true);
    TrainJob.run(spark, train, n.warmStart() ? published : Optional.empty());
    ModelBundle candidate = BundleStore.read(candidatePath, hadoop);

    String heldOut = n.dayPath(p.date());
    MetricsOptions options = p.settings().metrics();
    MetricsReport cand;
    MetricsReport prev = null;
    ModelComparison comparison = null;
    long unpaired = 0;
    if (published.isPresent()) {
      RawScoring.Paired paired = RawScoring.compare(spark, candidate, published.get(), heldOut, options);
      cand = paired.metrics().a().report();
      prev = paired.metrics().b().report();
      comparison = paired.metrics().comparison();
      unpaired = paired.unpaired();
    } else {
      cand = RawScoring.metrics(spark, candidate, heldOut, options).report();
    }
    List<String> reasons = n.gate().failures(cand, prev, comparison);
    NightlyResult result = new NightlyResult(version, reasons.isEmpty(), reasons, NightlyResult.Metrics.of(cand),
        previous.orElse(null), NightlyResult.Metrics.of(prev), heldOut, comparison, unpaired, cand.slices(),
        prev == null ? null : prev.slices(), BackfillNote.of(n, p.date(), previous));
    LOG.info("Gate for {}: {} (candidate AUC {}, logloss {}, calibration {}; published {}: {}; difference {})",
        version, result.published() ? "PUBLISH" : "REJECT " + reasons, cand.auc(), cand.logloss(), cand.calibration(),
        previous.orElse("none"), prev == null ? "-" : "AUC " + prev.auc() + ", logloss " + prev.logloss(),
        comparison == null ? "-" : comparison.aucDeltaCi());

    String report = work + "/" + REPORT;
    EvaluateJob.run(spark, new EvaluateJob.Params(candidatePath, features, null, report, Split.TEST, true,
        options.withSliceFields(List.of()), null), result.html());
    writeVersion(registry, version, candidatePath, report, result, hadoop);
    beforePointerSwitch.run();
    if (result.published()) {
      pointIfNewer(registry, version);
    }
    writeTrendPage(registry, hadoop);
    return result;
  }

  /** Rewrites the registry's trend page; a failure is only logged (the run's outcome stands). */
  private static void writeTrendPage(ModelRegistry registry, Configuration hadoop) {
    try {
      TrendPage.write(registry, hadoop);
    } catch (RuntimeException e) {
      LOG.warn("Cannot update the trend page of {} (the run's outcome stands): {}", registry.root(), e.toString());
    }
  }

  private static void checkDays(NightlySettings n, LocalDate date, Configuration hadoop) {
    List<String> missing = new ArrayList<>();
    for (LocalDate d : n.days(date)) {
      Path p = new Path(n.dayPath(d));
      try {
        FileStatus[] m = p.getFileSystem(hadoop).globStatus(p);
        if (m == null || m.length == 0) {
          missing.add(d + " (" + p + ")");
        }
      } catch (IOException e) {
        throw new UncheckedIOException("Cannot check " + p + ": " + e.getMessage(), e);
      }
    }
    if (!missing.isEmpty()) {
      throw new IllegalArgumentException("Cannot run nightly for " + date + ": no logs for " + missing);
    }
  }

  private static void writeVersion(ModelRegistry registry, String version, String candidate, String report,
                                   NightlyResult result, Configuration hadoop) {
    try (StagedOutput out = StagedOutput.begin(registry.version(version).toString(), true, hadoop,
        OutputGuard.Read.model(candidate), OutputGuard.Read.of("report", report))) {
      Path src = new Path(candidate);
      FileSystem fs = src.getFileSystem(hadoop);
      for (FileStatus f : fs.listStatus(src)) {
        FileUtil.copy(fs, f.getPath(), out.staging().getFileSystem(hadoop), new Path(out.staging(),
            f.getPath().getName()), false, hadoop);
      }
      Path rep = new Path(report);
      FileUtil.copy(rep.getFileSystem(hadoop), rep, out.staging().getFileSystem(hadoop), new Path(out.staging(), REPORT),
          false, hadoop);
      out.writeText(RESULT, MetricsJson.MAPPER.writeValueAsString(result));
      out.publish();
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot write version " + version + " to " + registry.root() + ": "
          + e.getMessage(), e);
    }
  }

  /** Points CURRENT at {@code version} unless a newer one is current or it was rolled back from; whether it did. */
  private static boolean pointIfNewer(ModelRegistry registry, String version) {
    Optional<String> current = registry.current();
    // a version an operator rolled back from stays down until promoted (sparkctr registry)
    if ((current.isEmpty() || current.get().compareTo(version) < 0) && !registry.demoted(version)) {
      registry.publish(version);
      LOG.info("Published {}: {} now points to {}", registry.version(version), ModelRegistry.CURRENT, version);
      return true;
    }
    return false;
  }

  private static NightlyResult read(String json, String version) {
    try {
      return MetricsJson.MAPPER.readValue(json, NightlyResult.class);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read the result of " + version + ": " + e.getMessage(), e);
    }
  }
}
