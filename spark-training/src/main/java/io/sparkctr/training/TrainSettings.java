package io.sparkctr.training;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import io.sparkctr.training.sharing.GradientSharingSettings;
import io.sparkctr.training.tables.TablePlacement;
import io.sparkctr.models.train.TrainSchedule;
import java.io.Serializable;
import java.util.List;
import java.util.Locale;

/**
 * {@code sparkctr.training}: the {@link TrainSchedule} shared with single-JVM training, and how the
 * training master runs on Spark (see {@code conf/defaults.conf} for every key with its default and
 * meaning). Validated at construction.
 */
public record TrainSettings(Master master, TrainSchedule schedule, int averagingFrequency, int workers,
                            int lossSampleRows, boolean keepCheckpoints, GradientSharingSettings sharing,
                            TablePlacement.Kind tables, int tableBasePort, java.time.Duration tableTimeout)
    implements Serializable {
  public static final String ROOT = "sparkctr.training";
  /** The values of {@code training.master}: {@code [parameter-averaging, gradient-sharing]}. */
  public static final List<String> MASTERS = Master.configNames();
  /** Table servers: executor n on table-base-port + n, n below this (the deploy NetworkPolicy's range). */
  public static final int TABLE_PORTS = 100;

  public TrainSettings {
    java.util.Objects.requireNonNull(schedule, "schedule");
    java.util.Objects.requireNonNull(sharing, "sharing");
    java.util.Objects.requireNonNull(master, "master");
    require(averagingFrequency >= 1, "training.averaging-frequency " + averagingFrequency + " must be >= 1");
    require(workers >= 0, "training.workers " + workers + " must be >= 0 (0 = default parallelism)");
    require(lossSampleRows >= 100, "training.loss-sample-rows " + lossSampleRows + " must be >= 100");
    java.util.Objects.requireNonNull(tables, "tables");
    require(tables != TablePlacement.Kind.LOCAL, "training.tables '" + tables.configValue() + "' is not one of "
        + TablePlacement.Kind.configurable());
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

  /** How the dense parameters are trained across executors ({@code training.master}). */
  public enum Master {
    /** DL4J's parameter averaging every {@code averaging-frequency} minibatches ({@code OnePassAveragingMaster}). */
    PARAMETER_AVERAGING,
    /** DL4J's gradient sharing over Aeron ({@code sharing.GradientSharing}). */
    GRADIENT_SHARING;

    /** {@code training.master}'s value, in any case: "Cannot train: training.master 'x' is not one of [...]". */
    public static Master parse(String value) {
      String v = value.toLowerCase(Locale.ROOT);
      return java.util.Arrays.stream(values()).filter(m -> m.configName().equals(v)).findFirst()
          .orElseThrow(() -> new IllegalArgumentException("Cannot train: training.master '" + v + "' is not one of "
              + configNames()));
    }

    /** Every master as configs spell it. */
    public static List<String> configNames() {
      return java.util.Arrays.stream(values()).map(Master::configName).toList();
    }

    /** As written in the configuration, e.g. {@code gradient-sharing}. */
    public String configName() {
      return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
  }

  /** Whether tables are sharded across executors (in local mode they stay in the driver's JVM regardless). */
  public boolean shardedTables() {
    return tables == TablePlacement.Kind.SHARDED;
  }

  /** Where sharded tables' servers listen. */
  public TablePlacement.Servers tableServers() {
    return new TablePlacement.Servers(tableBasePort, TABLE_PORTS, sharing.networkMask(), tableTimeout);
  }

  public int epochs() {
    return schedule.epochs();
  }

  public int batchSize() {
    return schedule.batchSize();
  }

  public long shuffleSeed() {
    return schedule.shuffleSeed();
  }

  private static void require(boolean ok, String message) {
    if (!ok) {
      throw new IllegalArgumentException("Cannot train: " + message);
    }
  }

  /** {@code training.tables}: sharded (the default) or replicated, in any case. */
  private static TablePlacement.Kind tablePlacement(String value) {
    return TablePlacement.Kind.configured(value).orElseThrow(() -> new IllegalArgumentException("Cannot train: "
        + "training.tables '" + value.toLowerCase(Locale.ROOT) + "' is not one of " + TablePlacement.Kind.configurable()));
  }

  /** Reads {@code sparkctr.training} of a config merged over the defaults. */
  public static TrainSettings from(Config root, String source) {
    try {
      Config c = root.getConfig(ROOT);
      TrainSchedule schedule = new TrainSchedule(c.getInt("epochs"), c.getInt("batch-size"),
          c.getInt("early-stopping-patience"), c.getInt("lr-patience"), c.getDouble("lr-factor"),
          c.getLong("shuffle-seed"));
      return new TrainSettings(Master.parse(c.getString("master")), schedule, c.getInt("averaging-frequency"), c.getInt("workers"),
          c.getInt("loss-sample-rows"), c.getBoolean("keep-checkpoints"), GradientSharingSettings.fromTraining(c),
          tablePlacement(c.getString("tables")), c.getInt("table-base-port"), c.getDuration("table-timeout"));
    } catch (ConfigException e) {
      throw new IllegalArgumentException("Cannot read " + ROOT + " of " + source + ": " + e.getMessage(), e);
    }
  }
}
