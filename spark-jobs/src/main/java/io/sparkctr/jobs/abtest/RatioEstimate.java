package io.sparkctr.jobs.abtest;

/**
 * A ratio metric Y / X over the units of an arm (CTR: clicks over impressions) with its variance by the delta
 * method on per-unit sums: with N units, means x̄, ȳ and sample (co)variances s,
 * <pre>  Var(ȳ / x̄) ≈ (s_yy − 2 R s_xy + R² s_xx) / (N x̄²),  R = ȳ / x̄  </pre>
 * (Deng, Knoblich and Lu, "Applying the Delta Method in Metric Analytics", KDD 2018). The units, being randomized,
 * are the independent draws; a per-impression variance ignores that a unit's impressions are correlated. NaN when
 * undefined (fewer than 2 units, or no impressions).
 *
 * @param mean the ratio Σy / Σx
 * @param variance its variance
 */
public record RatioEstimate(double mean, double variance) {
  /** From N units and the sums Σx, Σy, Σx², Σy², Σxy of their totals. */
  public static RatioEstimate of(long units, double x, double y, double xx, double yy, double xy) {
    if (units < 2 || x <= 0) {
      return new RatioEstimate(x > 0 ? y / x : Double.NaN, Double.NaN);
    }
    double k = units;
    double mx = x / k;
    double my = y / k;
    double sxx = (xx - k * mx * mx) / (k - 1);
    double syy = (yy - k * my * my) / (k - 1);
    double sxy = (xy - k * mx * my) / (k - 1);
    double r = my / mx;
    double var = (syy - 2 * r * sxy + r * r * sxx) / (k * mx * mx);
    return new RatioEstimate(r, Math.max(0, var));
  }

  /**
   * The relative lift {@code this / control − 1} and its variance by the delta method, the two arms independent:
   * Var ≈ (R_t / R_c)² (Var R_t / R_t² + Var R_c / R_c²).
   */
  public RatioEstimate liftOver(RatioEstimate control) {
    double ratio = mean / control.mean;
    double var = ratio * ratio * (variance / (mean * mean) + control.variance / (control.mean * control.mean));
    return new RatioEstimate(ratio - 1, var);
  }
}
