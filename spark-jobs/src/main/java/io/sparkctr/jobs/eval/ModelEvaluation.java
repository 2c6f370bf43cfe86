package io.sparkctr.jobs.eval;

import io.sparkctr.features.manifest.FeatureManifest;
import io.sparkctr.training.executor.ExecutorEvaluation;
import io.sparkctr.models.bundle.ModelBundle;
import io.sparkctr.models.bundle.TrainingSummary;
import io.sparkctr.models.metrics.CtrMetrics;
import io.sparkctr.models.metrics.MetricsReport;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * One model's metrics on an evaluation split, computed on the executors, with its ROC curve and
 * training history for the report.
 *
 * @param name how the report names the model ("model", "baseline")
 * @param path where the bundle was read from
 * @param type the model type
 * @param metrics every CTR metric, predictions recalibrated with the bundle's factor
 * @param roc ROC points {fpr, tpr}
 * @param training the bundle's training summary
 */
public record ModelEvaluation(String name, String path, String type, MetricsReport metrics, double[][] roc,
                              TrainingSummary training) {
  static final int ROC_POINTS = 200;

  /** Checks that the bundle was trained on the same transform as {@code features}, then scores {@code rows}. */
  public static ModelEvaluation of(SparkSession spark, String name, String path, ModelBundle b, FeatureManifest features,
                                   Dataset<Row> rows) {
    FeatureManifest m = b.manifest();
    if (m.compatibility(features) != FeatureManifest.Compatibility.SAME_TRANSFORM) {
      throw new IllegalArgumentException("Cannot evaluate " + name + " " + path + ": it was trained on a different "
          + "feature transform (slots, hashing or dense fields differ from the features' manifest)");
    }
    CtrMetrics c = ExecutorEvaluation.metrics(JavaSparkContext.fromSparkContext(spark.sparkContext()), b.model(), rows,
        b.spec().fields(), b.spec().denseFeatures(), b.recalibrationFactor());
    return new ModelEvaluation(name, path, b.spec().type().name(), c.report(), c.scores().roc(ROC_POINTS),
        b.summary());
  }
}
