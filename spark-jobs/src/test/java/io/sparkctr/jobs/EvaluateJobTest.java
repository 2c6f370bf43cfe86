package io.sparkctr.jobs;

import io.sparkctr.features.SparkTestSession;
import org.junit.jupiter.api.Tag;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparkctr.features.manifest.FeatureManifest;
import io.sparkctr.features.split.Split;
import io.sparkctr.jobs.eval.MetricsSchemaTest;
import io.sparkctr.jobs.eval.ModelCard;
import io.sparkctr.jobs.eval.ModelEvaluation;
import io.sparkctr.jobs.eval.ReportHtml;
import io.sparkctr.models.bundle.BundleScorer;
import io.sparkctr.models.bundle.ModelBundle;
import io.sparkctr.models.bundle.TrainingSummary;
import io.sparkctr.models.data.FeatureRow;
import io.sparkctr.models.metrics.CtrMetrics;
import io.sparkctr.models.metrics.MetricsOptions;
import io.sparkctr.models.metrics.MetricsReport;
import io.sparkctr.models.metrics.ModelComparison;
import io.sparkctr.models.metrics.ScoreCurves;
import io.sparkctr.models.metrics.SliceReport;
import io.sparkctr.models.train.EpochStats;
import io.sparkctr.training.BundleStore;
import io.sparkctr.training.data.FeatureParquet;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code sparkctr evaluate}: executor-side metrics equal the metrics module's on the same predictions; the report. */
@Tag("integration")
class EvaluateJobTest {
  @TempDir
  static Path models;
  static String deepfm;
  static String lr;

  @BeforeAll
  static void train() {
    SparkSession spark = SparkTestSession.get();
    TrainJob.run(spark, PlantedFeatures.train(models.resolve("deepfm"), "sparkctr.training.epochs = 2", false));
    deepfm = models.resolve("deepfm").resolve("model").toString();
    TrainJob.run(spark, PlantedFeatures.train(models.resolve("lr"),
        "sparkctr.model { type = lr, learning-rate = 0.01 }\nsparkctr.training.epochs = 2", false));
    lr = models.resolve("lr").resolve("model").toString();
  }

  @Test
  void metricsEqualTheMetricsModuleOnTheSamePredictions(@TempDir Path dir) throws Exception {
    SparkSession spark = SparkTestSession.get();
    String report = dir.resolve("report").toString();
    EvaluateJob.Result r = EvaluateJob.run(spark,
        new EvaluateJob.Params(deepfm, PlantedFeatures.features(), lr, report, Split.TEST, false));

    ModelBundle bundle = BundleStore.read(deepfm, spark.sparkContext().hadoopConfiguration());
    FeatureManifest m = FeatureParquet.manifest(spark, PlantedFeatures.features());
    List<FeatureRow> test = FeatureParquet.collect(spark, PlantedFeatures.features(), m, Split.TEST, 1_000_000);
    double[] p = new BundleScorer(bundle).score(test);
    CtrMetrics local = new CtrMetrics(1.0, MetricsOptions.DEFAULT);
    for (int i = 0; i < p.length; i++) {
      local.add(test.get(i).label, p[i], test.get(i).group, test.get(i).timestamp);
    }
    MetricsReport expected = local.report();
    MetricsReport actual = r.models().get(0).metrics();
    assertEquals(expected.count(), actual.count());
    assertEquals(m.counts().written().get("test"), actual.count());
    assertEquals(expected.positives(), actual.positives());
    assertEquals(expected.auc(), actual.auc(), 1e-9);
    assertEquals(expected.aucCi(), actual.aucCi());
    assertEquals(expected.reliability().size(), actual.reliability().size());
    assertEquals(expected.logloss(), actual.logloss(), 1e-9);
    assertEquals(expected.gauc(), actual.gauc(), 1e-9);
    assertEquals(expected.gaucSkippedGroups(), actual.gaucSkippedGroups());
    assertEquals(expected.calibration(), actual.calibration(), 1e-9);
    assertEquals(expected.perDayAuc().keySet(), actual.perDayAuc().keySet());
    assertEquals(actual.count(), actual.perDay().values().stream().mapToLong(d -> d.count()).sum(),
        "days sum to the whole");

    assertTrue(actual.auc() > r.models().get(1).metrics().auc(), "DeepFM " + actual.auc() + " vs LR "
        + r.models().get(1).metrics().auc());
    ModelComparison c = r.comparison();
    assertEquals(actual.auc() - r.models().get(1).metrics().auc(), c.aucDelta(), 1e-12);
    assertTrue(c.aucDeltaCi().contains(c.aucDelta()) && c.aucDeltaStandardError() > 0, c.toString());
    assertEquals(actual.count(), c.rows());
    String html = Files.readString(Path.of(report, EvaluateJob.REPORT));
    for (String id : ReportHtml.CHARTS_IDS) {
      assertTrue(html.contains("<canvas id=\"" + id + "\">"), id);
    }
    assertTrue(html.contains("Chart.js") && html.contains("Model card"), "charts with Chart.js inlined, model card");
    assertFalse(html.contains("http://") || html.contains("https://cdn"), "no network resources");
    String json = Files.readString(Path.of(report, EvaluateJob.METRICS));
    assertTrue(json.contains("\"comparison\"") && json.contains("\"baseline\""), json.substring(0, 200));
    MetricsSchemaTest.assertValid(json);
  }

