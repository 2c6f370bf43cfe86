package io.sparkctr.models.metrics;

import java.util.ArrayList;
import java.util.List;

/**
 * Curves and distributions read from a {@link ScoreHistogram}: ROC and precision-recall (one point
 * per threshold at a cell edge, thinned), the per-class score histogram and calibration by
 * prediction quantile with its expected calibration error.
 */
public final class ScoreCurves {
  private ScoreCurves() {}

  /**
   * ROC points {false positive rate, true positive rate} from (0, 0) to (1, 1), lowering the
   * threshold one cell at a time; a point is kept when it moved by at least 1 / maxPoints.
   */
  public static double[][] roc(ScoreHistogram h, int maxPoints) {
    return curve(h, maxPoints, false);
  }

  /** Precision-recall points {recall, precision}, lowering the threshold one cell at a time. */
  public static double[][] precisionRecall(ScoreHistogram h, int maxPoints) {
    return curve(h, maxPoints, true);
  }

  private static double[][] curve(ScoreHistogram h, int maxPoints, boolean pr) {
    double pos = h.positives();
    double neg = h.negatives();
    List<double[]> points = new ArrayList<>();
    if (!pr) {
      points.add(new double[] {0, 0});
    }
    double step = 1.0 / Math.max(1, maxPoints);
    long tp = 0;
    long fp = 0;
    double[] last = pr ? null : points.get(0);
    for (int i = h.bins() - 1; i >= 0; i--) {
      if (h.positives(i) == 0 && h.negatives(i) == 0) {
        continue;
      }
      tp += h.positives(i);
      fp += h.negatives(i);
      double[] p = pr ? new double[] {pos == 0 ? 0 : tp / pos, (double) tp / (tp + fp)}
          : new double[] {neg == 0 ? 0 : fp / neg, pos == 0 ? 0 : tp / pos};
      boolean end = tp == pos && fp == neg;
      if (last == null || end || Math.abs(p[0] - last[0]) >= step || Math.abs(p[1] - last[1]) >= step) {
        points.add(p);
        last = p;
      }
    }
    return points.toArray(new double[0][]);
  }

  /** Counts per class on at most {@code buckets} equal logit-width buckets over the occupied cells. */
  public record ClassHistogram(double[] edges, long[] positives, long[] negatives) {}

  public static ClassHistogram classHistogram(ScoreHistogram h, int buckets) {
    int first = 0;
    int last = h.bins() - 1;
    while (first < last && h.positives(first) + h.negatives(first) == 0) {
      first++;
    }
    while (last > first && h.positives(last) + h.negatives(last) == 0) {
      last--;
    }
    int cells = last - first + 1;
    int n = Math.min(buckets, cells);
    double[] edges = new double[n + 1];
    long[] p = new long[n];
    long[] q = new long[n];
    for (int k = 0; k <= n; k++) {
      int cell = first + (int) ((long) cells * k / n);
      edges[k] = k == n ? (last + 1 >= h.bins() ? 1 : h.lowerEdge(last + 1)) : h.lowerEdge(cell);
    }
    for (int i = first; i <= last; i++) {
      int k = (int) ((long) (i - first) * n / cells);
      p[k] += h.positives(i);
      q[k] += h.negatives(i);
    }
    return new ClassHistogram(edges, p, q);
  }

  /**
   * Reliability bins holding about count / {@code bins} rows each (cells are not split, so a large
   * tie makes one bigger bin and fewer bins). The mean prediction of a cell is its logit midpoint
   * (within half a cell, e.g. ±0.03% in odds at the default resolution).
   */
  public static List<CalibrationBin> quantileBins(ScoreHistogram h, int bins) {
    long total = h.positives() + h.negatives();
    List<CalibrationBin> out = new ArrayList<>();
    long seen = 0;
    long n = 0;
    long clicks = 0;
    double sumP = 0;
    int start = 0;
    for (int i = 0; i < h.bins(); i++) {
      long c = h.positives(i) + h.negatives(i);
      if (c == 0) {
        continue;
      }
      if (n == 0) {
        start = i;
      }
      n += c;
      clicks += h.positives(i);
      sumP += c * h.center(i);
      seen += c;
      if (seen * bins >= (out.size() + 1) * total || seen == total) {
        out.add(new CalibrationBin(h.lowerEdge(start), i + 1 >= h.bins() ? 1 : h.lowerEdge(i + 1), n, clicks,
            sumP / n, (double) clicks / n));
        n = 0;
        clicks = 0;
        sumP = 0;
      }
    }
    return out;
  }

  /** Expected calibration error: Σ (rows in bin / rows) · |mean prediction − observed rate|; NaN without rows. */
  public static double expectedCalibrationError(List<CalibrationBin> bins) {
    long total = bins.stream().mapToLong(CalibrationBin::count).sum();
    double e = 0;
    for (CalibrationBin b : bins) {
      e += (double) b.count() / total * Math.abs(b.meanPrediction() - b.observedRate());
    }
    return total == 0 ? Double.NaN : e;
  }
}
