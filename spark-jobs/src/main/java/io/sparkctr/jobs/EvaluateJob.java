package io.sparkctr.jobs;

import io.sparkctr.training.BundleStore;
import io.sparkctr.common.progress.Progress;
import io.sparkctr.common.json.Json;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sparkctr.features.manifest.FeatureManifest;
import io.sparkctr.common.output.OutputGuard;
import io.sparkctr.common.output.StagedOutput;
import io.sparkctr.features.split.Split;
import io.sparkctr.jobs.eval.ModelEvaluation;
import io.sparkctr.jobs.eval.ReportHtml;
import io.sparkctr.models.data.FeatureParquet;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.storage.StorageLevel;

/**
 * {@code sparkctr evaluate --model DIR --features DIR [--baseline-model DIR] --report-out DIR
 * [--split test] [--overwrite]}: scores a split (the held-out test split by default) on the
 * executors and publishes {@value #METRICS} and a self-contained {@value #REPORT} atomically.
 * With a baseline, both models are scored on the same rows and the deltas reported.
 */
public final class EvaluateJob {
  public static final String METRICS = "metrics.json";
  public static final String REPORT = "report.html";
  private static final ObjectMapper JSON = Json.PRETTY;

  public record Params(String model, String features, String baseline, String reportOut, Split split,
                       boolean overwrite) {}

  /** The evaluated model first, then the baseline if any. */
  public record Result(List<ModelEvaluation> models, Map<String, Object> metricsJson) {}

  private EvaluateJob() {}


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
    Progress progress = Progress.open(spark.sparkContext(), "evaluate");
    try {
      List<ModelEvaluation> models = new ArrayList<>();
      progress.phase("score the " + p.split().dirName() + " split with " + p.model());
      models.add(ModelEvaluation.of(spark, "model", p.model(), BundleStore.read(p.model(), hadoop), m, rows));
      if (p.baseline() != null) {
        progress.phase("score the " + p.split().dirName() + " split with the baseline " + p.baseline());
        models.add(ModelEvaluation.of(spark, "baseline", p.baseline(), BundleStore.read(p.baseline(), hadoop), m,
            rows));
      }
      Map<String, String> data = new LinkedHashMap<>();
      data.put("features", p.features());
      data.put("evaluated split", p.split().dirName());
      m.counts().written().forEach((k, v) -> data.put(k + " rows", String.format(Locale.ROOT, "%,d", v)));
      data.put("quarantined rows", String.format(Locale.ROOT, "%,d", m.counts().totalQuarantined()));
      data.put("training negative keep-rate", String.valueOf(m.downsampling().negativeRate()));
      Map<String, Object> json = metricsJson(p, models, data);
      out.writeText(METRICS, JSON.writeValueAsString(json));
      out.writeText(REPORT, ReportHtml.render(p.features() + " (" + p.split().dirName() + " split)", data, models,
          sectionHtml));
      out.publish();
      return new Result(List.copyOf(models), json);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot write the evaluation report: " + e.getMessage(), e);
    } finally {
      progress.close();
      out.close();
      rows.unpersist();
    }
  }

  private static Map<String, Object> metricsJson(Params p, List<ModelEvaluation> models, Map<String, String> data) {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("split", p.split().dirName());
    json.put("data", data);
    for (ModelEvaluation e : models) {
      Map<String, Object> one = new LinkedHashMap<>();
      one.put("path", e.path());
      one.put("type", e.type());
      one.put("metrics", e.metrics());
      one.put("training", e.training());
      json.put(e.name(), one);
    }
    if (models.size() == 2) {
      var a = models.get(0).metrics();
      var b = models.get(1).metrics();
      Map<String, Double> d = new LinkedHashMap<>();
      d.put("auc", a.auc() - b.auc());
      d.put("logloss", a.logloss() - b.logloss());
      d.put("normalizedEntropy", a.normalizedEntropy() - b.normalizedEntropy());
      d.put("calibration", a.calibration() - b.calibration());
      d.put("gauc", a.gauc() - b.gauc());
      json.put("delta", d);
    }
    return json;
  }
}
