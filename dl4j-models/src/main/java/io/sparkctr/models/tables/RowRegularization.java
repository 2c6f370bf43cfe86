package io.sparkctr.models.tables;

/**
 * Regularization of every row of a table at every step, touched or not, applied lazily in closed
 * form. One step at rate r (the table's learning rate times the schedule's scale) maps each weight
 * w to {@code sign(w) · max(0, (1 − r·decay)·|w| − r·shrink)}: decoupled weight decay (AdamW's
 * {@code w ← (1 − lr·λ)·w}) followed by an L1-proximal shrink toward zero. k steps at one rate are
 * {@code sign(w) · max(0, q^k·|w| − r·shrink·(1 − q^k)/(1 − q))} with {@code q = 1 − r·decay}
 * (zero absorbs, so clipping once at the end equals clipping every step). Magnitudes below 1e-30
 * become 0: Java has no flush-to-zero and subnormal arithmetic is slow.
 */
final class RowRegularization {
  static final double TINY = 1e-30;
  final double decay;
  final double shrink;

  RowRegularization(double decay, double shrink) {
    this.decay = decay;
    this.shrink = shrink;
  }

  /** Null when neither is set (nothing to do, no per-row clock). */
  static RowRegularization of(TableOptimizer o) {
    return o.decay() > 0 || o.shrink() > 0 ? new RowRegularization(o.decay(), o.shrink()) : null;
  }

  /**
   * Applies {@code steps} steps at rate {@code rate} to {@code from[fromOff, +dim)}, writing
   * {@code to[toOff, +dim)} (the same array and offset to regularize in place).
   */
  void apply(float[] from, int fromOff, float[] to, int toOff, int dim, long steps, double rate) {
    if (steps <= 0) {
      if (from != to || fromOff != toOff) {
        System.arraycopy(from, fromOff, to, toOff, dim);
      }
      return;
    }
    double qk = decay > 0 ? Math.pow(1 - rate * decay, steps) : 1;
    double sub = shrink == 0 ? 0 : decay > 0 ? shrink * (1 - qk) / decay : rate * shrink * steps;
    for (int c = 0; c < dim; c++) {
      double w = from[fromOff + c];
      double m = qk * Math.abs(w) - sub;
      to[toOff + c] = m < TINY ? 0f : (float) (w < 0 ? -m : m);
    }
  }
}
