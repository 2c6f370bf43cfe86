package io.sparkctr.jobs;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import io.sparkctr.common.json.Json;
import io.sparkctr.common.output.OutputGuard;
import io.sparkctr.common.output.StagedOutput;
import io.sparkctr.common.progress.Progress;
import io.sparkctr.features.manifest.FeatureOutputSchema;
import io.sparkctr.features.parse.ParseOutcome;
import io.sparkctr.features.spark.RawInput;
import io.sparkctr.models.bundle.ModelBundle;
import io.sparkctr.training.BundleStore;
import io.sparkctr.training.scoring.BroadcastModel;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.storage.StorageLevel;

/**
 * {@code sparkctr score --model DIR --input PATH --output DIR [--max-bad-fraction F] [--conf FILE] [--set K=V]...
 * [--overwrite]}: batch scoring of raw logs (the formats of the feature job) with a bundle; the
 * config gives only the default bad-row limit ({@value #MAX_BAD_FRACTION_KEY}). Rows are parsed and
 * transformed by the bundle's manifest — exactly the training transform — and scored on the executors. Output,
 * published atomically: {@code scores/} (Parquet: {@code key} = the id field, or file:byte-offset
 * without one; {@code probability}, recalibrated; {@code label} when the logs have one),
 * {@code quarantine/} (JSON lines: unparseable rows with file, location and reason) and
 * {@value #SUMMARY}, where rows read = scored + quarantined.
 *
 * <p>With arms ({@code --arm NAME=MODEL:FRACTION ... --unit FIELD [--salt S]}, {@link ScoreArms}) each row is scored
 * by the model of its unit's arm, {@code scores/} gains the column {@code arm}, and the summary holds each arm's
 * model and rows and the {@code assignment} (hash, salt, split and hash ranges) a service needs to reproduce it.
 * Rows are counted and quarantined by the first arm's manifest.
 */
public final class ScoreJob {
  public static final String SCORES = "scores";
  public static final String QUARANTINE = "quarantine";
  public static final String SUMMARY = "summary.json";
  public static final StructType SCHEMA = RawScoring.SCHEMA;

  /** The default of {@code --max-bad-fraction}, the feature job's default bad-row limit. */
  public static final double DEFAULT_MAX_BAD_FRACTION = 0.01;
  /** The config key {@code --max-bad-fraction} defaults to: the feature job's bad-row limit. */
  public static final String MAX_BAD_FRACTION_KEY = "sparkctr.features.quarantine.max-bad-fraction";

  /**
   * @param model the one model, or null with {@code arms}
   * @param maxBadFraction fail (nothing published) when more than this fraction of rows is quarantined
   * @param arms a model per arm and the split of units between them, or null with {@code model}
   */
  public record Params(String model, String input, String output, boolean overwrite, double maxBadFraction,
                       ScoreArms arms) {
    public Params {
      if ((model == null) == (arms == null)) {
        throw new IllegalArgumentException("Cannot score: give either --model or --arm (two or more), not "
            + (model == null ? "neither" : "both"));
      }
    }

    public Params(String model, String input, String output, boolean overwrite, double maxBadFraction) {
      this(model, input, output, overwrite, maxBadFraction, null);
    }

    public Params(String model, String input, String output, boolean overwrite) {
      this(model, input, output, overwrite, DEFAULT_MAX_BAD_FRACTION);
    }

    /** The bundles read: the model, or each arm's in order. */
    public List<String> models() {
      return arms == null ? List.of(model) : arms.models();
    }

    OutputGuard.Read[] reads() {
      List<OutputGuard.Read> r = new ArrayList<>(List.of(OutputGuard.Read.input(input)));
      models().forEach(m -> r.add(OutputGuard.Read.model(m)));
      return r.toArray(new OutputGuard.Read[0]);
    }
  }

  /** Rows read, scored and quarantined; read = scored + quarantined. */
  public record Result(long read, long scored, long quarantined) {}

  private ScoreJob() {}


  /**
   * The bad-row limit of {@code config} ({@value #MAX_BAD_FRACTION_KEY}), the default of {@code --max-bad-fraction}.
   *
   * @param source names the config in the message when the value is not a fraction
   */
  public static double maxBadFraction(Config config, String source) {
    double f;
    try {
      f = config.getDouble(MAX_BAD_FRACTION_KEY);
    } catch (ConfigException e) {
      throw new IllegalArgumentException("Cannot read " + MAX_BAD_FRACTION_KEY + " of " + source + ": "
          + e.getMessage(), e);
    }
    if (!(f >= 0 && f <= 1)) {
      throw new IllegalArgumentException("Cannot read " + MAX_BAD_FRACTION_KEY + " of " + source + ": " + f
          + " is outside [0, 1] (" + config.getValue(MAX_BAD_FRACTION_KEY).origin().description() + ")");
    }
    return f;
  }

