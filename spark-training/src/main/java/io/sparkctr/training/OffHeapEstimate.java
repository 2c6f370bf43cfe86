package io.sparkctr.training;

import io.sparkctr.models.graph.ModelSpec;
import io.sparkctr.models.graph.ModelType;
import io.sparkctr.models.graph.TableGroup;
import io.sparkctr.models.tables.LocalTable;

/**
 * Sizing rules logged at the start of training so executors can be sized before they run out.
 * Off-heap (ND4J) per training task: {@code 6 × 4 bytes × dense parameters} (parameters, gradient,
 * two Adam moments, the averaging copy and the broadcast copy) {@code + 24 bytes × batch ×
 * activation width} (forward and backward activations of the MLP and embeddings) {@code + 256 MB}
 * (ND4J's own buffers and workspaces); an executor with {@code c} task slots needs {@code c ×}
 * this beyond its heap, as {@code spark.executor.memoryOverhead}. Heap per JVM: the embedding
 * tables ({@link #tableBytes}: rows × (k + optimizer state) × 4 bytes), which live outside DL4J's
 * parameters; see deploy/README.md.
 */
public final class OffHeapEstimate {
  private OffHeapEstimate() {}

  /** DL4J's (dense) parameters: the linear term's scale and bias, the dense-linear weights, the MLP. */
  public static long parameters(ModelSpec s) {
    long p = 2 + s.denseFeatures();
    boolean mlp = s.type() == ModelType.WIDE_DEEP || s.type() == ModelType.DEEPFM;
    if (mlp) {
      long in = (long) s.embeddingWidth() + s.denseFeatures();
      for (int width : s.hidden()) {
        p += in * width + width;
        in = width;
      }
      p += in + 1;
    }
    return p;
  }

  /**
   * Heap bytes of the embedding tables with their optimizer state (per JVM that holds them; an
   * executor's replicated training copy also counts each row's steps, 4 bytes per row and table).
   */
  public static long tableBytes(ModelSpec s) {
    long bytes = 0;
    for (TableGroup g : s.groups()) {
      bytes += g.rows() * LocalTable.bytesPerRow(1, s.linearTable());
      if (s.type().hasEmbeddings()) {
        bytes += g.rows() * LocalTable.bytesPerRow(g.dim(), s.embeddingTable());
      }
    }
    return bytes;
  }

  /** Bytes of off-heap memory one training task needs at this batch size. */
  public static long bytesPerTask(ModelSpec s, int batchSize) {
    long width = (long) s.embeddingWidth() + s.modelFields() + s.hidden().stream().mapToInt(Integer::intValue).sum();
    return 24L * parameters(s) + 24L * batchSize * width + (256L << 20);
  }
}
