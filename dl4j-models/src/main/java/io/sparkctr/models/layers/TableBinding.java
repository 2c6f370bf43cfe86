package io.sparkctr.models.layers;

import io.sparkctr.models.tables.ModelTables;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.graph.GraphVertex;
import org.deeplearning4j.nn.conf.graph.LayerVertex;
import org.deeplearning4j.nn.graph.ComputationGraph;

/**
 * Binds a graph to its tables: writes the tables' key into every {@link SparseEmbeddingLayer}
 * configuration (so the graph's JSON, and every replica DL4J rebuilds from it, carries it) and
 * points the graph's sparse layers at the tables, which keeps them alive as long as the graph.
 */
public final class TableBinding {
  private TableBinding() {}

  public static void bind(ComputationGraph net, ModelTables tables) {
    for (GraphVertex v : net.getConfiguration().getVertices().values()) {
      if (v instanceof LayerVertex lv && lv.getLayerConf().getLayer() instanceof SparseEmbeddingLayer s) {
        tables.table(s.getTable()); // fails early, naming the missing table
        s.setModelKey(tables.key());
      }
    }
    for (Layer l : net.getLayers()) {
      if (l instanceof SparseEmbeddingImpl s) {
        s.layerConf().setModelKey(tables.key());
        s.bind(tables);
      }
    }
  }

  /**
   * The tables of {@code net}: those bound to it, else those registered in this JVM under the key
   * of its configuration.
   *
   * @throws IllegalStateException when the graph has no sparse layer or its tables are not here
   */
  public static ModelTables tablesOf(ComputationGraph net) {
    for (Layer l : net.getLayers()) {
      if (l instanceof SparseEmbeddingImpl s) {
        return s.tables();
      }
    }
    throw new IllegalStateException("Cannot find embedding tables: the graph has no sparse embedding layer");
  }

  /** The pooled fields' lengths of {@code net}'s sparse layers (empty when it has none). */
  public static int[] bagLengthsOf(ComputationGraph net) {
    for (Layer l : net.getLayers()) {
      if (l instanceof SparseEmbeddingImpl s) {
        return s.layerConf().getBagLengths();
      }
    }
    return new int[0];
  }
}
