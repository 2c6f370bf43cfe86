package io.sparkctr.jobs;

import io.sparkctr.common.config.ConfigLoader;
import io.sparkctr.common.output.OutputGuard;
import io.sparkctr.common.output.StagedOutput;
import io.sparkctr.features.manifest.FeatureManifest;
import io.sparkctr.features.split.Split;
import io.sparkctr.jobs.cli.CommandLine;
import io.sparkctr.jobs.eval.MetricsFile;
import io.sparkctr.jobs.eval.ModelEvaluation;
import io.sparkctr.jobs.eval.ReportHtml;
import io.sparkctr.models.data.FeatureParquet;
import io.sparkctr.models.metrics.MetricsJson;
import io.sparkctr.models.metrics.MetricsOptions;
import io.sparkctr.models.metrics.ModelComparison;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Set;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.storage.StorageLevel;

/**
 * {@code sparkctr evaluate --model DIR --features DIR [--baseline-model DIR] --report-out DIR
 * [--split test] [--conf FILE] [--overwrite]}: scores a split (the held-out test split by default)
 * on the executors and publishes {@value #METRICS} (typed, see {@link MetricsFile}) and a
 * self-contained {@value #REPORT} atomically. With a baseline, both models are scored on the same
 * rows in one pass and their paired difference gets bootstrap intervals. {@code --conf} supplies
 * {@code sparkctr.evaluation} (resolution, intervals); the defaults apply without it.
 */
public final class EvaluateJob {
  public static final String METRICS = "metrics.json";
  public static final String REPORT = "report.html";

  public record Params(String model, String features, String baseline, String reportOut, Split split,
                       boolean overwrite, MetricsOptions options) {
    public Params(String model, String features, String baseline, String reportOut, Split split, boolean overwrite) {
      this(model, features, baseline, reportOut, split, overwrite, MetricsOptions.DEFAULT);
    }
  }

  /** The evaluated model first, then the baseline if any; their comparison (null without a baseline). */
  public record Result(List<ModelEvaluation> models, ModelComparison comparison, MetricsFile metricsJson) {}

  private EvaluateJob() {}

  public static Params parse(List<String> args) {
    CommandLine cl = CommandLine.parse("evaluate", args,
        Set.of("model", "features", "baseline-model", "report-out", "split", "conf"), Set.of("overwrite"));
    String split = cl.optional("split") == null ? "test" : cl.optional("split");
    Split s = switch (split) {
      case "test" -> Split.TEST;
      case "validation" -> Split.VALIDATION;
      default -> throw new IllegalArgumentException("Cannot parse evaluate: --split '" + split
          + "' is not test or validation");
    };
    String conf = cl.optional("conf");
    MetricsOptions options = conf == null ? MetricsOptions.from(ConfigLoader.defaults(), "defaults")
        : MetricsOptions.from(ConfigLoader.load(new File(conf)), conf);
    return new Params(cl.required("model"), cl.required("features"), cl.optional("baseline-model"),
        cl.required("report-out"), s, cl.flag("overwrite"), options);
  }

  public static Result run(SparkSession spark, Params p) {
    return run(spark, p, "");
  }

  /** As {@link #run(SparkSession, Params)}, with {@code sectionHtml} (already escaped) placed after the metrics. */
  public static Result run(SparkSession spark, Params p, String sectionHtml) {
    var hadoop = spark.sparkContext().hadoopConfiguration();
    FeatureManifest m = FeatureParquet.manifest(spark, p.features());
    Long splitRows = m.counts().written().get(p.split().dirName());
    if (splitRows == null || splitRows == 0) {
      throw new IllegalArgumentException("Cannot evaluate " + p.features() + ": its " + p.split().dirName()
          + " split has no rows (rows written per split: " + m.counts().written() + ")");
    }
    StagedOutput out = StagedOutput.begin(p.reportOut(), p.overwrite(), hadoop, OutputGuard.Read.input(p.features()),
        OutputGuard.Read.model(p.model()), OutputGuard.Read.model(p.baseline()));
    Dataset<Row> rows = FeatureParquet.split(spark, p.features(), m, p.split()).persist(StorageLevel.MEMORY_AND_DISK());
    try {
      ModelEvaluation.Set set = ModelEvaluation.of(spark, p.model(), BundleStore.read(p.model(), hadoop), p.baseline(),
          p.baseline() == null ? null : BundleStore.read(p.baseline(), hadoop), m, rows, p.options());
      MetricsFile.Data data = MetricsFile.Data.of(p.features(), p.split().dirName(), m);
      MetricsFile json = MetricsFile.of(data, p.options().confidence(), set);
      out.writeText(METRICS, MetricsJson.MAPPER.writeValueAsString(json));
      out.writeText(REPORT, ReportHtml.render(p.features() + " (" + p.split().dirName() + " split)", data.display(),
          set, sectionHtml));
      out.publish();
      return new Result(set.models(), set.comparison(), json);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot write the evaluation report: " + e.getMessage(), e);
    } finally {
      out.close();
      rows.unpersist();
    }
  }
}
