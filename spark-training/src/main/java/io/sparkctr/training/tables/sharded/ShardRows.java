package io.sparkctr.training.tables.sharded;

import io.sparkctr.training.executor.OnEachExecutor;
import java.util.Set;
import java.util.TreeSet;

/**
 * A run of one shard's rows of one table (weights and optimizer state, {@code stride} floats per
 * row, in local-row order from {@link #from}) and the table's step, on their way to the driver. A
 * plain class (Kryo). Rows travel in runs of at most {@link #CHUNK_FLOATS} floats, so no task
 * result or task outgrows Kryo's buffer or {@code spark.driver.maxResultSize}.
 */
final class ShardRows implements OnEachExecutor.Partial<ShardRows> {
  private static final long serialVersionUID = 1L;
  /** Floats per run: 16 MiB. */
  static final int CHUNK_FLOATS = 1 << 22;
  static final ShardRows EMPTY = new ShardRows(new TreeSet<>(), 0, null, 0);
  private final TreeSet<String> executors;
  final long from;
  final float[] rows;
  final long step;

  ShardRows(TreeSet<String> executors, long from, float[] rows, long step) {
    this.executors = executors;
    this.from = from;
    this.rows = rows;
    this.step = step;
  }

  /** Rows per run for rows of {@code stride} floats. */
  static int rowsPerChunk(int stride) {
    return Math.max(1, CHUNK_FLOATS / stride);
  }

  @Override
  public Set<String> executors() {
    return executors;
  }

  /** Keeps the rows of whichever side has them (one executor is asked at a time). */
  @Override
  public ShardRows merge(ShardRows o) {
    TreeSet<String> all = new TreeSet<>(executors);
    all.addAll(o.executors);
    ShardRows with = rows != null ? this : o;
    return new ShardRows(all, with.from, with.rows, with.step);
  }
}
