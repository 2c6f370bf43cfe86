package io.sparkctr.jobs.eval;

import io.sparkctr.features.manifest.FeatureOutputSchema;
import io.sparkctr.models.metrics.CtrMetrics;
import io.sparkctr.models.metrics.MetricsReport;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * The best achievable metrics on planted data: the true click probabilities that the generator
 * wrote ({@code truth/}: CSV {@code id,probability}) scored against the labels of a feature split,
 * joined on the row id.
 */
public final class TruthMetrics {
  private TruthMetrics() {}

  public static MetricsReport of(SparkSession spark, Dataset<Row> split, String truthDir) {
    if (!List.of(split.columns()).contains(FeatureOutputSchema.ID)) {
      throw new IllegalArgumentException("Cannot score the truth: the features have no id column");
    }
    Dataset<Row> truth = spark.read().option("header", true).schema("id STRING, probability DOUBLE").csv(truthDir);
    boolean grouped = List.of(split.columns()).contains(FeatureOutputSchema.GROUP);
    Dataset<Row> joined = split.join(truth, FeatureOutputSchema.ID)
        .select(split.col(FeatureOutputSchema.LABEL), truth.col("probability"), split.col(FeatureOutputSchema.TIMESTAMP),
            grouped ? split.col(FeatureOutputSchema.GROUP) : org.apache.spark.sql.functions.lit(null).cast("string"));
    return joined.javaRDD().mapPartitions(it -> {
      CtrMetrics m = new CtrMetrics(1.0, 10);
      while (it.hasNext()) {
        Row r = it.next();
        m.add(r.getInt(0), r.getDouble(1), r.isNullAt(3) ? null : r.getString(3), r.getLong(2));
      }
      return List.of(m).iterator();
    }).reduce(CtrMetrics::merge).report();
  }
}
