package io.sparkctr.jobs.eval;

import io.sparkctr.features.manifest.FeatureManifest;
import io.sparkctr.models.bundle.ModelBundle;
import io.sparkctr.models.bundle.TrainingSummary;
import io.sparkctr.models.metrics.CtrMetrics;
import io.sparkctr.models.metrics.MetricsOptions;
import io.sparkctr.models.metrics.MetricsReport;
import io.sparkctr.models.metrics.ModelComparison;
import io.sparkctr.models.metrics.PairedMetrics;
import io.sparkctr.models.metrics.ScoreCurves;
import io.sparkctr.training.scoring.ExecutorEvaluation;
import java.util.List;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * One model's metrics on an evaluation split, computed on the executors, with its curves, model
 * card and training history for the report.
 *
 * @param name how the report names the model ("model", "baseline")
 * @param path where the bundle was read from
 * @param type the model type
 * @param card the model card
 * @param metrics every CTR metric, predictions recalibrated with the bundle's factor
 * @param roc ROC points {fpr, tpr}
 * @param precisionRecall PR points {recall, precision}
 * @param scoreHistogram counts per class on buckets of the score
 * @param training the bundle's training summary
 */
public record ModelEvaluation(String name, String path, String type, ModelCard card, MetricsReport metrics,
                              double[][] roc, double[][] precisionRecall, ScoreCurves.ClassHistogram scoreHistogram,
                              TrainingSummary training) {
  static final int CURVE_POINTS = 200;
  static final int HISTOGRAM_BUCKETS = 60;

  /** The model first, then the baseline if any, and their paired comparison (null without a baseline). */
  public record Set(List<ModelEvaluation> models, ModelComparison comparison) {}

  /** The report of accumulated metrics {@code c}: metrics, curves and score histogram. */
  public static ModelEvaluation of(String name, String path, String type, ModelCard card, CtrMetrics c,
                                   TrainingSummary training) {
    return new ModelEvaluation(name, path, type, card, c.report(), ScoreCurves.roc(c.scores(), CURVE_POINTS),
        ScoreCurves.precisionRecall(c.scores(), CURVE_POINTS), ScoreCurves.classHistogram(c.scores(),
        HISTOGRAM_BUCKETS), training);
  }

  private static ModelEvaluation of(String name, String path, ModelBundle b, CtrMetrics c, ModelCard card) {
    return of(name, path, b.spec().type().name(), card, c, b.summary());
  }

  /**
   * Checks that the bundles were trained on the same transform as {@code features}, then scores
   * {@code rows} with the model and, if given, the baseline in the same pass.
   */
  public static Set of(SparkSession spark, String path, ModelBundle model, String baselinePath, ModelBundle baseline,
                       FeatureManifest features, Dataset<Row> rows, MetricsOptions configured) {
    // feature rows hold hashed indices, not raw values: per-field slices need raw logs (the nightly gate)
    MetricsOptions options = configured.withSliceFields(List.of());
    check("model", path, model, features);
    JavaSparkContext sc = JavaSparkContext.fromSparkContext(spark.sparkContext());
    var hadoop = spark.sparkContext().hadoopConfiguration();
    int f = model.spec().fields();
    int d = model.spec().denseFeatures();
    if (baseline == null) {
      CtrMetrics c = ExecutorEvaluation.metrics(sc, model.model(), rows, f, d, model.recalibrationFactor(), options);
      return new Set(List.of(of("model", path, model, c, ModelCard.of(model, path, hadoop))), null);
    }
    check("baseline", baselinePath, baseline, features);
    PairedMetrics p = ExecutorEvaluation.compare(sc, model.model(), model.recalibrationFactor(), baseline.model(),
        baseline.recalibrationFactor(), rows, f, d, options);
    return new Set(List.of(of("model", path, model, p.a(), ModelCard.of(model, path, hadoop)),
        of("baseline", baselinePath, baseline, p.b(), ModelCard.of(baseline, baselinePath, hadoop))), p.comparison());
  }

  private static void check(String name, String path, ModelBundle b, FeatureManifest features) {
    if (b.manifest().compatibility(features) != FeatureManifest.Compatibility.SAME_TRANSFORM) {
      throw new IllegalArgumentException("Cannot evaluate " + name + " " + path + ": it was trained on a different "
          + "feature transform (slots, hashing or dense fields differ from the features' manifest)");
    }
  }
}
