package io.sparkctr.training.data;

import io.sparkctr.common.config.ConfigLoader;
import io.sparkctr.features.config.FeatureConfig;
import io.sparkctr.features.spark.FeaturePipeline;
import io.sparkctr.features.synthetic.SyntheticLogWriter;
import com.typesafe.config.ConfigFactory;
import java.io.File;
import java.nio.file.Path;
import org.apache.spark.sql.SparkSession;

/** The generator's logs through the feature job with the demo's preset, for the tests that read features back. */
public final class SyntheticFeatures {
  private SyntheticFeatures() {}

  /**
   * Writes {@code rows} planted impressions over {@code days} days under {@code dir/gen} and their features under
   * {@code dir/features}, the preset overridden by {@code hocon}.
   *
   * @param items whether the logs carry the multi-valued {@code recent_items} field
   * @return the features directory
   */
  public static String write(SparkSession spark, Path dir, int rows, int days, long seed, boolean items, String hocon) {
    SyntheticLogWriter.write(spark, rows, days, seed, dir.resolve("gen").toString(), false, items);
    String features = dir.resolve("features").toString();
    FeatureConfig cfg = FeatureConfig.from(ConfigFactory.parseString(hocon)
        .withFallback(ConfigLoader.load(new File("../conf/presets/synthetic.conf"))).resolve(), "test");
    FeaturePipeline.run(spark, cfg.withPaths(dir.resolve("gen").resolve(SyntheticLogWriter.LOGS).toString(), features));
    return features;
  }
}
