package io.sparkctr.models.layers;

import java.util.Collection;
import java.util.Map;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.conf.layers.LayerValidation;
import org.deeplearning4j.optimize.api.TrainingListener;
import org.nd4j.linalg.activations.impl.ActivationIdentity;
import org.nd4j.linalg.activations.impl.ActivationReLU;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.shade.jackson.core.JsonProcessingException;
import org.nd4j.shade.jackson.databind.ObjectMapper;

/**
 * DL4J's {@link DenseLayer} whose backward pass reuses the output of its forward pass instead of computing it
 * again ({@link ReusingDenseImpl}). DL4J 1.0.0-M2.1's dense layer recomputes {@code x·W + b} (a GEMM, a copy and
 * a bias pass) in every backward pass, for the activation's derivative; for ReLU and the identity the derivative
 * follows from the output alone (ReLU's {@code z > 0} is {@code relu(z) > 0}), so the gradients are the same
 * bits without the second GEMM. Other activations, layer norm, weight noise and masks take DL4J's own path.
 *
 * <p>A layer whose output the next layer changes in place must not use it: DL4J lets a layer that is the only
 * consumer of its input apply its input dropout in place, over this layer's output (so {@code CtrGraphBuilder}
 * uses it only where the next layer has no dropout).
 */
public class ReusingDenseLayer extends DenseLayer {
  /** For DL4J's JSON. */
  public ReusingDenseLayer() {}

  /** Whether this activation's derivative follows from the layer's output: ReLU (DL4J's defaults) or the identity. */
  public static boolean reusable(DenseLayer d) {
    return (d.getActivationFn() instanceof ActivationIdentity || new ActivationReLU().equals(d.getActivationFn()))
        && !d.hasLayerNorm() && d.getWeightNoise() == null;
  }

  /**
   * {@code d}'s configuration, every field carried over (through DL4J's JSON), as this class.
   *
   * @throws IllegalArgumentException when {@code d} is not {@link #reusable}
   */
  public static ReusingDenseLayer of(DenseLayer d) {
    if (!reusable(d)) {
      throw new IllegalArgumentException("Cannot reuse the output of dense layer " + d.getLayerName() + ": activation "
          + d.getActivationFn() + (d.hasLayerNorm() ? ", layer norm" : "") + (d.getWeightNoise() != null
          ? ", weight noise" : ""));
    }
    ObjectMapper json = NeuralNetConfiguration.mapper();
    try {
      String from = '"' + DenseLayer.class.getName() + '"';
      String text = json.writeValueAsString(d);
      if (!text.contains(from)) {
        throw new IllegalStateException("Cannot copy dense layer " + d.getLayerName() + ": no " + from + " in " + text);
      }
      return (ReusingDenseLayer) json.readValue(text.replace(from, '"' + ReusingDenseLayer.class.getName() + '"'),
          Layer.class);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("Cannot copy dense layer " + d.getLayerName() + ": " + e.getMessage(), e);
    }
  }

  @Override
  public org.deeplearning4j.nn.api.Layer instantiate(NeuralNetConfiguration conf,
                                                     Collection<TrainingListener> listeners, int index,
                                                     INDArray params, boolean initialize, DataType dataType) {
    LayerValidation.assertNInNOutSet("ReusingDenseLayer", getLayerName(), index, getNIn(), getNOut());
    ReusingDenseImpl layer = new ReusingDenseImpl(conf, dataType);
    layer.setListeners(listeners);
    layer.setIndex(index);
    layer.setParamsViewArray(params);
    Map<String, INDArray> table = initializer().init(conf, params, initialize);
    layer.setParamTable(table);
    layer.setConf(conf);
    return layer;
  }
}
