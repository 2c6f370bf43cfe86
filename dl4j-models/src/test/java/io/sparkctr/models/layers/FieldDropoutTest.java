package io.sparkctr.models.layers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/**
 * Field dropout drops a field's whole vector (its k values at stride {@code fields} in the flattened
 * [k, fields] block), never a dense value as a field, keeps the expected input, passes the gradient
 * through the same mask, and survives DL4J's configuration JSON.
 */
class FieldDropoutTest {
  /** Two groups: k = 3 over 4 fields, k = 2 over 2 fields; then 2 dense values. Width 12 + 4 + 2 = 18. */
  static final FieldDropout DROP = new FieldDropout(0.3, 0, new int[] {3, 2}, new int[] {4, 2}, 2);

  @Test
  void aFieldIsDroppedWholeAndTheRestScaled() {
    int rows = 20_000;
    float[] m = DROP.masks(rows, DROP.width(), new SplittableRandom(1));
    float keep = (float) (1 / 0.7);
    long dropped = 0;
    double sum = 0;
    for (int r = 0; r < rows; r++) {
      int base = r * 18;
      for (int f = 0; f < 4; f++) {
        float v = m[base + f];
        assertTrue(v == 0 || v == keep, "a value is dropped or scaled: " + v);
        for (int c = 1; c < 3; c++) {
          assertEquals(v, m[base + c * 4 + f], "field " + f + " of group 0 is one decision");
        }
        dropped += v == 0 ? 1 : 0;
        sum += v;
      }
      for (int f = 0; f < 2; f++) {
        assertEquals(m[base + 12 + f], m[base + 12 + 2 + f], "field " + f + " of group 1 is one decision");
      }
      assertEquals(1f, m[base + 16]);
      assertEquals(1f, m[base + 17], "dense values are never dropped as a field");
    }
    double rate = dropped / (4.0 * rows);
    assertEquals(0.3, rate, 4 * Math.sqrt(0.3 * 0.7 / (4.0 * rows)), "drop rate");
    assertEquals(1.0, sum / (4.0 * rows), 0.02, "expected scale 1");
  }

  @Test
  void elementDropoutAlsoReachesDenseValues() {
    FieldDropout both = new FieldDropout(0, 0.5, new int[] {2}, new int[] {3}, 4);
    float[] m = both.masks(5_000, both.width(), new SplittableRandom(2));
    long denseDropped = 0;
    for (int r = 0; r < 5_000; r++) {
      for (int j = 6; j < 10; j++) {
        float v = m[r * 10 + j];
        assertTrue(v == 0 || v == 2f, "dropped or scaled by 2: " + v);
        denseDropped += v == 0 ? 1 : 0;
      }
    }
    assertEquals(0.5, denseDropped / 20_000.0, 0.02);
  }

  @Test
  void theGradientTakesTheForwardPassMask() {
    INDArray in = Nd4j.rand(DataType.FLOAT, 64, 18).addi(0.5);
    INDArray out = Nd4j.create(DataType.FLOAT, 64, 18);
    FieldDropout d = DROP.clone();
    d.applyDropout(in, out, 0, 0, LayerWorkspaceMgr.noWorkspaces());
    INDArray mask = out.div(in);
    INDArray grad = Nd4j.rand(DataType.FLOAT, 64, 18);
    INDArray gradIn = Nd4j.create(DataType.FLOAT, 64, 18);
    d.backprop(grad, gradIn, 0, 0);
    assertArrayEquals(grad.mul(mask).data().asFloat(), gradIn.data().asFloat(), 1e-5f);
    assertTrue(mask.eq(0).castTo(DataType.INT32).sumNumber().intValue() > 0, "some fields were dropped");
  }

  @Test
  void survivesTheGraphConfigurationsJson() {
    ComputationGraphConfiguration conf = new NeuralNetConfiguration.Builder().graphBuilder().addInputs("in")
        .addLayer("mlp", new DenseLayer.Builder().nIn(18).nOut(4).activation(Activation.RELU).dropOut(DROP).build(),
            "in")
        .addLayer("out", new OutputLayer.Builder(LossFunctions.LossFunction.XENT).nIn(4).nOut(1)
            .activation(Activation.SIGMOID).build(), "mlp")
        .setOutputs("out").build();
    ComputationGraphConfiguration read = ComputationGraphConfiguration.fromJson(conf.toJson());
    assertEquals(conf, read);
    DenseLayer mlp = (DenseLayer) ((org.deeplearning4j.nn.conf.graph.LayerVertex) read.getVertices().get("mlp"))
        .getLayerConf().getLayer();
    assertEquals(DROP, mlp.getIDropout());
  }
}
