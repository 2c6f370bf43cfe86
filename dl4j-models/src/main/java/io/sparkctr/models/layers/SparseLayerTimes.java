package io.sparkctr.models.layers;

import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.graph.ComputationGraph;

/**
 * Nanoseconds the sparse layers of a graph have spent in their parts since they were made, for a
 * benchmark's per-phase table of a step ({@code bench-models --phases}). Each layer counts on the
 * thread that trains it; read them on that thread, between steps.
 *
 * @param lookup forward passes: ids decoded and deduplicated, rows gathered, laid out as
 *     [batch, dim, fields] and copied into ND4J's output array
 * @param gather of {@code lookup}, the tables' {@code gather} calls
 * @param backward backward passes: the output gradient copied out of ND4J, summed per distinct row,
 *     and the table update
 * @param update of {@code backward}, the tables' {@code applyGradients} calls (the row optimizers)
 */
public record SparseLayerTimes(long lookup, long gather, long backward, long update) {
  /** The sums over every sparse layer of {@code net} (zeros when it has none). */
  public static SparseLayerTimes of(ComputationGraph net) {
    long[] t = new long[4];
    for (Layer l : net.getLayers()) {
      if (l instanceof SparseEmbeddingImpl s) {
        s.addTimes(t);
      }
    }
    return new SparseLayerTimes(t[0], t[1], t[2], t[3]);
  }

  /** These times less {@code earlier}'s: what the steps between the two readings took. */
  public SparseLayerTimes since(SparseLayerTimes earlier) {
    return new SparseLayerTimes(lookup - earlier.lookup, gather - earlier.gather, backward - earlier.backward,
        update - earlier.update);
  }
}
