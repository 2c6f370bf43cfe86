package io.sparkctr.training.scoring;

import io.sparkctr.models.layers.TableBinding;
import io.sparkctr.models.tables.ModelTables;
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
  /**
   * The driver's tables, held for as long as this object (and so any RDD whose closure captured it)
   * lives: in local mode tasks find them by key in a weak registry, and a model dropped right after
   * {@code transform} (e.g. {@code PipelineModel.load(p).transform(df)}) must not lose them to the GC
   * before its rows are scored. Not serialized: tasks get {@link #tables}.
   */
  private final transient ModelTables pinned;

  private BroadcastModel(Broadcast<byte[]> graph, ExecutorTables.Ref tables, ModelTables pinned) {
    this.graph = graph;
    this.tables = tables;
    this.pinned = pinned;
  }

  public static BroadcastModel of(JavaSparkContext sc, ComputationGraph net) {
    ModelTables t = TableBinding.tablesOf(net);
    return new BroadcastModel(sc.broadcast(ExecutorEvaluation.modelBytes(net)),
        ExecutorTables.share(sc, t, false, 1.0), t);
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
