package io.sparkctr.training.tables;

import io.sparkctr.models.graph.ModelSpec;
import io.sparkctr.models.tables.TableOptimizer;
import java.util.Optional;
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

  ReplicatedPlacement(JavaSparkContext sc, ModelSpec spec) {
    this.sc = sc;
    adamWarning(spec).ifPresent(LOG::warn);
  }

  /**
   * A warning when an embedding table uses lazy Adam: on LocalClusterTrainingTest's data two replicated
   * copies of a lazy-Adam table, averaged after each epoch, ended 0.015 below one JVM's validation AUC
   * (sharded: 0.004; row-wise AdaGrad replicated: 0.007); docs/design/model-quality.md.
   */
  static Optional<String> adamWarning(ModelSpec spec) {
    boolean adam = spec.type().hasEmbeddings()
        && spec.groups().stream().anyMatch(g -> spec.embeddingTable(g).kind() == TableOptimizer.Kind.ADAM);
    return adam ? Optional.of("Replicated embedding tables with lazy Adam (sparkctr.model.tables.embedding): copies "
        + "averaged once per epoch lost 0.015 validation AUC to one JVM where sharded tables lost 0.004; prefer "
        + "sparkctr.training.tables = sharded, or optimizer = adagrad for replicated tables "
        + "(docs/design/model-quality.md, \"Replicated copies and Adam\")") : Optional.empty();
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
