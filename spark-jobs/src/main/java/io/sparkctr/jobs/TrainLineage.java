package io.sparkctr.jobs;

import com.typesafe.config.Config;
import io.sparkctr.common.build.BuildInfo;
import io.sparkctr.common.config.ConfigOverrides;
import io.sparkctr.features.manifest.FeatureManifest;
import io.sparkctr.features.split.Split;
import io.sparkctr.models.bundle.BundleLineage;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.SparkSession;

/** The lineage the train job records in the bundle it publishes ({@link BundleLineage}). */
public final class TrainLineage {
  private TrainLineage() {}

  /**
   * @param command what trained it ({@code train}, {@code nightly})
   * @param config the effective config (defaults, file, {@code --set})
   * @param configSource the config file as given (the {@code --set}s are found in {@code config})
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
    List<String> sources = new ArrayList<>(List.of(configSource));
    sources.addAll(overrides(config));
    return new BundleLineage(b.version(), b.gitCommit(), Instant.now().toString(), spark.version(), b.dl4jVersion(),
        System.getProperty("java.version"), command, sources, config.getConfig("sparkctr").root().unwrapped(), inputs,
        null);
  }

  /** The {@code --set key=value} overrides behind {@code config}, from its values' origins, sorted. */
  static List<String> overrides(Config config) {
    return config.entrySet().stream().map(e -> e.getValue().origin().description())
        .filter(d -> d.startsWith(ConfigOverrides.SOURCE + " ")).distinct().sorted().toList();
  }
}