  public static Result run(SparkSession spark, Params p) {
    var hadoop = spark.sparkContext().hadoopConfiguration();
    OutputGuard.check(p.output(), hadoop, p.reads());
    List<ModelBundle> bundles = p.models().stream().map(m -> BundleStore.read(m, hadoop)).toList();
    RawInput raw = RawScoring.read(spark, bundles.get(0), p.input());
    JavaRDD<ParseOutcome> outcomes = raw.outcomes().persist(StorageLevel.MEMORY_AND_DISK());
    JavaSparkContext sc = JavaSparkContext.fromSparkContext(spark.sparkContext());
    List<BroadcastModel> models = bundles.stream().map(b -> BroadcastModel.of(sc, b.model())).toList();
    Progress progress = Progress.open(spark.sparkContext(), "score");
    StagedOutput out = null;
    try {
      out = StagedOutput.begin(p.output(), p.overwrite(), hadoop, p.reads());
      progress.phase("parse and count the rows");
      long read = outcomes.count();
      checkBadRows(p, read, outcomes.filter(o -> !o.isOk()));
      progress.phase("score and write");
      JavaRDD<Row> scores = p.arms() == null ? RawScoring.score(models.get(0), bundles.get(0), outcomes)
          : armScores(spark, p, bundles, models, outcomes);
      spark.createDataFrame(scores, p.arms() == null ? SCHEMA : RawScoring.ARM_SCHEMA).write()
          .mode(SaveMode.ErrorIfExists).parquet(out.stagingChild(SCORES));
      progress.phase("write the quarantine and reconcile the counts");
      JavaRDD<Row> bad = outcomes.filter(o -> !o.isOk()).map(o -> RowFactory.create(o.bad.file(), o.bad.location(),
          o.bad.reason().configName(), o.bad.detail(), o.bad.raw()));
      spark.createDataFrame(bad, FeatureOutputSchema.QUARANTINE).write().mode(SaveMode.ErrorIfExists)
          .json(out.stagingChild(QUARANTINE));
      long scored = spark.read().parquet(out.stagingChild(SCORES)).count();
      long quarantined = spark.read().schema(FeatureOutputSchema.QUARANTINE).json(out.stagingChild(QUARANTINE)).count();
      if (read != scored + quarantined) {
        throw new IllegalStateException("Cannot publish scores: read " + read + " rows but wrote " + scored
            + " scores and " + quarantined + " quarantined rows" + (p.arms() == null ? "" : " (rows are counted and "
            + "quarantined by the first arm's manifest and scored by their own arm's: the manifests read them "
            + "differently)"));
      }
      Map<String, Object> summary = new LinkedHashMap<>();
      if (p.arms() == null) {
        summary.put("model", p.model());
      }
      summary.put("input", p.input());
      summary.put("rowsRead", read);
      summary.put("scored", scored);
      summary.put("quarantined", quarantined);
      if (p.arms() == null) {
        summary.put("recalibrationFactor", bundles.get(0).recalibrationFactor());
      } else {
        summary.putAll(ScoreSummaryArms.of(spark.read().parquet(out.stagingChild(SCORES)), p.arms(), bundles));
      }
      out.writeText(SUMMARY, Json.PRETTY.writeValueAsString(summary));
      out.publish();
      return new Result(read, scored, quarantined);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot write scores to " + p.output() + ": " + e.getMessage(), e);
    } finally {
      progress.close();
      if (out != null) {
        out.close();
      }
      models.forEach(BroadcastModel::close);
      outcomes.unpersist();
    }
  }

  /**
   * Each arm's rows scored by its model: the first arm's from {@code outcomes} (parsed with its manifest), every
   * other arm's parsed again with its own manifest.
   */
  private static JavaRDD<Row> armScores(SparkSession spark, Params p, List<ModelBundle> bundles,
                                        List<BroadcastModel> models, JavaRDD<ParseOutcome> outcomes) {
    JavaRDD<Row> all = null;
    for (int a = 0; a < bundles.size(); a++) {
      JavaRDD<ParseOutcome> parsed = a == 0 ? outcomes : RawScoring.read(spark, bundles.get(a), p.input()).outcomes();
      JavaRDD<Row> arm = RawScoring.scoreArm(models.get(a), bundles.get(a), parsed, p.arms(), a);
      all = all == null ? arm : all.union(arm);
    }
    return all;
  }

  private static void checkBadRows(Params p, long read, JavaRDD<ParseOutcome> bad) {
    if (read == 0) {
      throw new IllegalArgumentException("Cannot score " + p.input() + ": it holds no rows");
    }
    long n = bad.count();
    if (n > p.maxBadFraction() * read) {
      ParseOutcome first = bad.first();
      throw new IllegalArgumentException(String.format(java.util.Locale.ROOT,
          "Cannot score %s: %d of %d rows (%.4f) are bad, above --max-bad-fraction %s; e.g. %s at %s %s: %s",
          p.input(), n, read, (double) n / read, p.maxBadFraction(), first.bad.reason().configName(), first.bad.file(),
          first.bad.location(), first.bad.detail()));
    }
  }
}
