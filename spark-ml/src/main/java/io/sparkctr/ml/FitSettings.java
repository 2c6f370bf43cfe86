package io.sparkctr.ml;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.sparkctr.features.config.FeatureConfig;
import io.sparkctr.training.TrainSettings;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The typed settings of one {@link CtrClassifier#fit}: the estimator's config with the feature job's
 * input pointed at fit's Parquet copy of the DataFrame and its output at fit's feature directory,
 * and no test split (fit trains and validates; a test split would hold out rows nothing reads):
 * {@code test-fraction} and {@code test-days} 0, {@code test-start} past every event, no minimum of
 * test rows. Read and validated by the same code as the config file of {@code sparkctr features}
 * and {@code train}.
 *
 * @param config the config the training reads ({@code sparkctr.model}, {@code sparkctr.training})
 */
record FitSettings(Config config, FeatureConfig features, TrainSettings training) {
  /** {@code test-start} of fit's split: after every event, so validation runs to the end of the data. */
  static final Instant NO_TEST = Instant.MAX;

  static FitSettings of(Config estimator, String source, String rawCopy, String featureDir) {
    String in = ClassifierParams.FEATURES + "input.";
    String split = ClassifierParams.FEATURES + "split.";
    Config c = ConfigFactory.parseMap(Map.of(
        in + "path", rawCopy,
        in + "format", "parquet",
        in + "header", false,
        in + "columns", List.of(),
        ClassifierParams.FEATURES + "output.path", featureDir,
        ClassifierParams.FEATURES + "output.overwrite", false), "fit's input and output")
        .withFallback(ConfigFactory.parseMap(Map.of(
            split + "test-fraction", 0,
            split + "test-days", 0,
            split + "test-start", NO_TEST.toString(),
            split + "min-rows.test", 0), "fit's split: train and validation only"))
        .withFallback(estimator);
    return new FitSettings(c, FeatureConfig.from(c, source), TrainSettings.from(c, source));
  }

  /** These settings with the feature job reading {@code rawCopy} and writing {@code featureDir} (one fit's run). */
  FitSettings at(String rawCopy, String featureDir) {
    return new FitSettings(config, features.withPaths(rawCopy, featureDir), training);
  }
}
