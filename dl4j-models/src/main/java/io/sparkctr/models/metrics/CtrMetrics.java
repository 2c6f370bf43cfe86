package io.sparkctr.models.metrics;

import java.io.Serializable;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Mergeable accumulator of every CTR metric in {@link MetricsReport}: each partition adds its
 * (label, prediction, group, timestamp) rows, partials are merged, {@link #report()} computes.
 *
 * <p>A model trained on negatives kept with probability r predicts p' on the downsampled
 * distribution, whose odds are 1/r times the true odds; each prediction is recalibrated to
 * p = p' / (p' + (1 − p') / r) before it counts. A positive-class weight w multiplies the learnt
 * odds by w, so the factor is r / w in general ({@code ModelSpec#recalibrationFactor}). With a
 * factor of 1 predictions are used as they are.
 */
public final class CtrMetrics implements Serializable {
  static final double EPS = 1e-15;
  private final double recalibrationFactor;
  private long count;
  private long positives;
  private double sumPrediction;
  private double sumLogLoss;
  private final ScoreCounts overall = new ScoreCounts();
  private final Map<String, ScoreCounts> groups = new HashMap<>();
  private final Map<Long, ScoreCounts> days = new HashMap<>();
  private final ReliabilityBins bins;

  /**
   * @param recalibrationFactor the odds factor r ({@code ModelSpec#recalibrationFactor}): the
   *     training negative keep-rate recorded in the feature manifest (1 = none), divided by the
   *     positive-class weight if one was used
   * @param reliabilityBins number of calibration bins
   */
  public CtrMetrics(double recalibrationFactor, int reliabilityBins) {
    if (!(recalibrationFactor > 0 && Double.isFinite(recalibrationFactor))) {
      throw new IllegalArgumentException("Cannot compute metrics: recalibration factor " + recalibrationFactor
          + " must be finite and > 0");
    }
    this.recalibrationFactor = recalibrationFactor;
    this.bins = new ReliabilityBins(reliabilityBins);
  }

  /** The one recalibration of a model probability p': p' / (p' + (1 − p') / r), r the recalibration factor. */
  public static double recalibrate(double p, double recalibrationFactor) {
    return recalibrationFactor == 1 ? p : p / (p + (1 - p) / recalibrationFactor);
  }

  /**
   * @param group the group key (e.g. user id) for GAUC, or null
   * @param timestamp epoch seconds, for per-day AUC
   */
  public CtrMetrics add(int label, double prediction, String group, long timestamp) {
    if (!(prediction >= 0 && prediction <= 1)) {
      throw new IllegalArgumentException("Cannot add prediction " + prediction + ": not a probability");
    }
    double p = recalibrate(prediction, recalibrationFactor);
    count++;
    positives += label;
    sumPrediction += p;
    double c = Math.min(1 - EPS, Math.max(EPS, p));
    sumLogLoss -= label == 1 ? Math.log(c) : Math.log(1 - c);
    overall.add(p, label);
    if (group != null) {
      groups.computeIfAbsent(group, g -> new ScoreCounts()).add(p, label);
    }
    days.computeIfAbsent(Math.floorDiv(timestamp, 86_400L), d -> new ScoreCounts()).add(p, label);
    bins.add(p, label);
    return this;
  }

  public CtrMetrics merge(CtrMetrics o) {
    if (o.recalibrationFactor != recalibrationFactor) {
      throw new IllegalArgumentException("Cannot merge metrics recalibrated with rates " + recalibrationFactor + " and "
          + o.recalibrationFactor);
    }
    count += o.count;
    positives += o.positives;
    sumPrediction += o.sumPrediction;
    sumLogLoss += o.sumLogLoss;
    overall.merge(o.overall);
    o.groups.forEach((k, v) -> groups.merge(k, v, ScoreCounts::merge));
    o.days.forEach((k, v) -> days.merge(k, v, ScoreCounts::merge));
    bins.merge(o.bins);
    return this;
  }

  public ScoreCounts scores() {
    return overall;
  }

  public MetricsReport report() {
    double rate = count == 0 ? Double.NaN : (double) positives / count;
    double logloss = count == 0 ? Double.NaN : sumLogLoss / count;
    double entropy = -(rate * Math.log(rate) + (1 - rate) * Math.log(1 - rate));
    double weighted = 0;
    long weight = 0;
    long used = 0;
    long skipped = 0;
    for (ScoreCounts g : groups.values()) {
      double a = g.auc();
      if (Double.isNaN(a)) {
        skipped++;
      } else {
        long n = g.positives() + g.negatives();
        weighted += a * n;
        weight += n;
        used++;
      }
    }
    Map<String, Double> perDay = new TreeMap<>();
    days.forEach((d, s) -> perDay.put(LocalDate.ofEpochDay(d).toString(), s.auc()));
    return new MetricsReport(count, positives, overall.auc(), logloss, logloss / entropy,
        (sumPrediction / count) / rate, weight == 0 ? Double.NaN : weighted / weight, used, skipped, perDay,
        List.of(bins.bins()));
  }
}
