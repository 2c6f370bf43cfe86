package io.sparkctr.training.tables.sharded;

import io.sparkctr.training.executor.OnEachExecutor;
import java.util.HashMap;
import java.util.Set;
import java.util.TreeSet;

/**
 * One shard's rows of every table (weights and optimizer state, {@code localRows × stride} floats
 * in local-row order) and each table's step, on their way to the driver. A plain class (Kryo).
 */
final class ShardRows implements OnEachExecutor.Partial<ShardRows> {
  private static final long serialVersionUID = 1L;
  static final ShardRows EMPTY = new ShardRows(new TreeSet<>(), new HashMap<>(), new HashMap<>());
  private final TreeSet<String> executors;
  final HashMap<String, float[]> rows;
  final HashMap<String, Long> steps;

  ShardRows(TreeSet<String> executors, HashMap<String, float[]> rows, HashMap<String, Long> steps) {
    this.executors = executors;
    this.rows = rows;
    this.steps = steps;
  }

  @Override
  public Set<String> executors() {
    return executors;
  }

  /** Merges partials of different executors (rows of one shard are asked from one executor at a time). */
  @Override
  public ShardRows merge(ShardRows o) {
    TreeSet<String> all = new TreeSet<>(executors);
    all.addAll(o.executors);
    HashMap<String, float[]> r = new HashMap<>(rows);
    r.putAll(o.rows);
    HashMap<String, Long> s = new HashMap<>(steps);
    s.putAll(o.steps);
    return new ShardRows(all, r, s);
  }
}