  @Test
  void rawLogsAreSlicedByConfiguredFieldsAndPairedByKey(@TempDir Path dir) throws Exception {
    SparkSession spark = SparkTestSession.get();
    String report = dir.resolve("report").toString();
    MetricsOptions options = MetricsOptions.DEFAULT.withSliceFields(List.of("c8", "c2"));
    EvaluateJob.Result r = EvaluateJob.run(spark, new EvaluateJob.Params(deepfm, null, lr, report, Split.TEST, false,
        options, PlantedFeatures.logs()));
    MetricsReport model = r.models().get(0).metrics();
    assertEquals(40_000, model.count(), "every planted row, scored by both models");
    assertEquals(model.count(), r.comparison().rows());
    assertEquals(4, model.perDay().size());
    for (String field : List.of("c8", "c2")) {
      List<SliceReport> values = model.slices().get(field);
      assertEquals(model.count(), values.stream().mapToLong(SliceReport::count).sum(), field + " sums to the whole");
      assertEquals(model.positives(), values.stream().mapToLong(SliceReport::positives).sum(), field);
    }
    assertEquals(MetricsOptions.DEFAULT_TOP_SLICE_VALUES + 1, model.slices().get("c2").size(), "top 20 of 100 + other");
    String json = Files.readString(Path.of(report, EvaluateJob.METRICS));
    MetricsSchemaTest.assertValid(json);
    assertTrue(Files.readString(Path.of(report, EvaluateJob.REPORT)).contains("model and baseline: by c8"),
        "slice tables side by side");
    assertThrows(IllegalArgumentException.class, () -> EvaluateJob.run(spark, new EvaluateJob.Params(deepfm, null,
        null, dir.resolve("r2").toString(), Split.TEST, false, MetricsOptions.DEFAULT.withSliceFields(List.of("nope")),
        PlantedFeatures.logs())), "an unknown slice field");
  }

  @Test
  void reportEscapesEveryStringFromDataAndConfig() {
    String evil = "<script>alert('x')</script>&\"";
    SliceReport day = new SliceReport(evil, 10, 3, 0.7, null, 0, 0.5, null, 1.0);
    MetricsReport metrics = new MetricsReport(10, 3, 0.7, null, 0, 16, 0.5, null, 0.9, 1.0, 0.01, Double.NaN, 0, 0, 0,
        Double.NaN, Map.of(evil, day), Map.of(evil, List.of(day)), List.of(), Map.of(evil, evil));
    ModelCard card = new ModelCard(evil, null, evil, evil, 1, 1, 1, 1.0, 18, evil, evil);
    ModelEvaluation e = new ModelEvaluation(evil, evil, "DEEPFM", card, metrics, new double[][] {{0, 0}, {1, 1}},
        new double[][] {{1, 0.3}}, new ScoreCurves.ClassHistogram(new double[] {0, 1}, new long[] {3},
        new long[] {7}), new TrainingSummary(1, 1, 1, 0.7, 0.5, List.of(new EpochStats(1, 0.5, 0.7, 0.5, 1, 0.001,
        1))));
    String html = ReportHtml.render(evil, Map.of(evil, evil), new ModelEvaluation.Set(List.of(e), null), "");
    assertFalse(html.contains("<script>alert"), "raw markup from data");
    assertTrue(html.contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;&amp;&quot;"), "escaped text");
    assertTrue(html.contains("\\u003cscript\\u003ealert"), "escaped JSON for the charts");
  }
}
