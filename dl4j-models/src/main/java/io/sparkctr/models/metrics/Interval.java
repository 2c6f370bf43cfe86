package io.sparkctr.models.metrics;

import org.apache.commons.math3.distribution.NormalDistribution;

/**
 * A two-sided confidence interval [lower, upper] at {@code level} (e.g. 0.95), from a point
 * estimate and its standard error under the normal approximation.
 */
public record Interval(double lower, double upper, double level) {
  private static final NormalDistribution NORMAL = new NormalDistribution(null, 0, 1);

  public Interval {
    if (!(level > 0 && level < 1)) {
      throw new IllegalArgumentException("Cannot make an interval: level " + level + " is not in (0, 1)");
    }
  }

  /** The two-sided normal quantile of {@code level}: 1.95996 for 0.95. */
  public static double z(double level) {
    return NORMAL.inverseCumulativeProbability(0.5 + level / 2);
  }

  /** estimate ± z·se clipped to [min, max]; null when either is not finite. */
  public static Interval normal(double estimate, double se, double level, double min, double max) {
    if (!Double.isFinite(estimate) || !Double.isFinite(se)) {
      return null;
    }
    double h = z(level) * se;
    return new Interval(Math.max(min, estimate - h), Math.min(max, estimate + h), level);
  }

  public boolean contains(double v) {
    return v >= lower && v <= upper;
  }
}
