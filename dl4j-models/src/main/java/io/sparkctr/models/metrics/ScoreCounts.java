package io.sparkctr.models.metrics;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Positive and negative counts per distinct score: enough to compute the exact, tie-aware AUC,
 * and mergeable, so partitions can each build one and a driver can combine them.
 *
 * <p>AUC = P(score of a random positive &gt; score of a random negative) + ½·P(equal). Example:
 * scores 0.1 (neg), 0.4 (pos), 0.4 (neg), 0.8 (pos) give (1 + ½ + 2) / (2·2) = 0.875.
 *
 * <p>Memory is 24 bytes per distinct score (scores are kept exactly): used for the exact per-group
 * AUC of GAUC, where groups are small. Not thread-safe.
 */
public final class ScoreCounts implements Serializable {
  private double[] scores = new double[4];
  private long[] positives = new long[4];
  private long[] negatives = new long[4];
  private int size;
  private int sortedPrefix;

  public void add(double score, int label) {
    if (Double.isNaN(score)) {
      throw new IllegalArgumentException("Cannot add score: NaN (label " + label + ")");
    }
    ensure(size + 1);
    scores[size] = score;
    positives[size] = label == 1 ? 1 : 0;
    negatives[size] = label == 1 ? 0 : 1;
    size++;
    if (size - sortedPrefix > Math.max(1024, sortedPrefix)) {
      compact();
    }
  }

  /** Adds all of {@code other}'s counts to this one. */
  public ScoreCounts merge(ScoreCounts other) {
    other.compact();
    ensure(size + other.size);
    System.arraycopy(other.scores, 0, scores, size, other.size);
    System.arraycopy(other.positives, 0, positives, size, other.size);
    System.arraycopy(other.negatives, 0, negatives, size, other.size);
    size += other.size;
    compact();
    return this;
  }

  public long positives() {
    compact();
    return Arrays.stream(positives, 0, size).sum();
  }

  public long negatives() {
    compact();
    return Arrays.stream(negatives, 0, size).sum();
  }

  /** The exact AUC; NaN when either class is absent. */
  public double auc() {
    compact();
    double area = 0;
    long negBelow = 0;
    long pos = 0;
    for (int i = 0; i < size; i++) {
      area += positives[i] * (negBelow + negatives[i] / 2.0);
      negBelow += negatives[i];
      pos += positives[i];
    }
    return pos == 0 || negBelow == 0 ? Double.NaN : area / ((double) pos * negBelow);
  }

  /**
   * ROC curve points {false positive rate, true positive rate}, lowering the threshold one
   * distinct score at a time from (0, 0) to (1, 1), thinned to at most about {@code maxPoints}.
   */
  public double[][] roc(int maxPoints) {
    compact();
    double pos = positives();
    double neg = negatives();
    int step = Math.max(1, size / Math.max(1, maxPoints));
    List<double[]> points = new ArrayList<>();
    points.add(new double[] {0, 0});
    long tp = 0;
    long fp = 0;
    for (int i = size - 1; i >= 0; i--) {
      tp += positives[i];
      fp += negatives[i];
      if ((size - 1 - i) % step == step - 1 || i == 0) {
        points.add(new double[] {neg == 0 ? 0 : fp / neg, pos == 0 ? 0 : tp / pos});
      }
    }
    return points.toArray(new double[0][]);
  }

  private void ensure(int capacity) {
    if (capacity > scores.length) {
      int c = Math.max(capacity, scores.length * 2);
      scores = Arrays.copyOf(scores, c);
      positives = Arrays.copyOf(positives, c);
      negatives = Arrays.copyOf(negatives, c);
    }
  }

  /** Sorts by score and folds equal scores into one entry. */
  private void compact() {
    if (sortedPrefix == size) {
      return;
    }
    Integer[] order = new Integer[size];
    for (int i = 0; i < size; i++) {
      order[i] = i;
    }
    Arrays.sort(order, (a, b) -> Double.compare(scores[a], scores[b]));
    double[] s = new double[Math.max(4, size)];
    long[] p = new long[s.length];
    long[] n = new long[s.length];
    int m = -1;
    for (int idx : order) {
      if (m >= 0 && Double.compare(s[m], scores[idx]) == 0) {
        p[m] += positives[idx];
        n[m] += negatives[idx];
      } else {
        m++;
        s[m] = scores[idx];
        p[m] = positives[idx];
        n[m] = negatives[idx];
      }
    }
    scores = s;
    positives = p;
    negatives = n;
    size = m + 1;
    sortedPrefix = size;
  }
}
