package io.sparkctr.models.metrics;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The CTR metrics of one set of predictions (after recalibration for downsampling), as written to
 * {@code metrics.json} (schema: {@code metrics.schema.json}; NaN is written as null and its reason
 * is in {@code undefined}).
 *
 * @param count impressions
 * @param positives clicks
 * @param auc AUC from the score histogram (NaN with one class)
 * @param aucCi DeLong interval of the AUC at the configured level; null when undefined
 * @param aucErrorBound the largest possible |auc − exact AUC| given the histogram (see {@link ScoreHistogram})
 * @param histogramBins cells of the histogram
 * @param logloss mean binary cross-entropy, predictions clipped to [1e-15, 1 - 1e-15]
 * @param loglossCi normal interval of the mean logloss; null when undefined
 * @param normalizedEntropy logloss / entropy of the base rate (below 1 = better than the base rate)
 * @param calibration mean prediction / observed click rate (1 = calibrated)
 * @param expectedCalibrationError Σ share of rows × |mean prediction − click rate| over the reliability bins
 * @param gauc impression-weighted mean of per-group AUC over groups with both classes; NaN without groups
 * @param gaucGroups groups that entered GAUC
 * @param gaucSkippedGroups groups skipped because they had one class only
 * @param gaucSkippedRows impressions of the skipped groups
 * @param gaucSkippedShare gaucSkippedGroups / all groups; NaN without groups
 * @param perDay metrics per UTC day (ISO date)
 * @param slices per configured field: its top values by count, then "(other)"; each field's counts sum to count
 * @param reliability calibration bins by prediction quantile
 * @param undefined why a metric is NaN (null in JSON), by metric name
 */
public record MetricsReport(long count, long positives, double auc, Interval aucCi, double aucErrorBound,
                            int histogramBins, double logloss, Interval loglossCi, double normalizedEntropy,
                            double calibration, double expectedCalibrationError, double gauc, long gaucGroups,
                            long gaucSkippedGroups, long gaucSkippedRows, double gaucSkippedShare, Map<String, SliceReport> perDay,
                            Map<String, List<SliceReport>> slices, List<CalibrationBin> reliability,
                            Map<String, String> undefined) {
  /** AUC per day, for a quick look. */
  public Map<String, Double> perDayAuc() {
    Map<String, Double> m = new LinkedHashMap<>();
    perDay.forEach((d, s) -> m.put(d, s.auc()));
    return m;
  }

  /** A report of the headline numbers only (tests and callers that have no rows). */
  public static MetricsReport headline(long count, long positives, double auc, double logloss,
                                       double normalizedEntropy, double calibration) {
    return new MetricsReport(count, positives, auc, null, 0, ScoreHistogram.DEFAULT_BINS, logloss, null,
        normalizedEntropy, calibration, Double.NaN, Double.NaN, 0, 0, 0, Double.NaN, Map.of(), Map.of(), List.of(), Map.of());
  }
}
