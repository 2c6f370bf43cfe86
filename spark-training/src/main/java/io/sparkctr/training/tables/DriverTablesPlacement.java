package io.sparkctr.training.tables;

import io.sparkctr.models.layers.TableBinding;
import io.sparkctr.models.tables.ModelTables;
import java.util.List;
import org.deeplearning4j.nn.graph.ComputationGraph;

/**
 * What {@link LocalPlacement} and {@link ReplicatedPlacement} share: the driver holds the tables
 * that count and writes them into the checkpoints; the best epoch's are its checkpoint's, kept beside
 * the newest ({@link TableContent.OnDriver}), and read back at the end when a later epoch was not as
 * good. One copy of the tables in the driver's memory.
 */
abstract class DriverTablesPlacement implements TablePlacement {
  /** The driver's tables, bound to the run's graph. */
  ModelTables tables;
  private boolean driverHeldRows;

  @Override
  public boolean defersDriverRows() {
    return false;
  }

  @Override
  public void startNew(ModelTables tables, boolean warmStarted) {
    this.tables = tables;
  }

  @Override
  public void resume(ComputationGraph net, StoredTables stored) {
    TableBinding.bind(net, new ModelTables(stored.latestTables()));
    this.tables = TableBinding.tablesOf(net);
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
  public void checkpoint(Checkpointer checkpoint) {
    flushDriver();
    checkpoint.save(new TableContent.OnDriver(tables));
  }

  /** The flush point of the driver's tables, before a checkpoint: every row's pending regularization is written. */
  void flushDriver() {
    tables.flush();
  }

  /** The newest checkpoint holds the driver's tables as they are; a different best epoch's are read back. */
  @Override
  public void export(StoredTables stored) {
    driverHeldRows = tables.names().stream().anyMatch(n -> tables.local(n).allocated());
    stored.readBestInto(tables, true);
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
