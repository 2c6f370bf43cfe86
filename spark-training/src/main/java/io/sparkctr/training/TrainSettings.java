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
                            int lossSampleRows, boolean keepCheckpoints, GradientSharingSettings sharing,
                            String tables, int tableBasePort, java.time.Duration tableTimeout)
    implements Serializable {
  public static final String ROOT = "sparkctr.training";
  public static final String PARAMETER_AVERAGING = "parameter-averaging";
  public static final String GRADIENT_SHARING = "gradient-sharing";
  public static final List<String> MASTERS = List.of(PARAMETER_AVERAGING, GRADIENT_SHARING);
  /** Every executor trains a full copy of the tables, averaged after each epoch (the default). */
  public static final String REPLICATED = "replicated";
  /** Tables sharded by row across executors, rows pulled and row gradients pushed per step. */
  public static final String SHARDED = "sharded";
  public static final List<String> TABLE_MODES = List.of(REPLICATED, SHARDED);
  /** Table servers: executor n on table-base-port + n, n below this (the deploy NetworkPolicy's range). */
  public static final int TABLE_PORTS = 100;

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
    tables = tables.toLowerCase(Locale.ROOT);
    require(TABLE_MODES.contains(tables), "training.tables '" + tables + "' is not one of " + TABLE_MODES);
    require(tableBasePort >= 1 && tableBasePort + TABLE_PORTS - 1 <= 65535, "training.table-base-port "
        + tableBasePort + " must leave room for " + TABLE_PORTS + " executors below 65536");
    int gsBase = sharing.executorBasePort();
    require(tableBasePort + TABLE_PORTS <= gsBase || tableBasePort > gsBase + 1000, "training.table-base-port "
        + tableBasePort + "..+" + (TABLE_PORTS - 1) + " overlaps gradient-sharing.executor-base-port " + gsBase
        + "..+1000");
    require(sharing.controllerPort() < tableBasePort || sharing.controllerPort() >= tableBasePort + TABLE_PORTS,
        "gradient-sharing.controller-port " + sharing.controllerPort() + " falls inside training.table-base-port "
            + tableBasePort + "..+" + (TABLE_PORTS - 1));
    require(!tableTimeout.isNegative() && !tableTimeout.isZero(), "training.table-timeout " + tableTimeout
        + " must be positive");
  }

  /** Whether tables are sharded across executors (in local mode they stay in the driver's JVM regardless). */
  public boolean shardedTables() {
    return SHARDED.equals(tables);
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
          c.getBoolean("keep-checkpoints"), GradientSharingSettings.fromTraining(c), c.getString("tables"),
          c.getInt("table-base-port"), c.getDuration("table-timeout"));
    } catch (ConfigException e) {
      throw new IllegalArgumentException("Cannot read " + ROOT + " of " + source + ": " + e.getMessage(), e);
    }
  }
}
