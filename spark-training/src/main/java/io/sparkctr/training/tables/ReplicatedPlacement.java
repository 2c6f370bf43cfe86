package io.sparkctr.training.tables;

import java.util.OptionalLong;
import java.util.function.Consumer;
import org.apache.spark.api.java.JavaSparkContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link Kind#REPLICATED}: each epoch ships the driver's tables (with optimizer state) to every
 * executor, each executor trains its copy, and after the fit the mean of the copies, each row
 * weighted by how often each copy stepped it ({@code ReplicaMean}), becomes the driver's tables
 * ({@link ExecutorTables}). Checkpoints hold the driver's tables.
 */
final class ReplicatedPlacement extends DriverTablesPlacement {
  private static final Logger LOG = LoggerFactory.getLogger(ReplicatedPlacement.class);
  private final JavaSparkContext sc;

  ReplicatedPlacement(JavaSparkContext sc) {
    this.sc = sc;
  }

  @Override
  public Kind kind() {
    return Kind.REPLICATED;
  }

  @Override
  public Epoch beginEpoch(int epoch, double learningRateScale, OptionalLong eventTime) {
    ExecutorTables.Ref shipped = ExecutorTables.replicate(sc, tables, true, learningRateScale);
    return new Epoch() {
      @Override
      public ExecutorTables.Ref ref() {
        return shipped;
      }

      @Override
      public void trained(Consumer<String> phase) {
        phase.accept("average the embedding tables");
        // the executors' copies pass their flush point in averageInto, before they are summed
        int copies = ExecutorTables.averageInto(sc, shipped, tables, "embedding tables: average after epoch " + epoch);
        LOG.info("Averaged the embedding tables of {} executor(s) after epoch {}", copies, epoch);
      }

      @Override
      public void close() {
        shipped.destroy(); // on failure too: the broadcast of the whole tables is not kept to the end
      }
    };
  }
}
