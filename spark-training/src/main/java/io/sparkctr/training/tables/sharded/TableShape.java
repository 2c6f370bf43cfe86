package io.sparkctr.training.tables.sharded;

import io.sparkctr.models.tables.LocalTable;
import io.sparkctr.models.tables.TableOptimizer;
import io.sparkctr.models.tables.sharded.ShardedTables;
import java.io.Serializable;

/** A table's shape and optimizer as the driver's table has them, on their way to the executors (a plain class). */
final class TableShape implements ShardedTables.Shape, Serializable {
  private static final long serialVersionUID = 1L;
  private final String name;
  private final long rows;
  private final int dim;
  private final TableOptimizer optimizer;
  private final double initStd;
  private final long initSeed;

  TableShape(LocalTable t) {
    this.name = t.name();
    this.rows = t.rows();
    this.dim = t.dim();
    this.optimizer = t.optimizer();
    this.initStd = t.initStd();
    this.initSeed = t.initSeed();
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public long rows() {
    return rows;
  }

  @Override
  public int dim() {
    return dim;
  }

  @Override
  public TableOptimizer optimizer() {
    return optimizer;
  }

  @Override
  public double initStd() {
    return initStd;
  }

  @Override
  public long initSeed() {
    return initSeed;
  }
}
