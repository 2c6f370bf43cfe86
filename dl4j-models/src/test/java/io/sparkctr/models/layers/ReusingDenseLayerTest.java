package io.sparkctr.models.layers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.lossfunctions.LossFunctions;

class ReusingDenseLayerTest {
  private static DenseLayer dense(int nIn, int nOut, Activation a) {
    return new DenseLayer.Builder().nIn(nIn).nOut(nOut).activation(a).l2(1e-4).build();
  }

  private static ComputationGraph net(boolean reuse) {
    DenseLayer h0 = dense(12, 16, Activation.RELU);
    DenseLayer h1 = dense(16, 8, Activation.RELU);
    DenseLayer lin = dense(8, 4, Activation.IDENTITY);
    ComputationGraphConfiguration conf = new NeuralNetConfiguration.Builder().seed(7).dataType(DataType.FLOAT)
        .updater(new Adam(1e-2)).graphBuilder().addInputs("in")
        .addLayer("h0", reuse ? ReusingDenseLayer.of(h0) : h0, "in")
        .addLayer("h1", reuse ? ReusingDenseLayer.of(h1) : h1, "h0")
        .addLayer("lin", reuse ? ReusingDenseLayer.of(lin) : lin, "h1")
        .addLayer("out", new OutputLayer.Builder(LossFunctions.LossFunction.XENT).nIn(4).nOut(1)
            .activation(Activation.SIGMOID).build(), "lin")
        .setOutputs("out").build();
    ComputationGraph g = new ComputationGraph(conf);
    g.init();
    return g;
  }

  @Test
  void trainsToTheSameBitsAsDl4jsDenseLayer() {
    ComputationGraph plain = net(false);
    ComputationGraph reusing = net(true);
    assertTrue(reusing.getLayer("h0") instanceof ReusingDenseImpl);
    assertArrayEquals(plain.params().toFloatVector(), reusing.params().toFloatVector());
    Nd4j.getRandom().setSeed(3);
    for (int step = 0; step < 5; step++) {
      INDArray x = Nd4j.randn(DataType.FLOAT, 32, 12);
      INDArray y = Nd4j.rand(DataType.FLOAT, 32, 1).gt(0.5).castTo(DataType.FLOAT);
      plain.fit(new INDArray[] {x}, new INDArray[] {y});
      reusing.fit(new INDArray[] {x}, new INDArray[] {y});
    }
    assertArrayEquals(plain.params().toFloatVector(), reusing.params().toFloatVector());
    for (String l : new String[] {"h0", "h1", "lin"}) {
      assertEquals(5, ((ReusingDenseImpl) reusing.getLayer(l)).reused, l);
    }
    INDArray x = Nd4j.randn(DataType.FLOAT, 4, 12);
    assertArrayEquals(plain.outputSingle(x).toFloatVector(), reusing.outputSingle(x).toFloatVector());
  }

  @Test
  void survivesDl4jsJson() {
    ComputationGraph g = net(true);
    ComputationGraphConfiguration back = ComputationGraphConfiguration.fromJson(g.getConfiguration().toJson());
    ComputationGraph copy = new ComputationGraph(back);
    copy.init(g.params().dup(), false);
    assertTrue(copy.getLayer("h1") instanceof ReusingDenseImpl);
    assertEquals(g.getConfiguration().toJson(), back.toJson());
  }

  @Test
  void onlyForActivationsWhoseDerivativeFollowsFromTheOutput() {
    assertTrue(ReusingDenseLayer.reusable(dense(3, 2, Activation.RELU)));
    assertTrue(ReusingDenseLayer.reusable(dense(3, 2, Activation.IDENTITY)));
    assertFalse(ReusingDenseLayer.reusable(dense(3, 2, Activation.SIGMOID)));
    assertThrows(IllegalArgumentException.class, () -> ReusingDenseLayer.of(dense(3, 2, Activation.TANH)));
  }
}
