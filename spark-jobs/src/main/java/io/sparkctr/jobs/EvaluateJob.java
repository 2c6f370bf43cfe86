package io.sparkctr.jobs;

import io.sparkctr.common.output.OutputGuard;
import io.sparkctr.common.output.StagedOutput;
import io.sparkctr.common.progress.Progress;
import io.sparkctr.features.manifest.FeatureManifest;
import io.sparkctr.features.split.Split;
import io.sparkctr.jobs.eval.MetricsFile;
import io.sparkctr.jobs.eval.ModelCard;
import io.sparkctr.jobs.eval.ModelEvaluation;
import io.sparkctr.jobs.eval.ReportHtml;
import io.sparkctr.models.bundle.ModelBundle;
import io.sparkctr.models.metrics.CtrMetrics;
import io.sparkctr.models.metrics.MetricsJson;
import io.sparkctr.models.metrics.MetricsOptions;
import io.sparkctr.models.metrics.ModelComparison;
import io.sparkctr.training.BundleStore;
import io.sparkctr.training.data.FeatureParquet;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.storage.StorageLevel;

/**
 * {@code sparkctr evaluate --model DIR (--features DIR [--split test] | --logs PATH)
 * [--baseline-model DIR] --report-out DIR [--conf FILE] [--set K=V]... [--overwrite]}: scores a
 * feature split (the held-out test split by default) or labelled raw logs on the executors and publishes
 * {@value #METRICS} (typed, see {@link MetricsFile}) and a self-contained {@value #REPORT}
 * atomically. With a baseline, both models are scored on the same rows in one pass (raw logs: each
 * through its own manifest, paired by row key) and their paired difference gets bootstrap
 * intervals. {@code --conf} and {@code --set} supply {@code sparkctr.evaluation} (resolution,
 * intervals, and the fields to slice by, which needs raw logs); the defaults apply without them.
 */
public final class EvaluateJob {
  public static final String METRICS = "metrics.json";
  public static final String REPORT = "report.html";

  /** @param logs labelled raw logs to score instead of a feature split (then {@code features} is null) */
  public record Params(String model, String features, String baseline, String reportOut, Split split,
                       boolean overwrite, MetricsOptions options, String logs) {
    public Params {
      if ((features == null) == (logs == null)) {
        throw new IllegalArgumentException("Cannot evaluate: give either --features DIR or --logs PATH");
      }
    }

    public Params(String model, String features, String baseline, String reportOut, Split split, boolean overwrite) {
      this(model, features, baseline, reportOut, split, overwrite, MetricsOptions.DEFAULT, null);
    }
  }

  /** The evaluated model first, then the baseline if any; their comparison (null without a baseline). */
  public record Result(List<ModelEvaluation> models, ModelComparison comparison, MetricsFile metricsJson) {}

  private EvaluateJob() {}


  public static Result run(SparkSession spark, Params p) {
    return run(spark, p, "");
  }

  /** As {@link #run(SparkSession, Params)}, with {@code sectionHtml} (already escaped) placed after the metrics. */
  public static Result run(SparkSession spark, Params p, String sectionHtml) {
    if (p.logs() != null) {
      return runOnLogs(spark, p, sectionHtml);
    }
    var hadoop = spark.sparkContext().hadoopConfiguration();
    FeatureManifest m = FeatureParquet.manifest(spark, p.features());
    Long splitRows = m.counts().written().get(p.split().dirName());
    if (splitRows == null || splitRows == 0) {
      throw new IllegalArgumentException("Cannot evaluate " + p.features() + ": its " + p.split().dirName()
          + " split has no rows (rows written per split: " + m.counts().written() + ")");
    }
    StagedOutput out = StagedOutput.begin(p.reportOut(), p.overwrite(), hadoop, OutputGuard.Read.input(p.features()),
        OutputGuard.Read.model(p.model()), OutputGuard.Read.model(p.baseline()));
    Dataset<Row> rows = null;
    Progress progress = Progress.open(spark.sparkContext(), "evaluate");
    try {
      rows = FeatureParquet.split(spark, p.features(), m, p.split()).persist(StorageLevel.MEMORY_AND_DISK());
      progress.phase("score the " + p.split().dirName() + " split with " + p.model()
          + (p.baseline() == null ? "" : " and the baseline " + p.baseline()));
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
      progress.close();
      out.close();
      if (rows != null) {
        rows.unpersist();
      }
    }
  }

  /** Raw logs: each bundle parses and transforms them with its own manifest; slices by the configured fields. */
  private static Result runOnLogs(SparkSession spark, Params p, String sectionHtml) {
    var hadoop = spark.sparkContext().hadoopConfiguration();
    StagedOutput out = StagedOutput.begin(p.reportOut(), p.overwrite(), hadoop, OutputGuard.Read.input(p.logs()),
        OutputGuard.Read.model(p.model()), OutputGuard.Read.model(p.baseline()));
    try {
      ModelBundle model = BundleStore.read(p.model(), hadoop);
      ModelEvaluation.Set set;
      if (p.baseline() == null) {
        CtrMetrics c = RawScoring.metrics(spark, model, p.logs(), p.options());
        set = new ModelEvaluation.Set(List.of(evaluation("model", p.model(), model, c, hadoop)), null);
      } else {
        ModelBundle baseline = BundleStore.read(p.baseline(), hadoop);
        RawScoring.Paired paired = RawScoring.compare(spark, model, baseline, p.logs(), p.options());
        if (paired.unpaired() > 0) {
          throw new IllegalArgumentException("Cannot compare on " + p.logs() + ": " + paired.unpaired()
              + " rows could not be paired by key between the two models (duplicate ids, or manifests that read "
              + "the logs differently)");
        }
        set = new ModelEvaluation.Set(List.of(evaluation("model", p.model(), model, paired.metrics().a(), hadoop),
            evaluation("baseline", p.baseline(), baseline, paired.metrics().b(), hadoop)),
            paired.metrics().comparison());
      }
      MetricsFile.Data data = MetricsFile.Data.ofLogs(p.logs(), set.models().get(0).metrics().count());
      MetricsFile json = MetricsFile.of(data, p.options().confidence(), set);
      out.writeText(METRICS, MetricsJson.MAPPER.writeValueAsString(json));
      out.writeText(REPORT, ReportHtml.render(p.logs() + " (raw logs)", data.display(), set, sectionHtml));
      out.publish();
      return new Result(set.models(), set.comparison(), json);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot write the evaluation report: " + e.getMessage(), e);
    } finally {
      out.close();
    }
  }

  private static ModelEvaluation evaluation(String name, String path, ModelBundle b, CtrMetrics c,
                                            org.apache.hadoop.conf.Configuration hadoop) {
    return ModelEvaluation.of(name, path, b.spec().type().name(), ModelCard.of(b, path, hadoop), c, b.summary());
  }
}
