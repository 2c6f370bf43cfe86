package io.sparkctr.models.layers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.EmbeddingSequenceLayer;
import org.deeplearning4j.nn.conf.layers.GlobalPoolingLayer;
import org.deeplearning4j.nn.conf.layers.LossLayer;
import org.deeplearning4j.nn.conf.layers.PoolingType;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Sgd;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/** The faster backward pass gives DL4J's own gradients, repeated rows in a batch included. */
class RowSparseEmbeddingLayerTest {
  static final int ROWS = 50;
  static final int VOCAB = 30;   // few rows: many repeats per batch
  static final int FIELDS = 5;

  static ComputationGraph graph(boolean fast, int nOut, boolean bias) {
    EmbeddingSequenceLayer emb = new EmbeddingSequenceLayer.Builder().nIn(VOCAB).nOut(nOut).inputLength(FIELDS)
        .hasBias(bias).build();
    ComputationGraphConfiguration conf = new NeuralNetConfiguration.Builder().seed(3).updater(new Sgd(0.1))
        .dataType(DataType.FLOAT).graphBuilder().addInputs("in")
        .addLayer("emb", fast ? RowSparseEmbeddingLayer.of(emb) : emb, "in")
        .addLayer("sum", new GlobalPoolingLayer.Builder(PoolingType.SUM).collapseDimensions(true).build(), "emb")
        .addLayer("out", new LossLayer.Builder(LossFunctions.LossFunction.MSE).activation(Activation.TANH).build(),
            "sum")
        .setOutputs("out").build();
    ComputationGraph net = new ComputationGraph(ComputationGraphConfiguration.fromJson(conf.toJson()));
    net.init();
    return net;
  }

  @ParameterizedTest
  @ValueSource(ints = {1, 4})
  void gradientsEqualDl4js(int nOut) {
    Random rnd = new Random(nOut);
    INDArray in = Nd4j.create(DataType.FLOAT, ROWS, FIELDS);
    for (int r = 0; r < ROWS; r++) {
      for (int f = 0; f < FIELDS; f++) {
        in.putScalar(r, f, rnd.nextInt(VOCAB));
      }
    }
    INDArray labels = Nd4j.rand(DataType.FLOAT, ROWS, nOut);
    ComputationGraph stock = graph(false, nOut, nOut == 1);
    ComputationGraph fast = graph(true, nOut, nOut == 1);
    assertTrue(fast.getLayer("emb") instanceof RowSparseEmbeddingImpl, "survives the JSON round trip");
    fast.setParams(stock.params());
    stock.setInputs(in);
    stock.setLabels(labels);
    fast.setInputs(in);
    fast.setLabels(labels);
    stock.computeGradientAndScore();
    fast.computeGradientAndScore();
    INDArray expected = stock.gradient().gradient();
    INDArray actual = fast.gradient().gradient();
    double scale = expected.amaxNumber().doubleValue();
    assertTrue(scale > 0, "a gradient to compare");
    // float sums in a different order: equal to float rounding
    assertEquals(0, expected.sub(actual).amaxNumber().doubleValue(), 1e-6 * Math.max(1, scale),
        "max gradient difference (largest gradient " + scale + ")");
  }
}
