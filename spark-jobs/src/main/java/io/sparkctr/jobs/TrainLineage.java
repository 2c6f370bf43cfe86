package io.sparkctr.jobs;

import com.typesafe.config.Config;
import io.sparkctr.common.build.BuildInfo;
import io.sparkctr.features.manifest.FeatureManifest;
import io.sparkctr.features.split.Split;
import io.sparkctr.models.bundle.BundleLineage;
import java.time.Instant;
import java.util.List;
import org.apache.spark.sql.SparkSession;

/** The lineage the train job records in the bundle it publishes ({@link BundleLineage}). */
public final class TrainLineage {
  private TrainLineage() {}

  /**
   * @param command what trained it ({@code train}, {@code nightly})
   * @param config the effective config (defaults, file, {@code --set})
   * @param configSource the config file as given
   * @param features the feature directory trained on
   * @param manifest its manifest (rows the feature job read)
   * @param trainRows training rows per epoch
   * @param validationRows validation rows
   */
  public static BundleLineage of(SparkSession spark, String command, Config config, String configSource,
                                 String features, FeatureManifest manifest, long trainRows, long validationRows) {
    BuildInfo b = BuildInfo.current();
    String base = features.endsWith("/") ? features : features + "/";
    List<BundleLineage.Input> inputs = List.of(
        new BundleLineage.Input("features", features, manifest.counts().rowsRead()),
        new BundleLineage.Input("train", base + Split.TRAIN.dirName(), trainRows),
        new BundleLineage.Input("validation", base + Split.VALIDATION.dirName(), validationRows));
    return new BundleLineage(b.version(), b.gitCommit(), Instant.now().toString(), spark.version(), b.dl4jVersion(),
        System.getProperty("java.version"), command, List.of(configSource), config.getConfig("sparkctr").root()
        .unwrapped(), inputs, null);
  }
}
