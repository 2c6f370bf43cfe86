package io.sparkctr.models.layers;

import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.gradient.DefaultGradient;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.layers.feedforward.dense.DenseLayer;
import org.deeplearning4j.nn.params.DefaultParamInitializer;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The layer of {@link ReusingDenseLayer}: keeps the array its last training forward pass returned (it lives
 * in DL4J's activations workspace, open until the backward pass ends) and, when the backward pass comes for
 * the same input, takes the activation's derivative at that output instead of recomputing {@code x·W + b}.
 * The rest is DL4J 1.0.0-M2.1's {@code BaseLayer.backpropGradient} step for step (bias gradient, the input's
 * gradient {@code W·δᵀ}, the weights' gradient {@code xᵀ·δ}, in that order), so the gradients are the same bits.
 */
final class ReusingDenseImpl extends DenseLayer {
  /** The last training forward pass's output, and the input it was computed from; null when none. */
  private INDArray output;
  private INDArray outputOf;
  /** Backward passes that reused the forward output (tests read it). */
  int reused;

  ReusingDenseImpl(NeuralNetConfiguration conf, DataType dataType) {
    super(conf, dataType);
  }

  @Override
  public INDArray activate(boolean training, LayerWorkspaceMgr mgr) {
    INDArray out = super.activate(training, mgr);
    boolean keep = training && maskArray == null;
    output = keep ? out : null;
    outputOf = keep ? input : null; // after the input's dropout, which the backward pass reads as it is
    return out;
  }

  @Override
  public Pair<Gradient, INDArray> backpropGradient(INDArray epsilon, LayerWorkspaceMgr mgr) {
    INDArray z = output;
    boolean reuse = z != null && outputOf == input && maskArray == null;
    output = null;
    outputOf = null;
    if (!reuse) {
      return super.backpropGradient(epsilon, mgr);
    }
    assertInputSet(true);
    reused++;
    INDArray delta = layerConf().getActivationFn().backprop(z, epsilon).getFirst();
    Gradient ret = new DefaultGradient();
    if (hasBias()) {
      INDArray biasGrad = gradientViews.get(DefaultParamInitializer.BIAS_KEY);
      delta.sum(biasGrad, 0);
      ret.gradientForVariable().put(DefaultParamInitializer.BIAS_KEY, biasGrad);
    }
    INDArray w = getParamWithNoise(DefaultParamInitializer.WEIGHT_KEY, true, mgr);
    INDArray epsilonNext = mgr.createUninitialized(ArrayType.ACTIVATION_GRAD, delta.dataType(),
        new long[] {w.size(0), delta.size(0)}, 'f');
    epsilonNext = w.mmuli(delta.transpose(), epsilonNext).transpose();
    INDArray weightGrad = gradientViews.get(DefaultParamInitializer.WEIGHT_KEY);
    Nd4j.gemm(input.castTo(weightGrad.dataType()), delta, weightGrad, true, false, 1.0, 0.0);
    ret.gradientForVariable().put(DefaultParamInitializer.WEIGHT_KEY, weightGrad);
    weightNoiseParams.clear();
    epsilonNext = backpropDropOutIfPresent(epsilonNext);
    return new Pair<>(ret, epsilonNext);
  }

  @Override
  public void clear() {
    super.clear();
    output = null;
    outputOf = null;
  }
}
