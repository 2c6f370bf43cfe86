package io.sparkctr.models.graph;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparkctr.models.RestoreNd4jDefaults;
import io.sparkctr.models.layers.TableBinding;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * {@link L2Mode} in training: one Adam step on the same minibatch from the same weights, with the
 * dense part's L2 and without. Decoupled: every regularized weight ends exactly r × l2 × w0 lower
 * (r the updater's rate at that step, after a schedule's cut too) and nothing else differs, biases
 * included — AdamW's step. Coupled: the L2 goes through Adam's normalisation, so the difference is not that.
 */
@ExtendWith(RestoreNd4jDefaults.class)
class L2ModeTest {
  static final double L2 = 0.1;
  /** The regularized weights of a DCN-v2 (parallel: the cross output too) with dense values: deep, wide and cross. */
  static final List<String> WEIGHTS = List.of("mlp-0_W", "deep_W", "dense-linear_W", "cross-0-w_W", "cross-out_W");
  static final List<String> UNREGULARIZED = List.of("mlp-0_b", "deep_b", "cross-0-w_b", "linear_W", "linear_b");

  static ModelSpec spec(double l2, L2Mode mode) {
    return CtrGraphGradientTest.spec(ModelType.DCN_V2).toBuilder().optimizer("adam").learningRate(0.01)
        .deepL2(l2).wideL2(l2).cross(new CrossNetwork(1, 0, CrossStructure.PARALLEL, l2)).l2Mode(mode).build();
  }

  /** The dense parameters before (key "0:" + name) and after one step at rate {@code rate} of {@code spec}'s graph. */
  static Map<String, INDArray> oneStep(ModelSpec spec, double rate) {
    Nd4j.setDefaultDataTypes(DataType.DOUBLE, DataType.DOUBLE);
    ComputationGraph net = CtrGraphBuilder.build(spec, DataType.DOUBLE);
    CtrGraphGradientTest.randomizeRows(TableBinding.tablesOf(net));
    Map<String, INDArray> out = new LinkedHashMap<>();
    for (Map.Entry<String, INDArray> p : net.paramTable().entrySet()) {
      p.getValue().assign(Nd4j.randn(new Random(p.getKey().hashCode()).nextLong(), p.getValue().shape())
          .castTo(DataType.DOUBLE).muli(0.5));
      out.put("0:" + p.getKey(), p.getValue().dup());
    }
    net.setLearningRate(rate);
    INDArray labels = Nd4j.create(new double[][] {{1}, {0}, {1}, {0}, {0}, {1}});
    net.fit(new INDArray[] {CtrGraphGradientTest.input(6, 3)}, new INDArray[] {labels});
    net.paramTable().forEach((name, p) -> out.put(name, p.dup()));
    return out;
  }

  @ParameterizedTest
  @CsvSource({"0.01", "0.001"})
  void decoupledShrinksEachWeightByRateTimesL2AfterTheUpdater(double rate) {
    Map<String, INDArray> plain = oneStep(spec(0, L2Mode.DECOUPLED), rate);
    Map<String, INDArray> decayed = oneStep(spec(L2, L2Mode.DECOUPLED), rate);
    for (String w : WEIGHTS) {
      INDArray expected = plain.get(w).sub(decayed.get("0:" + w).mul(rate * L2));
      assertTrue(expected.equalsWithEps(decayed.get(w), 1e-12), w + ": " + expected + " vs " + decayed.get(w));
      assertFalse(plain.get(w).equalsWithEps(decayed.get(w), 1e-6), w + " is regularized");
    }
    for (String b : UNREGULARIZED) {
      assertEquals(plain.get(b), decayed.get(b), b + " is not regularized");
    }
  }

  @Test
  void coupledGoesThroughAdamsNormalisation() {
    Map<String, INDArray> plain = oneStep(spec(0, L2Mode.COUPLED), 0.01);
    Map<String, INDArray> coupled = oneStep(spec(L2, L2Mode.COUPLED), 0.01);
    for (String w : WEIGHTS) {
      INDArray decoupled = plain.get(w).sub(coupled.get("0:" + w).mul(0.01 * L2));
      assertFalse(decoupled.equalsWithEps(coupled.get(w), 1e-6), w + ": coupled L2 is not AdamW's step");
      assertFalse(plain.get(w).equalsWithEps(coupled.get(w), 1e-9), w + " is regularized");
    }
  }
}
