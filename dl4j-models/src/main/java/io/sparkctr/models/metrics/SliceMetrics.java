package io.sparkctr.models.metrics;

import java.io.Serializable;

/**
 * Mergeable sums of one slice of predictions (the whole set, one day, one value of a field):
 * counts, sums of prediction, logloss and squared logloss, and a {@link ScoreHistogram}. Memory is
 * the histogram's (24 bytes per cell) plus a few words, whatever the row count.
 */
public final class SliceMetrics implements Serializable {
  static final double EPS = 1e-15;
  private long count;
  private long positives;
  private double sumPrediction;
  private double sumLogLoss;
  private double sumLogLossSquared;
  private final ScoreHistogram histogram;

  public SliceMetrics(int bins) {
    histogram = new ScoreHistogram(bins);
  }

  /** The logloss of one row, its prediction clipped to [1e-15, 1 − 1e-15]. */
  public static double logloss(int label, double p) {
    double c = Math.min(1 - EPS, Math.max(EPS, p));
    return label == 1 ? -Math.log(c) : -Math.log(1 - c);
  }

  /** Adds a row whose (recalibrated) prediction is {@code p}. */
  public void add(int label, double p) {
    double l = logloss(label, p);
    count++;
    positives += label;
    sumPrediction += p;
    sumLogLoss += l;
    sumLogLossSquared += l * l;
    histogram.add(p, label);
  }

  public SliceMetrics merge(SliceMetrics o) {
    count += o.count;
    positives += o.positives;
    sumPrediction += o.sumPrediction;
    sumLogLoss += o.sumLogLoss;
    sumLogLossSquared += o.sumLogLossSquared;
    histogram.merge(o.histogram);
    return this;
  }

  public long count() {
    return count;
  }

  public long positives() {
    return positives;
  }

  public double sumPrediction() {
    return sumPrediction;
  }

  public ScoreHistogram histogram() {
    return histogram;
  }

  public double logloss() {
    return count == 0 ? Double.NaN : sumLogLoss / count;
  }

  /** The standard error of the mean logloss (CLT over rows); NaN below two rows. */
  public double loglossStandardError() {
    if (count < 2) {
      return Double.NaN;
    }
    double mean = sumLogLoss / count;
    double var = Math.max(0, (sumLogLossSquared - count * mean * mean) / (count - 1));
    return Math.sqrt(var / count);
  }

  /** Mean prediction / observed click rate (1 = calibrated); NaN without clicks. */
  public double calibration() {
    return count == 0 || positives == 0 ? Double.NaN : (sumPrediction / count) / ((double) positives / count);
  }

  /** This slice's report, named {@code value}, intervals at {@code level}. */
  public SliceReport report(String value, double level) {
    double auc = histogram.auc();
    return new SliceReport(value, count, positives, auc, Interval.normal(auc, histogram.aucStandardError(), level, 0, 1),
        histogram.aucErrorBound(), logloss(), Interval.normal(logloss(), loglossStandardError(), level, 0,
        Double.POSITIVE_INFINITY), calibration());
  }
}
