package io.sparkctr.models.tables;

/**
 * Exact row-wise AdaGrad (FBGEMM EXACT_ROWWISE_ADAGRAD): for a touched row, with
 * γ = g/examples + λ2·w + λ1·sign(w), G ← G + mean_c γ_c², w ← w − lr·γ/(√G + ε). State: [G].
 */
final class RowWiseAdaGrad implements RowOptimizer {
  static final double EPS = 1e-8;
  private final double lr;
  private final double l1;
  private final double l2;

  RowWiseAdaGrad(double lr, double l1, double l2) {
    this.lr = lr;
    this.l1 = l1;
    this.l2 = l2;
  }

  @Override
  public int stateWidth(int dim) {
    return 1;
  }

  @Override
  public void update(float[] a, int off, int dim, float[] g, int goff, TableStep step, long t) {
    double inv = 1.0 / step.examples();
    boolean plain = l1 == 0 && l2 == 0; // the common case: the gradient is the loss's alone
    double squares = 0;
    for (int c = 0; c < dim; c++) {
      double gc = plain ? g[goff + c] * inv : gradient(a[off + c], g[goff + c], inv);
      squares += gc * gc;
    }
    double acc = a[off + dim] + squares / dim;
    a[off + dim] = (float) acc;
    double rate = lr * step.learningRateScale() / (Math.sqrt(acc) + EPS);
    for (int c = 0; c < dim; c++) {
      double w = a[off + c];
      double gc = plain ? g[goff + c] * inv : gradient(w, g[goff + c], inv);
      a[off + c] = (float) (w - rate * gc);
    }
  }

  /**
   * 1 / (√G + ε): large for rows seen rarely, small for rows seen often; 1 for a row never stepped
   * (G = 0: initial or loaded weights are kept until the row is first touched).
   */
  @Override
  public double rowRate(float[] a, int off, int dim) {
    float g = a[off + dim];
    return g == 0 ? 1 : 1 / (Math.sqrt(g) + EPS);
  }

  private double gradient(double w, double g, double inv) {
    return g * inv + l2 * w + l1 * RowOptimizer.sign(w);
  }
}
