package io.sparkctr.training.tables;

import io.sparkctr.models.tables.LocalTable;
import io.sparkctr.models.tables.ModelTables;
import io.sparkctr.models.tables.ReplicaMean;
import io.sparkctr.models.tables.ShippedTables;
import io.sparkctr.training.executor.OnEachExecutor;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The sum of some executors' trained table copies (weights and optimizer state, each row weighted by
 * how often the copy stepped it: {@link ReplicaMean}), merged on the executors. A plain class holding
 * bytes: task results go through Kryo.
 */
final class TableSum implements OnEachExecutor.Partial<TableSum> {
  private static final long serialVersionUID = 1L;
  static final TableSum EMPTY = new TableSum(new TreeSet<>(), null, 0);
  private final TreeSet<String> executors;
  private final byte[] sum;
  private final int count;

  private TableSum(TreeSet<String> executors, byte[] sum, int count) {
    this.executors = executors;
    this.sum = sum;
    this.count = count;
  }

  /** An executor that holds no copy of the tables (it ran no task of this training). */
  static TableSum none(String executor) {
    return new TableSum(new TreeSet<>(Set.of(executor)), null, 0);
  }

  static TableSum of(String executor, ModelTables tables) {
    return new TableSum(new TreeSet<>(Set.of(executor)), ShippedTables.ofTerms(ShippedTables.local(tables), true), 1);
  }

  @Override
  public Set<String> executors() {
    return executors;
  }

  int count() {
    return count;
  }

  /** The summed tables (new objects), {@link ReplicaMean} terms. */
  Map<String, LocalTable> tables() {
    return ShippedTables.readTerms(sum, "the executors' tables");
  }

  @Override
  public TableSum merge(TableSum o) {
    TreeSet<String> all = new TreeSet<>(executors);
    all.addAll(o.executors);
    if (sum == null || o.sum == null) {
      return new TableSum(all, sum == null ? o.sum : sum, count + o.count);
    }
    Map<String, LocalTable> a = tables();
    Map<String, LocalTable> b = o.tables();
    a.forEach((name, t) -> ReplicaMean.add(t, b.get(name)));
    return new TableSum(all, ShippedTables.ofTerms(a, false), count + o.count);
  }
}
