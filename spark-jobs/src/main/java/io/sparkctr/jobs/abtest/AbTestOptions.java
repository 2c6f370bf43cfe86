package io.sparkctr.jobs.abtest;

/**
 * How an A/B test is read.
 *
 * @param control the arm the others are compared with
 * @param confidence level of the fixed-horizon intervals; the mSPRT's α is 1 − confidence
 * @param mixingVariance τ² of the mSPRT's normal mixture, on the scale of the relative lift (τ = 0.05: most
 *     powerful for lifts of about 5%)
 * @param srmThreshold p below which the sample ratio is called a mismatch
 */
public record AbTestOptions(String control, double confidence, double mixingVariance, double srmThreshold) {
  public static final double DEFAULT_CONFIDENCE = 0.95;
  /** τ = 0.05 on the relative lift. */
  public static final double DEFAULT_MIXING_VARIANCE = 0.0025;
  public static final double DEFAULT_SRM_THRESHOLD = 0.001;

  /** @throws IllegalArgumentException "Cannot read the A/B test: ..." */
  public AbTestOptions {
    if (control == null || control.isEmpty()) {
      throw new IllegalArgumentException("Cannot read the A/B test: no control arm");
    }
    if (!(confidence > 0 && confidence < 1)) {
      throw new IllegalArgumentException("Cannot read the A/B test: confidence " + confidence + " is not in (0, 1)");
    }
    if (!(mixingVariance > 0 && Double.isFinite(mixingVariance))) {
      throw new IllegalArgumentException("Cannot read the A/B test: mixing variance " + mixingVariance
          + " is not > 0");
    }
    if (!(srmThreshold > 0 && srmThreshold < 1)) {
      throw new IllegalArgumentException("Cannot read the A/B test: SRM threshold " + srmThreshold
          + " is not in (0, 1)");
    }
  }

  public static AbTestOptions defaults(String control) {
    return new AbTestOptions(control, DEFAULT_CONFIDENCE, DEFAULT_MIXING_VARIANCE, DEFAULT_SRM_THRESHOLD);
  }

  /** The mSPRT's α. */
  public double alpha() {
    return 1 - confidence;
  }
}
