package io.sparkctr.models.layers;

import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.activations.impl.ActivationSigmoid;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.lossfunctions.ILossFunction;
import org.nd4j.linalg.lossfunctions.LossUtil;
import org.nd4j.linalg.ops.transforms.Transforms;
import org.nd4j.shade.jackson.annotation.JsonCreator;
import org.nd4j.shade.jackson.annotation.JsonProperty;

/**
 * Binary cross-entropy with a weight on the positive class:
 * {@code L = −(w·y·log p + (1 − y)·log(1 − p))} per example, averaged over the batch.
 *
 * <p>DL4J's {@code LossBinaryXENT} weights output columns, not classes, so with a single sigmoid
 * output it cannot weight clicks. Example: w = 4 makes one click count as much as four non-clicks;
 * the minimiser is then p' with odds(p') = 4 · odds(p), which recalibration divides out. With a
 * sigmoid output the gradient is computed in closed form, {@code dL/dz = p·(w·y + 1 − y) − w·y},
 * which stays finite where p saturates; other activations go through {@code dL/dp}.
 */
public final class WeightedBinaryXent implements ILossFunction {
  private static final double CLIP = 1e-7;
  @JsonProperty("positiveWeight")
  private final double positiveWeight;

  @JsonCreator
  public WeightedBinaryXent(@JsonProperty("positiveWeight") double positiveWeight) {
    if (!(positiveWeight > 0 && Double.isFinite(positiveWeight))) {
      throw new IllegalArgumentException("Cannot weight positives by " + positiveWeight + ": must be > 0");
    }
    this.positiveWeight = positiveWeight;
  }

  public double positiveWeight() {
    return positiveWeight;
  }

  @Override
  public INDArray computeScoreArray(INDArray labels, INDArray preOutput, IActivation fn, INDArray mask) {
    INDArray p = Transforms.max(Transforms.min(fn.getActivation(preOutput.dup(), true), 1 - CLIP, false), CLIP, false);
    INDArray negLabels = labels.rsub(1.0);
    INDArray score = Transforms.log(p, true).muli(labels).muli(positiveWeight)
        .addi(Transforms.log(p.rsub(1.0), false).muli(negLabels)).negi();
    if (mask != null) {
      LossUtil.applyMask(score, mask);
    }
    return score.sum(true, 1);
  }

  @Override
  public double computeScore(INDArray labels, INDArray preOutput, IActivation fn, INDArray mask, boolean average) {
    double sum = computeScoreArray(labels, preOutput, fn, mask).sumNumber().doubleValue();
    return average ? sum / labels.size(0) : sum;
  }

  @Override
  public INDArray computeGradient(INDArray labels, INDArray preOutput, IActivation fn, INDArray mask) {
    INDArray p = fn.getActivation(preOutput.dup(), true);
    INDArray wy = labels.mul(positiveWeight);
    INDArray grad;
    if (fn instanceof ActivationSigmoid) {
      grad = wy.add(labels.rsub(1.0)).muli(p).subi(wy);
    } else {
      INDArray c = Transforms.max(Transforms.min(p, 1 - CLIP, true), CLIP, false);
      INDArray dLdp = wy.div(c).negi().addi(labels.rsub(1.0).divi(c.rsub(1.0)));
      grad = fn.backprop(preOutput.dup(), dLdp).getFirst();
    }
    if (mask != null) {
      LossUtil.applyMask(grad, mask);
    }
    return grad;
  }

  @Override
  public Pair<Double, INDArray> computeGradientAndScore(INDArray labels, INDArray preOutput, IActivation fn,
                                                        INDArray mask, boolean average) {
    return new Pair<>(computeScore(labels, preOutput, fn, mask, average), computeGradient(labels, preOutput, fn, mask));
  }

  @Override
  public String name() {
    return "WeightedBinaryXent(" + positiveWeight + ")";
  }

  @Override
  public String toString() {
    return name();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof WeightedBinaryXent w && w.positiveWeight == positiveWeight;
  }

  @Override
  public int hashCode() {
    return Double.hashCode(positiveWeight);
  }
}
