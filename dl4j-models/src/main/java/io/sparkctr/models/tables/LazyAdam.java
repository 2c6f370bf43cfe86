package io.sparkctr.models.tables;

/**
 * Lazy Adam (TF Addons LazyAdamOptimizer): for a touched row, with γ = g/examples + λ2·w + λ1·sign(w),
 * m ← β1·m + (1−β1)·γ, v ← β2·v + (1−β2)·γ², w ← w − lr·√(1−β2^t)/(1−β1^t) · m/(√v + ε), where t is
 * the table's global step; untouched rows keep their moments. State: [m(k) | v(k)].
 */
final class LazyAdam implements RowOptimizer {
  static final double BETA1 = 0.9;
  static final double BETA2 = 0.999;
  static final double EPS = 1e-8;
  private final double lr;
  private final double l1;
  private final double l2;

  LazyAdam(double lr, double l1, double l2) {
    this.lr = lr;
    this.l1 = l1;
    this.l2 = l2;
  }

  @Override
  public int stateWidth(int dim) {
    return 2 * dim;
  }

  /**
   * 1 / (mean over the row of √v + ε), v without bias correction (it would make the rate
   * step-dependent); 1 for a row never stepped (v = 0: initial or loaded weights are kept until the
   * row is first touched).
   */
  @Override
  public double rowRate(float[] a, int off, int dim) {
    double sum = 0;
    for (int c = 0; c < dim; c++) {
      sum += Math.sqrt(a[off + 2 * dim + c]);
    }
    return sum == 0 ? 1 : 1 / (sum / dim + EPS);
  }

  @Override
  public void update(float[] a, int off, int dim, float[] g, int goff, TableStep step, long t) {
    double rate = lr * step.learningRateScale() * Math.sqrt(1 - Math.pow(BETA2, t)) / (1 - Math.pow(BETA1, t));
    double inv = 1.0 / step.examples();
    for (int c = 0; c < dim; c++) {
      double w = a[off + c];
      double gc = g[goff + c] * inv + l2 * w + l1 * RowOptimizer.sign(w);
      double m = BETA1 * a[off + dim + c] + (1 - BETA1) * gc;
      double v = BETA2 * a[off + 2 * dim + c] + (1 - BETA2) * gc * gc;
      a[off + dim + c] = (float) m;
      a[off + 2 * dim + c] = (float) v;
      a[off + c] = (float) (w - rate * m / (Math.sqrt(v) + EPS));
    }
  }
}
