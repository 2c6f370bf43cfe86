package io.sparkctr.models.metrics;

import java.io.Serializable;

/**
 * Bounded-memory, mergeable AUC: positive and negative counts of scores on a fixed grid of
 * {@code bins} equal-width cells in logit space over [−{@value #LOGIT_RANGE}, {@value #LOGIT_RANGE}]
 * (probabilities outside [2.1e-9, 1 − 2.1e-9] fall in the edge cells). Memory is 24 bytes per cell
 * (1.5 MiB at the default {@value #DEFAULT_BINS} cells: two counts and the cell's score while all its
 * scores are equal), whatever the number of rows or distinct scores. Merging adds counts, so it is
 * exact and independent of the merge order.
 *
 * <p><b>Error bound.</b> The cell of a score is non-decreasing in the score, so a positive and a
 * negative in different cells are ordered as their scores are; only a pair in the same cell may be
 * credited ½ where the exact AUC credits 0 or 1 (exact ties are credited ½ by both). Hence
 * |AUC − exact AUC| ≤ {@link #aucErrorBound()} = ½ Σ P<sub>c</sub>·N<sub>c</sub> / (P·N) over the
 * cells whose scores are not all equal (each cell remembers its score while it has one), so data
 * with few distinct scores (ties, all-equal, rounded scores) get the exact AUC and a bound of 0. The
 * bound is computed from the counts and reported with every AUC. For smooth score densities f₊, f₋ in logit
 * space it is about ½·h·∫f₊f₋ with cell width h = 40 / bins: ≈ 1e-4 at the default resolution for a
 * logit spread of 1. Scores packed inside one cell (e.g. all within 1e-9 of each other) are the
 * adversarial case: the AUC is then ½ and the bound says so.
 *
 * <p>The standard error is DeLong's on the binned scores (placement values per cell), so it costs
 * no extra memory. Not thread-safe.
 */
public final class ScoreHistogram implements Serializable {
  public static final double LOGIT_RANGE = 20;
  public static final int DEFAULT_BINS = 1 << 16;
  /** The resolution of the per-day and per-slice histograms (96 KiB each). */
  public static final int SLICE_BINS = 1 << 12;
  public static final int MAX_BINS = 1 << 24;
  private final long[] positives;
  private final long[] negatives;
  /** The one score of a cell while all its scores are equal; NaN once they differ; unused while empty. */
  private final double[] value;

  public ScoreHistogram(int bins) {
    if (bins < 2 || bins > MAX_BINS) {
      throw new IllegalArgumentException("Cannot make a score histogram: " + bins + " bins is not in [2, " + MAX_BINS
          + "]");
    }
    positives = new long[bins];
    negatives = new long[bins];
    value = new double[bins];
  }

  public int bins() {
    return positives.length;
  }

  /** The cell of probability {@code p}: non-decreasing in p. */
  public int bin(double p) {
    if (!(p >= 0 && p <= 1)) {
      throw new IllegalArgumentException("Cannot bin score " + p + ": not a probability");
    }
    double x = p == 0 ? -LOGIT_RANGE : p == 1 ? LOGIT_RANGE : Math.log(p) - Math.log1p(-p);
    double u = (Math.max(-LOGIT_RANGE, Math.min(LOGIT_RANGE, x)) + LOGIT_RANGE) / (2 * LOGIT_RANGE);
    return Math.min(positives.length - 1, (int) (u * positives.length));
  }

  /** The probability at the lower edge of cell {@code b} (0 for the first). */
  public double lowerEdge(int b) {
    return b == 0 ? 0 : sigmoid(-LOGIT_RANGE + 2 * LOGIT_RANGE * b / positives.length);
  }

  /** The probability at the logit midpoint of cell {@code b}. */
  public double center(int b) {
    return sigmoid(-LOGIT_RANGE + 2 * LOGIT_RANGE * (b + 0.5) / positives.length);
  }

  static double sigmoid(double x) {
    return 1 / (1 + Math.exp(-x));
  }

  public void add(double p, int label) {
    add(p, label, 1);
  }

  /** Adds {@code weight} rows of score {@code p} and the label (a bootstrap weight, or 1). */
  public void add(double p, int label, long weight) {
    int b = bin(p);
    note(b, p);
    addToBin(b, label, weight);
  }

  private void note(int b, double p) {
    if (positives[b] == 0 && negatives[b] == 0) {
      value[b] = p;
    } else if (value[b] != p) {
      value[b] = Double.NaN;
    }
  }

  /** Adds {@code weight} rows of the label to cell {@code b} (the cell computed once for many histograms). */
  void addToBin(int b, int label, long weight) {
    if (label == 1) {
      positives[b] += weight;
    } else {
      negatives[b] += weight;
    }
  }

  public ScoreHistogram merge(ScoreHistogram o) {
    if (o.positives.length != positives.length) {
      throw new IllegalArgumentException("Cannot merge score histograms of " + positives.length + " and "
          + o.positives.length + " bins");
    }
    for (int i = 0; i < positives.length; i++) {
      if (o.positives[i] + o.negatives[i] > 0) {
        note(i, o.value[i]);
      }
      positives[i] += o.positives[i];
      negatives[i] += o.negatives[i];
    }
    return this;
  }

  public long positives(int b) {
    return positives[b];
  }

  public long negatives(int b) {
    return negatives[b];
  }

  public long positives() {
    long s = 0;
    for (long v : positives) {
      s += v;
    }
    return s;
  }

  public long negatives() {
    long s = 0;
    for (long v : negatives) {
      s += v;
    }
    return s;
  }

  /** AUC with same-cell pairs credited ½; NaN when either class is absent. */
  public double auc() {
    double area = 0;
    long negBelow = 0;
    long pos = 0;
    for (int i = 0; i < positives.length; i++) {
      area += positives[i] * (negBelow + negatives[i] / 2.0);
      negBelow += negatives[i];
      pos += positives[i];
    }
    return pos == 0 || negBelow == 0 ? Double.NaN : area / ((double) pos * negBelow);
  }

  /** The largest possible |{@link #auc()} − exact AUC| given these counts (see the class comment). */
  public double aucErrorBound() {
    double same = 0;
    for (int i = 0; i < positives.length; i++) {
      if (Double.isNaN(value[i])) {
        same += (double) positives[i] * negatives[i];
      }
    }
    double pairs = (double) positives() * negatives();
    return pairs == 0 ? Double.NaN : 0.5 * same / pairs;
  }

  /**
   * DeLong's standard error of {@link #auc()}: Var = S₁₀/P + S₀₁/N, with the placement value of a
   * positive in cell c = (negatives below c + ½ N_c) / N and of a negative (positives above c + ½ P_c) / P.
   * NaN with fewer than two of either class.
   */
  public double aucStandardError() {
    long pos = positives();
    long neg = negatives();
    if (pos < 2 || neg < 2) {
      return Double.NaN;
    }
    double auc = auc();
    double s10 = 0;
    long negBelow = 0;
    for (int i = 0; i < positives.length; i++) {
      if (positives[i] > 0) {
        double v = (negBelow + negatives[i] / 2.0) / neg - auc;
        s10 += positives[i] * v * v;
      }
      negBelow += negatives[i];
    }
    double s01 = 0;
    long posAbove = 0;
    for (int i = positives.length - 1; i >= 0; i--) {
      if (negatives[i] > 0) {
        double v = (posAbove + positives[i] / 2.0) / pos - auc;
        s01 += negatives[i] * v * v;
      }
      posAbove += positives[i];
    }
    return Math.sqrt(s10 / (pos - 1) / pos + s01 / (neg - 1) / neg);
  }
}
