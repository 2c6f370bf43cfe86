package io.sparkctr.models.layers;

import org.deeplearning4j.nn.conf.graph.SubsetVertex;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.graph.vertex.GraphVertex;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.shade.jackson.annotation.JsonProperty;

/**
 * Columns [from, to] of the input that hold feature indices. Like DL4J's SubsetVertex, except
 * that its backward pass accepts what an embedding layer sends back for an index input: no error
 * at all (indices have no gradient). DL4J's own SubsetVertex throws "Cannot do backward pass:
 * error not set" there, so an embedding cannot read a slice of a single input array without it.
 */
public class IndexColumnsVertex extends SubsetVertex {
  public IndexColumnsVertex(@JsonProperty("from") int from, @JsonProperty("to") int to) {
    super(from, to);
  }

  @Override
  public IndexColumnsVertex clone() {
    return new IndexColumnsVertex(getFrom(), getTo());
  }

  @Override
  public GraphVertex instantiate(ComputationGraph graph, String name, int idx, INDArray paramsView,
                                 boolean initializeParams, DataType networkDatatype) {
    return new Impl(graph, name, idx, getFrom(), getTo(), networkDatatype);
  }

  static final class Impl extends org.deeplearning4j.nn.graph.vertex.impl.SubsetVertex {
    Impl(ComputationGraph graph, String name, int idx, int from, int to, DataType dataType) {
      super(graph, name, idx, from, to, dataType);
    }

    @Override
    public Pair<Gradient, INDArray[]> doBackward(boolean tbptt, LayerWorkspaceMgr workspaceMgr) {
      if (epsilon == null) {
        INDArray in = inputs[0];
        return new Pair<>(null, new INDArray[] {workspaceMgr.create(ArrayType.ACTIVATION_GRAD, in.dataType(),
            in.shape())});
      }
      return super.doBackward(tbptt, workspaceMgr);
    }
  }
}
