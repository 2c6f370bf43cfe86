package io.sparkctr.training.tables;

import io.sparkctr.models.graph.ModelSpec;
import io.sparkctr.models.tables.ModelTables;
import io.sparkctr.training.tables.sharded.ShardedSession;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.Consumer;
import org.apache.spark.api.java.JavaSparkContext;
import org.deeplearning4j.nn.graph.ComputationGraph;

/**
 * Where a training run's embedding tables live while it trains, and everything about them that
 * depends on it. DL4J's training master moves only the dense parameters; the tables are the
 * placement's: one of {@link Kind}, chosen once per run by {@link #of}.
 *
 * <p>Lifecycle, in the order the trainer calls it:
 * <ol>
 *   <li>set up, on the driver: {@link #startNew} (a fresh or warm-started graph built with
 *       {@link #defersDriverRows}) or {@link #resume} (a checkpoint's graph); then {@link #open}
 *       once the run's Spark resources are up;</li>
 *   <li>per epoch: {@link #beginEpoch} (what the epoch's tasks carry), the fit,
 *       {@link Epoch#trained}, {@link #endEpoch} and {@link #checkpoint} (the best epoch's
 *       tables are its checkpoint's, kept beside the newest: no copy is held);</li>
 *   <li>at the end: {@link #export} (the driver's tables, the bundle's, take the best epoch's rows),
 *       {@link #restoreBest} (so do the executors' for the final validation, which only a resumed run
 *       whose best epoch an earlier run trained needs), {@link #report};
 *       {@link #close} always, on failure too ({@link #lost} says why an owner is gone).</li>
 * </ol>
 *
 * <p>Flush points: before the copies of the tables are averaged and before a checkpoint takes their
 * content, whatever a table defers per row (the regularization of untouched rows, see
 * {@code LocalTable#flush}) is applied to every copy: the driver's tables before a checkpoint, each
 * executor's copy in {@code ExecutorTables.averageInto}, the owners' shards as they write them
 * ({@code TableIO.write} flushes). A table also flushes itself before any whole-table read.
 */
public interface TablePlacement extends AutoCloseable {

  /** The placements there are; {@code training.tables} names the two that executor JVMs choose between. */
  enum Kind {
    /** A local master: the executors' DL4J workers run in the driver's JVM and share its tables in place. */
    LOCAL,
    /** Every executor trains a full copy of the tables, averaged into the driver's after each epoch. */
    REPLICATED,
    /** Rows sharded across the executors, pulled and pushed per step; the owners write the checkpoints. */
    SHARDED;

    /** The values of {@code training.tables}. */
    public static List<String> configurable() {
      return List.of(REPLICATED.configValue(), SHARDED.configValue());
    }

    /** {@code training.tables}'s value (any case), if it is one of {@link #configurable}. */
    public static Optional<Kind> configured(String value) {
      String v = value.toLowerCase(Locale.ROOT);
      return Arrays.stream(values()).filter(k -> k != LOCAL && k.configValue().equals(v)).findFirst();
    }

    /** As written in the configuration. */
    public String configValue() {
      return name().toLowerCase(Locale.ROOT);
    }

    /** The placement on this Spark context: {@link #LOCAL} on a local master, this one elsewhere. */
    public Kind on(JavaSparkContext sc) {
      return sc.isLocal() ? LOCAL : this;
    }
  }

  /**
   * Where sharded tables' servers listen.
   *
   * @param basePort executor n serves on basePort + n, n below {@code ports}
   * @param networkMask the executors' subnet, or "" (each executor's Spark host; loopback on one host)
   * @param timeout how long a worker waits for another shard's answer
   */
  record Servers(int basePort, int ports, String networkMask, Duration timeout) {}

  /**
   * What a run's tables did.
   *
   * @param traffic what sharded tables moved per epoch (empty unless sharded)
   * @param driverHeldRows whether the driver held table rows before it assembled the bundle's
   *     (sharded: only a warm start's; otherwise always)
   */
  record Report(List<ShardedSession.Traffic> traffic, boolean driverHeldRows) {}

  /** One epoch's tables on the executors; close it after the epoch's fit, on failure too. */
  interface Epoch extends AutoCloseable {
    /** What the epoch's tasks carry to find the tables ({@link ExecutorTables#ensure}); null in local mode. */
    ExecutorTables.Ref ref();

    /**
     * After the fit: flush, and the executors' copies averaged into the driver's tables (replicated).
     *
     * @param phase told what is being done, for the run's progress ("average the embedding tables")
     */
    void trained(Consumer<String> phase);

    /** Frees what the epoch shipped (replicated: the broadcast of the whole tables). */
    @Override
    void close();
  }

  /** Writes a checkpoint holding {@code content} as the tables; the bytes of table files written. */
  @FunctionalInterface
  interface Checkpointer {
    long save(TableContent content);
  }

  /**
   * @param kind the effective placement ({@link Kind#on})
   * @param spec the model (sharded: a resumed run's driver tables take its shapes, unallocated)
   * @param servers where sharded tables' servers listen (ignored otherwise)
   */
  static TablePlacement of(Kind kind, JavaSparkContext sc, ModelSpec spec, Servers servers) {
    return switch (kind) {
      case LOCAL -> new LocalPlacement();
      case REPLICATED -> new ReplicatedPlacement(sc, spec);
      case SHARDED -> new ShardedPlacement(sc, spec, servers);
    };
  }

  Kind kind();

  /** Whether a new run's driver leaves its tables unallocated (the owners initialize the rows). */
  boolean defersDriverRows();

  /** A new run: {@code tables} are its graph's, fresh or a warm start's ({@code warmStarted}). */
  void startNew(ModelTables tables, boolean warmStarted);

  /** A resumed run: binds the checkpoint's tables to {@code net}, its graph (its best epoch's stay in the checkpoints). */
  void resume(ComputationGraph net, StoredTables stored);

  /** Once the run's Spark resources are up (sharded: starts the servers, places and fills the shards). */
  void open();

  /**
   * Before an epoch's fit.
   *
   * @param learningRateScale the tables' learning rate relative to the configured one (the schedule's)
   * @param eventTime the latest event time (epoch seconds) of the epoch's training data: the largest
   *     {@code timestamp} of the training rows, found when the trainer counts them (empty for rows
   *     without that column); no placement reads it yet (table expiry will)
   */
  Epoch beginEpoch(int epoch, double learningRateScale, OptionalLong eventTime);

  /** After an epoch's fit and {@link Epoch#trained}, before its evaluation. */
  void endEpoch(int epoch);

  /** Flushes, then writes the epoch's checkpoint with these tables as its content. */
  void checkpoint(Checkpointer checkpoint);

  /**
   * The driver's tables (bound to the graph: the bundle's) take the best epoch's rows, read from its
   * checkpoint where the last epoch was not the best; call once, after the last epoch's checkpoint.
   */
  void export(StoredTables stored);

  /** The executors' tables, which score the kept epoch's validation, hold the best epoch's rows. */
  void restoreBest(int bestEpoch, int lastEpoch, StoredTables stored);

  Report report();

  /** Why the tables' owners cannot go on (an executor and its shard lost), or null. */
  String lost();

  /** Releases what the run placed on the executors (servers, shards); also after a failure. */
  @Override
  void close();
}
