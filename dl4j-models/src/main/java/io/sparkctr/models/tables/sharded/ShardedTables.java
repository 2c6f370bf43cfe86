package io.sparkctr.models.tables.sharded;

import io.sparkctr.models.tables.LocalTable;
import io.sparkctr.models.tables.ModelTables;
import io.sparkctr.models.tables.TableOptimizer;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One JVM's tables of a sharded-tables session: a {@link ShardedTable} for every table of the
 * model, registered under the driver's model key (DL4J's worker graphs and scoring tasks find
 * them), and, in an owner, its shard of each (a {@link LocalTable} of its rows with their optimizer
 * state, at the configured learning rates). The owner steps its rows, for its own workers and for
 * the pushes of the others ({@link #applyOwned}), at the learning-rate scale set here.
 */
public final class ShardedTables {
  private final Map<String, LocalTable> shards = new LinkedHashMap<>();
  private final ModelTables tables;

  /** A table's shape and optimizer, as the driver's table has them: what every JVM of the session builds from. */
  public interface Shape {
    String name();

    long rows();

    int dim();

    TableOptimizer optimizer();

    /** The initialization of a new whole table's rows ({@link LocalTable#initializeRows}). */
    double initStd();

    long initSeed();
  }

  /**
   * @param me this JVM's shard, or -1 (an executor that joined after the shards were placed: it owns
   *     no rows and reaches every row through {@code peers})
   * @param initialize initialize the shard's rows as the driver's fresh tables were (what row id g of
   *     a whole table gets depends on the seed and g only), or leave zeros to be filled
   */
  public ShardedTables(String key, ShardMap map, int me, List<? extends Shape> shapes, ShardPeers peers,
                       boolean initialize) {
    Map<String, ShardedTable> all = new LinkedHashMap<>();
    for (Shape t : shapes) {
      if (me >= 0) {
        LocalTable shard = new LocalTable(t.name(), map.localRows(t.rows()), t.dim(), t.optimizer());
        if (initialize) {
          shard.initializeRows(t.initStd(), t.initSeed(), local -> map.global(me, local));
        }
        shards.put(t.name(), shard);
      }
      all.put(t.name(), new ShardedTable(t.name(), t.rows(), t.dim(), map, me, this, peers));
    }
    tables = new ModelTables(key, all);
  }

  /** The tables, as registered. */
  public ModelTables tables() {
    return tables;
  }

  /** This JVM's shard of {@code table} (its rows, indexed by {@link ShardMap#local}). */
  public LocalTable shard(String table) {
    LocalTable s = shards.get(table);
    if (s == null) {
      throw new IllegalArgumentException("Cannot find the shard of table '" + table + "': this JVM holds "
          + shards.keySet());
    }
    return s;
  }

  /** This JVM's shards by table name (empty when it owns none). */
  public Map<String, LocalTable> shards() {
    return java.util.Collections.unmodifiableMap(shards);
  }

  /** The learning-rate scale this JVM's shards are stepped at (the schedule's; before each epoch). */
  public void setLearningRateScale(double scale) {
    tables.setLearningRateScale(scale);
  }

  /**
   * One step of rows {@code localIds[0..count)} of this JVM's shard of {@code table}, at its
   * learning-rate scale: a step of {@code examples} examples.
   */
  public void applyOwned(String table, long[] localIds, float[] grads, int count, int examples) {
    shard(table).applyGradients(localIds, grads, count, tables.step(examples));
  }
}
