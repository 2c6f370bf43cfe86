package io.sparkctr.models.graph;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparkctr.models.RestoreNd4jDefaults;
import io.sparkctr.models.layers.TableBinding;
import java.util.List;
import java.util.Map;
import org.deeplearning4j.nn.conf.graph.LayerVertex;
import org.deeplearning4j.nn.conf.layers.BaseLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.regularization.L2Regularization;
import org.nd4j.linalg.learning.regularization.WeightDecay;

/**
 * DCN-v2's cross network in the graph ({@link CrossGraph}): DL4J's gradient check in double precision
 * for each structure and rank (with dense values, two table groups of different dimensions and a
 * pooled field), each layer computing x0 ⊙ (W x + b) + x, and the parameter count of
 * {@link CrossNetwork#parameters}.
 */
@ExtendWith(RestoreNd4jDefaults.class)
class CrossNetworkGraphTest {
  static final int WIDTH = 3 * CtrGraphGradientTest.FIELDS + CtrGraphGradientTest.DENSE;

  static ModelSpec spec(int layers, int rank, CrossStructure structure) {
    return CtrGraphGradientTest.spec(ModelType.DCN_V2).toBuilder()
        .cross(new CrossNetwork(layers, rank, structure, 1e-3)).l2Mode(L2Mode.COUPLED).build(); // L2 in the gradient
  }

  @ParameterizedTest
  @CsvSource({"2, 0, STACKED", "2, 3, STACKED", "2, 0, PARALLEL", "3, 2, PARALLEL"})
  void gradientsMatchFiniteDifferences(int layers, int rank, CrossStructure structure) {
    assertTrue(CtrGraphGradientTest.check(spec(layers, rank, structure)), "DCN-v2 gradient check");
  }

  /** Two groups of dimensions 2 and 3: x0 is their flattened vectors side by side, then the dense values. */
  @ParameterizedTest
  @CsvSource({"2, 0, STACKED", "1, 2, PARALLEL"})
  void gradientsMatchWithTwoTableGroups(int layers, int rank, CrossStructure structure) {
    ModelSpec s = spec(layers, rank, structure).toBuilder().tables(List.of(
        new TableGroup("items", CtrGraphGradientTest.HASH, 2, List.of(0, 2)),
        new TableGroup(TableGroup.DEFAULT, CtrGraphGradientTest.HASH, 3, List.of(1, 3)))).build();
    assertTrue(CtrGraphGradientTest.check(s), "DCN-v2 gradient check with two table groups");
  }

  @ParameterizedTest
  @CsvSource({"0", "2"})
  void eachLayerIsX0TimesWxPlusBPlusX(int rank) {
    Nd4j.setDefaultDataTypes(DataType.DOUBLE, DataType.DOUBLE);
    ComputationGraph net = CtrGraphBuilder.build(spec(2, rank, CrossStructure.STACKED), DataType.DOUBLE);
    CtrGraphGradientTest.randomizeRows(TableBinding.tablesOf(net));
    for (Map.Entry<String, INDArray> p : net.paramTable().entrySet()) {
      p.getValue().assign(Nd4j.rand(DataType.DOUBLE, p.getValue().shape()).subi(0.5));
    }
    Map<String, INDArray> act = net.feedForward(CtrGraphGradientTest.input(5, 9), false);
    INDArray x0 = act.get("deep-in");
    assertEquals(WIDTH, x0.columns());
    INDArray x = x0;
    for (int l = 0; l < 2; l++) {
      String name = "cross-" + l;
      INDArray wx = rank == 0 ? x.mmul(net.getParam(name + "-w_W"))
          : x.mmul(net.getParam(name + "-v_W")).mmul(net.getParam(name + "-u_W"));
      INDArray b = net.getParam(name + (rank == 0 ? "-w_b" : "-u_b"));
      INDArray expected = x0.mul(wx.addRowVector(b)).addi(x);
      assertTrue(expected.equalsWithEps(act.get(name), 1e-12), name + ": " + expected + " vs " + act.get(name));
      x = expected;
    }
  }

  /** DCN-v2 = Wide&amp;Deep's parameters (same MLP over x0 of the same width) + the cross network's. */
  @ParameterizedTest
  @CsvSource({"3, 0, STACKED", "3, 4, STACKED", "2, 0, PARALLEL", "2, 4, PARALLEL"})
  void parameterCountsFollowTheCrossNetwork(int layers, int rank, CrossStructure structure) {
    ModelSpec s = spec(layers, rank, structure);
    long wideDeep = CtrGraphBuilder.build(s.toBuilder().type(ModelType.WIDE_DEEP).build(), DataType.FLOAT).numParams();
    assertEquals(wideDeep + s.cross().parameters(WIDTH), CtrGraphBuilder.build(s, DataType.FLOAT).numParams());
  }

  @Test
  void crossL2ReachesTheCrossWeightsOnly() {
    ComputationGraph net = CtrGraphBuilder.build(spec(1, 2, CrossStructure.PARALLEL), DataType.FLOAT);
    for (String layer : List.of("cross-0-v", "cross-0-u", CrossGraph.OUTPUT)) {
      assertEquals(List.of(new L2Regularization(1e-3)), layerConf(net, layer).getRegularization(), layer);
      assertTrue(layerConf(net, layer).getRegularizationBias().isEmpty(), layer + " bias");
    }
    assertTrue(layerConf(net, "mlp-0").getRegularization().isEmpty(), "the MLP has deep-l2 (0 here)");
    net = CtrGraphBuilder.build(spec(1, 2, CrossStructure.PARALLEL).toBuilder().l2Mode(L2Mode.DECOUPLED).build(),
        DataType.FLOAT);
    assertEquals(List.of(new WeightDecay(1e-3, true)), layerConf(net, "cross-0-u").getRegularization());
    assertTrue(layerConf(net, "cross-0-u").getRegularizationBias().isEmpty());
  }

  private static BaseLayer layerConf(ComputationGraph net, String name) {
    return (BaseLayer) ((LayerVertex) net.getConfiguration().getVertices().get(name)).getLayerConf().getLayer();
  }
}
