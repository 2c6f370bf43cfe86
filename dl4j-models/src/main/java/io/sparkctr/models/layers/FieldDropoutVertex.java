package io.sparkctr.models.layers;

import java.util.SplittableRandom;
import org.deeplearning4j.nn.conf.graph.ScaleVertex;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.graph.vertex.GraphVertex;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.transforms.pairwise.arithmetic.MulOp;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.shade.jackson.annotation.JsonProperty;

/**
 * Field-wise embedding dropout after an embedding layer ({@code [batch, k, fields]}), at training time
 * only: each example's whole vector of a field (its k values) is dropped with probability
 * {@code rate}, the kept ones scaled by 1/(1 − rate), so every consumer of the embeddings (the FM
 * term, the MLP, the cross network) sees the same fields dropped and inference sees them all. The
 * gradient passes through the same mask. A {@link ScaleVertex} of factor 1 otherwise (its input and
 * output types), as {@link IndexColumnsVertex} extends DL4J's SubsetVertex.
 */
public class FieldDropoutVertex extends ScaleVertex {
  @JsonProperty private double rate;

  public FieldDropoutVertex(@JsonProperty("rate") double rate) {
    super(1.0);
    if (!(rate >= 0 && rate < 1)) {
      throw new IllegalArgumentException("Cannot drop fields with probability " + rate + ": it must be in [0, 1)");
    }
    this.rate = rate;
  }

  public double rate() {
    return rate;
  }

  @Override
  public FieldDropoutVertex clone() {
    return new FieldDropoutVertex(rate);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof FieldDropoutVertex v && v.rate == rate;
  }

  @Override
  public int hashCode() {
    return Double.hashCode(rate) * 31 + 7;
  }

  @Override
  public GraphVertex instantiate(ComputationGraph graph, String name, int idx, INDArray paramsView,
                                 boolean initializeParams, DataType networkDatatype) {
    return new Impl(graph, name, idx, rate, networkDatatype);
  }

  /** [batch, 1·k, fields] mask values, c order: 0 for a dropped field, else 1/(1 − rate). */
  static float[] mask(int batch, int k, int fields, double rate, SplittableRandom rnd) {
    float keep = (float) (1 / (1 - rate));
    float[] m = new float[batch * k * fields];
    for (int b = 0; b < batch; b++) {
      for (int f = 0; f < fields; f++) {
        float v = rnd.nextDouble() < rate ? 0 : keep;
        for (int c = 0; c < k; c++) {
          m[(b * k + c) * fields + f] = v;
        }
      }
    }
    return m;
  }

  static final class Impl extends org.deeplearning4j.nn.graph.vertex.impl.ScaleVertex {
    private final double rate;
    /** The training pass's mask (detached from workspaces), kept for the backward pass; null otherwise. */
    private INDArray mask;

    Impl(ComputationGraph graph, String name, int idx, double rate, DataType dataType) {
      super(graph, name, idx, 1.0, dataType);
      this.rate = rate;
    }

    @Override
    public INDArray doForward(boolean training, LayerWorkspaceMgr ws) {
      INDArray in = inputs[0];
      if (!training || rate == 0) {
        mask = null;
        return ws.dup(ArrayType.ACTIVATIONS, in);
      }
      long[] shape = in.shape();
      // one draw from ND4J's seeded per-thread generator seeds the mask's: a JNI call per value would cost more
      float[] m = mask((int) shape[0], (int) shape[1], (int) shape[2], rate,
          new SplittableRandom(Nd4j.getRandom().nextLong()));
      try (MemoryWorkspace none = Nd4j.getWorkspaceManager().scopeOutOfWorkspaces()) {
        mask = Nd4j.create(m, shape, DataType.FLOAT).castTo(in.dataType());
      }
      INDArray out = ws.createUninitialized(ArrayType.ACTIVATIONS, in.dataType(), shape, 'c');
      Nd4j.getExecutioner().exec(new MulOp(in, mask, out));
      return out;
    }

    @Override
    public Pair<Gradient, INDArray[]> doBackward(boolean tbptt, LayerWorkspaceMgr ws) {
      INDArray grad = ws.createUninitialized(ArrayType.ACTIVATION_GRAD, epsilon.dataType(), epsilon.shape(), 'c');
      if (mask == null) {
        grad.assign(epsilon);
      } else {
        Nd4j.getExecutioner().exec(new MulOp(epsilon, mask, grad));
      }
      return new Pair<>(null, new INDArray[] {grad});
    }
  }
}
