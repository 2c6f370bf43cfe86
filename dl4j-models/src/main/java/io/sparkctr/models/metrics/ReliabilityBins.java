package io.sparkctr.models.metrics;

import java.io.Serializable;

/**
 * Calibration by prediction bins: {@code bins} equal-width bins over [0, 1]; each keeps its count,
 * sum of predictions and positives, so a reliability diagram plots mean prediction against the
 * observed click rate per bin. Mergeable.
 */
public final class ReliabilityBins implements Serializable {
  private final long[] count;
  private final double[] sumPrediction;
  private final long[] positives;

  public ReliabilityBins(int bins) {
    if (bins < 1) {
      throw new IllegalArgumentException("Cannot make reliability bins: " + bins + " < 1");
    }
    count = new long[bins];
    sumPrediction = new double[bins];
    positives = new long[bins];
  }

  public void add(double p, int label) {
    int b = Math.min(count.length - 1, (int) (p * count.length));
    count[b]++;
    sumPrediction[b] += p;
    positives[b] += label;
  }

  public ReliabilityBins merge(ReliabilityBins o) {
    if (o.count.length != count.length) {
      throw new IllegalArgumentException("Cannot merge reliability bins: " + count.length + " vs " + o.count.length);
    }
    for (int i = 0; i < count.length; i++) {
      count[i] += o.count[i];
      sumPrediction[i] += o.sumPrediction[i];
      positives[i] += o.positives[i];
    }
    return this;
  }

  /** One bin of the diagram; mean prediction and observed rate are NaN for an empty bin. */
  public record Bin(double lower, double upper, long count, double meanPrediction, double observedRate) {}

  public Bin[] bins() {
    Bin[] out = new Bin[count.length];
    for (int i = 0; i < out.length; i++) {
      out[i] = new Bin((double) i / out.length, (double) (i + 1) / out.length, count[i],
          count[i] == 0 ? Double.NaN : sumPrediction[i] / count[i],
          count[i] == 0 ? Double.NaN : (double) positives[i] / count[i]);
    }
    return out;
  }
}
