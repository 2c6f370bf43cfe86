package io.sparkctr.models.tables;

/**
 * FTRL-Proximal per coordinate, McMahan et al. 2013, Algorithm 1, on the gradient g of the step's
 * summed (per-example) loss, α = lr·scale, β = 1:
 * <pre>
 *   σ = (√(n + g²) − √n) / α;  z ← z + g − σ·w;  n ← n + g²
 *   w = 0 if |z| ≤ λ1, else −(z − sign(z)·λ1) / ((β + √n)/α + λ2)
 * </pre>
 * State: [z(k) | n(k)]; the weights are kept next to them so a lookup reads w directly.
 */
final class FtrlProximal implements RowOptimizer {
  static final double BETA = 1.0;
  private final double alpha;
  private final double l1;
  private final double l2;

  FtrlProximal(double alpha, double l1, double l2) {
    this.alpha = alpha;
    this.l1 = l1;
    this.l2 = l2;
  }

  @Override
  public int stateWidth(int dim) {
    return 2 * dim;
  }

  @Override
  public void update(float[] a, int off, int dim, float[] g, int goff, TableStep step, long t) {
    double al = alpha * step.learningRateScale();
    for (int c = 0; c < dim; c++) {
      double gc = g[goff + c];
      double w = a[off + c];
      double z = a[off + dim + c];
      double n = a[off + 2 * dim + c];
      double n1 = n + gc * gc;
      z += gc - (Math.sqrt(n1) - Math.sqrt(n)) / al * w;
      a[off + dim + c] = (float) z;
      a[off + 2 * dim + c] = (float) n1;
      a[off + c] = (float) weight(z, n1, al);
    }
  }

  private double weight(double z, double n, double al) {
    return Math.abs(z) <= l1 ? 0 : -(z - RowOptimizer.sign(z) * l1) / ((BETA + Math.sqrt(n)) / al + l2);
  }

  /** n = 0 and z chosen so that the proximal step reproduces the loaded weight. */
  @Override
  public void stateFromWeights(float[] a, int off, int dim) {
    for (int c = 0; c < dim; c++) {
      double w = a[off + c];
      a[off + dim + c] = (float) (w == 0 ? 0 : -w * (BETA / alpha + l2) - RowOptimizer.sign(w) * l1);
      a[off + 2 * dim + c] = 0;
    }
  }
}
