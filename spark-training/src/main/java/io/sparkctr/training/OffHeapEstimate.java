package io.sparkctr.training;

import io.sparkctr.models.graph.ModelSpec;
import io.sparkctr.models.graph.ModelType;

/**
 * A sizing rule for the off-heap (ND4J) memory one training task needs, logged at the start of
 * training so executors can be sized before they run out:
 * {@code 6 × 4 bytes × parameters} (parameters, gradient, two Adam moments, the averaging copy
 * and the broadcast copy) {@code + 24 bytes × batch × activation width} (forward and backward
 * activations of the MLP and embeddings) {@code + 256 MB} (ND4J's own buffers and workspaces).
 * An executor with {@code c} task slots needs {@code c ×} this beyond its heap, as
 * {@code spark.executor.memoryOverhead}; see deploy/README.md.
 */
public final class OffHeapEstimate {
  private OffHeapEstimate() {}

  public static long parameters(ModelSpec s) {
    long h = s.hashSize();
    long p = h + 1 + s.denseFeatures();
    boolean embeddings = s.type() != ModelType.LR;
    boolean mlp = s.type() == ModelType.WIDE_DEEP || s.type() == ModelType.DEEPFM;
    if (embeddings) {
      p += h * s.embeddingDim();
    }
    if (mlp) {
      long in = (long) s.fields() * s.embeddingDim() + s.denseFeatures();
      for (int width : s.hidden()) {
        p += in * width + width;
        in = width;
      }
      p += in + 1;
    }
    return p;
  }

  /** Bytes of off-heap memory one training task needs at this batch size. */
  public static long bytesPerTask(ModelSpec s, int batchSize) {
    long width = (long) s.fields() * (s.embeddingDim() + 1) + s.hidden().stream().mapToInt(Integer::intValue).sum();
    return 24L * parameters(s) + 24L * batchSize * width + (256L << 20);
  }
}
