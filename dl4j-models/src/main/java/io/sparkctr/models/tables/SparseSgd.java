package io.sparkctr.models.tables;

/** Plain SGD on touched rows: w ← w − lr·(g/examples + λ2·w + λ1·sign(w)). No state. */
final class SparseSgd implements RowOptimizer {
  private final double lr;
  private final double l1;
  private final double l2;

  SparseSgd(double lr, double l1, double l2) {
    this.lr = lr;
    this.l1 = l1;
    this.l2 = l2;
  }

  @Override
  public int stateWidth(int dim) {
    return 0;
  }

  @Override
  public void update(float[] a, int off, int dim, float[] g, int goff, TableStep step, long t) {
    double rate = lr * step.learningRateScale();
    double inv = 1.0 / step.examples();
    for (int c = 0; c < dim; c++) {
      double w = a[off + c];
      a[off + c] = (float) (w - rate * (g[goff + c] * inv + l2 * w + l1 * RowOptimizer.sign(w)));
    }
  }
}
