package io.sparkctr.jobs;

import io.sparkctr.features.config.FeatureConfig;
import io.sparkctr.features.manifest.FeatureManifest;
import io.sparkctr.features.spark.FeaturePipeline;
import org.apache.spark.sql.SparkSession;

/**
 * {@code sparkctr features --conf FILE [--input PATH] [--output DIR]}: raw logs to hashed,
 * time-split feature Parquet and manifest (see {@link FeaturePipeline}).
 */
public final class FeatureJob {
  private FeatureJob() {}

  /** Loads and validates the config (before any Spark work), applying the path overrides. */

  public static FeatureManifest run(SparkSession spark, FeatureConfig cfg) {
    return FeaturePipeline.run(spark, cfg);
  }
}
