package io.sparkctr.features.config;

import java.io.Serializable;

/** Negative downsampling of the training split: keep each negative with probability {@code negativeRate}. */
public record DownsamplingSpec(double negativeRate, int seed) implements Serializable {
  public DownsamplingSpec {
    if (!(negativeRate > 0 && negativeRate <= 1)) {
      throw new IllegalArgumentException("Cannot configure downsampling.negative-rate: " + negativeRate
          + " is outside (0, 1]");
    }
  }
}
