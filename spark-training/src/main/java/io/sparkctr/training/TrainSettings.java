package io.sparkctr.training;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import io.sparkctr.training.sharing.GradientSharingSettings;
import java.io.Serializable;
import java.util.List;
import java.util.Locale;

/**
 * {@code sparkctr.training}: how the training master runs (see {@code conf/defaults.conf} for every
 * key with its default and meaning). Validated at construction.
 */
public record TrainSettings(String master, int epochs, int batchSize, int averagingFrequency, int workers,
                            int earlyStoppingPatience, int lrPatience, double lrFactor, long shuffleSeed,
                            int lossSampleRows, boolean keepCheckpoints, GradientSharingSettings sharing)
    implements Serializable {
  public static final String ROOT = "sparkctr.training";
  public static final String PARAMETER_AVERAGING = "parameter-averaging";
  public static final String GRADIENT_SHARING = "gradient-sharing";
  public static final List<String> MASTERS = List.of(PARAMETER_AVERAGING, GRADIENT_SHARING);

  public TrainSettings {
    java.util.Objects.requireNonNull(sharing, "sharing");
    master = master.toLowerCase(Locale.ROOT);
    require(MASTERS.contains(master), "training.master '" + master + "' is not one of " + MASTERS);
    require(epochs >= 1, "training.epochs " + epochs + " must be >= 1");
    require(batchSize >= 1, "training.batch-size " + batchSize + " must be >= 1");
    require(averagingFrequency >= 1, "training.averaging-frequency " + averagingFrequency + " must be >= 1");
    require(workers >= 0, "training.workers " + workers + " must be >= 0 (0 = default parallelism)");
    require(earlyStoppingPatience >= 1 && lrPatience >= 1, "training.early-stopping-patience "
        + earlyStoppingPatience + " and lr-patience " + lrPatience + " must be >= 1");
    require(lrFactor > 0 && lrFactor <= 1, "training.lr-factor " + lrFactor + " outside (0, 1]");
    require(lossSampleRows >= 100, "training.loss-sample-rows " + lossSampleRows + " must be >= 100");
  }

  private static void require(boolean ok, String message) {
    if (!ok) {
      throw new IllegalArgumentException("Cannot train: " + message);
    }
  }

  /** Reads {@code sparkctr.training} of a config merged over the defaults. */
  public static TrainSettings from(Config root, String source) {
    try {
      Config c = root.getConfig(ROOT);
      return new TrainSettings(c.getString("master"), c.getInt("epochs"), c.getInt("batch-size"),
          c.getInt("averaging-frequency"), c.getInt("workers"), c.getInt("early-stopping-patience"),
          c.getInt("lr-patience"), c.getDouble("lr-factor"), c.getLong("shuffle-seed"), c.getInt("loss-sample-rows"),
          c.getBoolean("keep-checkpoints"), GradientSharingSettings.fromTraining(c));
    } catch (ConfigException e) {
      throw new IllegalArgumentException("Cannot read " + ROOT + " of " + source + ": " + e.getMessage(), e);
    }
  }
}
