package io.sparkctr.training.tables;

import io.sparkctr.models.layers.TableBinding;
import io.sparkctr.models.tables.LocalTable;
import io.sparkctr.models.tables.ModelTables;
import java.util.List;
import java.util.Map;
import org.deeplearning4j.nn.graph.ComputationGraph;

/**
 * What {@link LocalPlacement} and {@link ReplicatedPlacement} share: the driver holds the tables
 * that count, and a copy of the best epoch's; the driver writes the checkpoints' tables (the best
 * epoch's are its kept checkpoint's: {@link TableContent.OnDriver}).
 */
abstract class DriverTablesPlacement implements TablePlacement {
  /** The driver's tables, bound to the run's graph. */
  ModelTables tables;
  /** The best epoch's tables so far (weights and optimizer state). */
  private Map<String, LocalTable> best;
  private boolean driverHeldRows;

  @Override
  public boolean defersDriverRows() {
    return false;
  }

  @Override
  public void startNew(ModelTables tables, boolean warmStarted) {
    this.tables = tables;
    this.best = tables.snapshot();
  }

  @Override
  public void resume(ComputationGraph net, StoredTables stored) {
    TableBinding.bind(net, new ModelTables(stored.latestTables()));
    this.tables = TableBinding.tablesOf(net);
    this.best = stored.bestTables();
  }

  @Override
  public void open() {
    // nothing lives on the executors between epochs
  }

  @Override
  public void endEpoch(int epoch) {
    // nothing to collect: the driver's tables are trained (local) or averaged (replicated) already
  }

  @Override
  public void improved() {
    best.forEach((name, copy) -> copy.restoreFrom(tables.local(name)));
  }

  @Override
  public void checkpoint(Checkpointer checkpoint) {
    flushDriver();
    checkpoint.save(new TableContent.OnDriver(tables, best));
  }

  /** The flush point of the driver's tables, before a checkpoint: every row's pending regularization is written. */
  void flushDriver() {
    tables.flush();
  }

  @Override
  public void export(StoredTables stored) {
    driverHeldRows = tables.names().stream().anyMatch(n -> tables.local(n).allocated());
    tables.restore(best);
  }

  @Override
  public void restoreBest(int bestEpoch, int lastEpoch, StoredTables stored) {
    // the executors score with the driver's tables, which export restored: shared in place or shipped anew
  }

  @Override
  public Report report() {
    return new Report(List.of(), driverHeldRows);
  }

  @Override
  public String lost() {
    return null;
  }

  @Override
  public void close() {
    // nothing placed on the executors outlives an epoch
  }
}
