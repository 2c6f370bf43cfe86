package io.sparkctr.models.tables;

/**
 * Regularization of every row of a table at every step, touched or not, applied lazily in closed
 * form. One step at rate r (the table's learning rate times the schedule's scale) maps each weight
 * w to {@code sign(w) · max(0, (1 − r·decay)·|w| − r·shrink)}: decoupled weight decay (AdamW's
 * {@code w ← (1 − lr·λ)·w}) followed by an L1-proximal shrink toward zero. k steps at one rate are
 * {@code sign(w) · max(0, q^k·|w| − r·shrink·(1 − q^k)/(1 − q))} with {@code q = 1 − r·decay}
 * (zero absorbs, so clipping once at the end equals clipping every step). Magnitudes below 1e-30
 * become 0: Java has no flush-to-zero and subnormal arithmetic is slow.
 *
 * <p>Adaptive ({@link TableOptimizer#adaptive()}): r is further multiplied by the row's own rate
 * ({@link RowOptimizer#rowRate}: AdaGrad's 1/√G, Adam's 1/mean √v), constant while the row is not
 * touched, so rows seen rarely are regularized more — what DL4J's L2 through Adam on every row did;
 * r·decay is then capped at 1 (the row becomes 0 in one step).
 */
final class RowRegularization {
  static final double TINY = 1e-30;
  final double decay;
  final double shrink;
  /** The optimizer whose per-row rate scales r, or null (not adaptive). */
  private final RowOptimizer adaptiveTo;

  RowRegularization(double decay, double shrink, RowOptimizer adaptiveTo) {
    this.decay = decay;
    this.shrink = shrink;
    this.adaptiveTo = adaptiveTo;
  }

  /** Null when neither is set (nothing to do, no per-row clock). */
  static RowRegularization of(TableOptimizer o, RowOptimizer optimizer) {
    return o.decay() > 0 || o.shrink() > 0 ? new RowRegularization(o.decay(), o.shrink(),
        o.adaptive() ? optimizer : null) : null;
  }

  /**
   * Applies {@code steps} steps at rate {@code rate} to the weights {@code from[fromOff, +dim)} of a
   * table row (its optimizer state follows them), writing {@code to[toOff, +dim)} (the same array and
   * offset to regularize in place).
   */
  void apply(float[] from, int fromOff, float[] to, int toOff, int dim, long steps, double rate) {
    if (steps <= 0) {
      if (from != to || fromOff != toOff) {
        System.arraycopy(from, fromOff, to, toOff, dim);
      }
      return;
    }
    double r = adaptiveTo == null ? rate : rate * adaptiveTo.rowRate(from, fromOff, dim);
    double x = Math.min(1, r * decay);
    double logQ = x == 1 ? Double.NEGATIVE_INFINITY : Math.log1p(-x) * steps; // log1p/expm1: exact for tiny x
    double qk = decay > 0 ? Math.exp(logQ) : 1;
    double sub = shrink == 0 ? 0 : decay > 0 ? r * shrink * -Math.expm1(logQ) / x : r * shrink * steps;
    for (int c = 0; c < dim; c++) {
      double w = from[fromOff + c];
      double m = qk * Math.abs(w) - sub;
      to[toOff + c] = m < TINY ? 0f : (float) (w < 0 ? -m : m);
    }
  }
}
