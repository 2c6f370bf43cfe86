package io.sparkctr.models.tables;

/**
 * A sparse optimizer working on one row in place: {@code a[off, off+dim)} are the row's weights,
 * {@code a[off+dim, off+dim+stateWidth(dim))} its optimizer state. Regularization (L1 as a
 * subgradient, L2) is added to the gradient of touched rows only — untouched rows are never read.
 */
interface RowOptimizer {
  /** Floats of optimizer state per row for rows of {@code dim} weights. */
  int stateWidth(int dim);

  /**
   * One step of the row.
   *
   * @param g {@code g[goff, goff+dim)}: gradient of the step's summed loss
   * @param t the table's global step, 1-based (bias correction)
   */
  void update(float[] a, int off, int dim, float[] g, int goff, TableStep step, long t);

  /**
   * Sets the state of a row whose weights were loaded without it (a serving bundle used to warm
   * start) so that the next step continues from those weights; zeros for most optimizers.
   */
  default void stateFromWeights(float[] a, int off, int dim) {
    for (int c = dim; c < dim + stateWidth(dim); c++) {
      a[off + c] = 0;
    }
  }

  /**
   * The row's own step size relative to the learning rate, from its state (which stays as it is
   * while the row is not touched): what the adaptive regularization of every row scales by. 1 for
   * optimizers without per-row adaptation.
   */
  default double rowRate(float[] a, int off, int dim) {
    return 1;
  }

  static double sign(double w) {
    return w > 0 ? 1 : w < 0 ? -1 : 0;
  }
}
