package io.sparkctr.training.executor;

import io.sparkctr.models.layers.TableBinding;
import io.sparkctr.training.tables.ExecutorTables;
import java.io.Serializable;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.deeplearning4j.nn.graph.ComputationGraph;

/**
 * A model for executor tasks that score: the graph broadcast as bytes (no updater) and its
 * embedding tables made available in every executor JVM ({@link ExecutorTables}). Used by
 * training's validation, evaluate, score and the nightly gate. Close it on the driver when done.
 */
public final class BroadcastModel implements Serializable, AutoCloseable {
  private static final long serialVersionUID = 1L;
  private final Broadcast<byte[]> graph;
  private final ExecutorTables.Ref tables;

  private BroadcastModel(Broadcast<byte[]> graph, ExecutorTables.Ref tables) {
    this.graph = graph;
    this.tables = tables;
  }

  public static BroadcastModel of(JavaSparkContext sc, ComputationGraph net) {
    return new BroadcastModel(sc.broadcast(ExecutorEvaluation.modelBytes(net)),
        ExecutorTables.share(sc, TableBinding.tablesOf(net), false, 1.0));
  }

  /** In a task: the graph, its tables bound by key in this JVM. */
  public ComputationGraph restore() {
    ExecutorTables.ensure(tables);
    return ExecutorEvaluation.restore(graph.value());
  }

  @Override
  public void close() {
    graph.destroy();
    if (tables != null) {
      tables.destroy();
    }
  }
}
