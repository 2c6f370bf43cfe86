package io.sparkctr.jobs.abtest;

/**
 * The mixture sequential probability ratio test with a normal mixture (Johari, Pekelis and Walsh, "Always Valid
 * Inference", 2017/2022): for an estimate θ̂ with variance V of an effect θ, against θ = θ0, mixing θ over
 * N(θ0, τ²),
 * <pre>
 *   Λ = sqrt(V / (V + τ²)) · exp(τ² (θ̂ − θ0)² / (2 V (V + τ²)))
 *   always-valid p = min over the looks so far of min(1, 1 / Λ)
 *   confidence sequence: θ0 with Λ(θ0) &lt; 1/α, i.e. |θ̂ − θ0| ≤ sqrt(V (V + τ²) / τ² · (2 ln(1/α) + ln((V + τ²) / V)))
 * </pre>
 * intersected over the looks. Reading either after every day keeps the error rate at α, however often one looks
 * (the normal approximation of θ̂ aside). τ² is the mixing variance: the test is most powerful for effects of
 * about τ; stated in every report.
 */
public final class Msprt {
  private final double tau2;
  private final double alpha;
  private double p = 1;
  private double lower = Double.NEGATIVE_INFINITY;
  private double upper = Double.POSITIVE_INFINITY;

  /** @throws IllegalArgumentException "Cannot run the mSPRT: ..." for τ² ≤ 0 or α outside (0, 1) */
  public Msprt(double mixingVariance, double alpha) {
    if (!(mixingVariance > 0 && Double.isFinite(mixingVariance))) {
      throw new IllegalArgumentException("Cannot run the mSPRT: mixing variance " + mixingVariance + " is not > 0");
    }
    if (!(alpha > 0 && alpha < 1)) {
      throw new IllegalArgumentException("Cannot run the mSPRT: alpha " + alpha + " is not in (0, 1)");
    }
    this.tau2 = mixingVariance;
    this.alpha = alpha;
  }

  /** The mixture likelihood ratio of {@code estimate} (variance {@code v}) against {@code null0}. */
  public double likelihoodRatio(double estimate, double v, double null0) {
    double d = estimate - null0;
    return Math.sqrt(v / (v + tau2)) * Math.exp(tau2 * d * d / (2 * v * (v + tau2)));
  }

  /** The half width of this look's confidence set around the estimate. */
  public double halfWidth(double v) {
    return Math.sqrt(v * (v + tau2) / tau2 * (2 * Math.log(1 / alpha) + Math.log((v + tau2) / v)));
  }

  /** Takes one look at the data so far (an undefined estimate or variance is skipped); returns this. */
  public Msprt look(double estimate, double v) {
    if (!Double.isFinite(estimate) || !(v > 0) || !Double.isFinite(v)) {
      return this;
    }
    p = Math.min(p, Math.min(1, 1 / likelihoodRatio(estimate, v, 0)));
    double h = halfWidth(v);
    lower = Math.max(lower, estimate - h);
    upper = Math.min(upper, estimate + h);
    return this;
  }

  /** The always-valid p-value of "no effect" after the looks so far. */
  public double pValue() {
    return p;
  }

  /** The confidence sequence's lower end so far (−∞ before the first defined look). */
  public double lower() {
    return lower;
  }

  public double upper() {
    return upper;
  }
}
