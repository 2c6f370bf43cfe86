package io.sparkctr.training;

import io.sparkctr.models.graph.ModelSpec;
import io.sparkctr.models.graph.TableGroup;
import io.sparkctr.models.tables.LocalTable;

/**
 * Sizing rules logged at the start of training so executors can be sized before they run out.
 * Off-heap (ND4J) per training task: {@code 6 × 4 bytes × dense parameters} (parameters, gradient,
 * two Adam moments, the averaging copy and the broadcast copy) {@code + 24 bytes × batch ×
 * activation width} (forward and backward activations of the MLP, the cross network and embeddings) {@code + 256 MB}
 * (ND4J's own buffers and workspaces); an executor with {@code c} task slots needs {@code c ×}
 * this beyond its heap, as {@code spark.executor.memoryOverhead}. Heap per JVM: the embedding
 * tables ({@link #tableBytes}: rows × (k + optimizer state) × 4 bytes), which live outside DL4J's
 * parameters; see deploy/README.md.
 */
public final class OffHeapEstimate {
  private OffHeapEstimate() {}

  /**
   * DL4J's (dense) parameters: the linear term's scale and bias, the dense-linear weights, the MLP, and
   * DCN-v2's cross network ({@link io.sparkctr.models.graph.CrossNetwork#parameters}).
   */
  public static long parameters(ModelSpec s) {
    long p = 2 + s.denseFeatures();
    if (s.type().hasCross()) {
      p += s.cross().parameters(deepWidth(s));
    }
    if (s.type().hasMlp()) {
      long in = deepWidth(s);
      for (int width : s.hidden()) {
        p += in * width + width;
        in = width;
      }
      p += in + 1;
    }
    return p;
  }

  /** Width of the deep part's input x0: the flattened field vectors and the dense values. */
  private static long deepWidth(ModelSpec s) {
    return (long) s.embeddingWidth() + s.denseFeatures();
  }

  /**
   * Heap bytes of the embedding tables with their optimizer state (per JVM that holds them; an
   * executor's replicated training copy also counts each row's steps, 4 bytes per row and table).
   */
  public static long tableBytes(ModelSpec s) {
    long bytes = 0;
    for (TableGroup g : s.groups()) {
      bytes += g.rows() * LocalTable.bytesPerRow(1, s.linearTable(g));
      if (s.type().hasEmbeddings()) {
        bytes += g.rows() * LocalTable.bytesPerRow(g.dim(), s.embeddingTable(g));
      }
    }
    return bytes;
  }

  /**
   * Bytes of off-heap memory one training task needs at this batch size; a cross layer keeps three
   * activations of x0's width (W x + b, the product with x0, the sum), plus the rank's when low-rank.
   */
  public static long bytesPerTask(ModelSpec s, int batchSize) {
    long width = (long) s.embeddingWidth() + s.modelFields() + s.hidden().stream().mapToInt(Integer::intValue).sum();
    if (s.type().hasCross()) {
      width += (long) s.cross().layers() * (3 * deepWidth(s) + s.cross().rank());
    }
    return 24L * parameters(s) + 24L * batchSize * width + (256L << 20);
  }
}
