package io.sparkctr.models.metrics;

import java.util.List;
import java.util.Map;

/**
 * The CTR metrics of one set of predictions (after recalibration for downsampling).
 *
 * @param count impressions
 * @param positives clicks
 * @param auc exact tie-aware AUC (NaN with one class)
 * @param logloss mean binary cross-entropy, predictions clipped to [1e-15, 1 - 1e-15]
 * @param normalizedEntropy logloss / entropy of the base rate (below 1 = better than the base rate)
 * @param calibration mean prediction / observed click rate (1 = calibrated)
 * @param gauc impression-weighted mean of per-group AUC over groups with both classes; NaN without groups
 * @param gaucGroups groups that entered GAUC
 * @param gaucSkippedGroups groups skipped because they had one class only
 * @param perDayAuc AUC per UTC day (ISO date), NaN for a one-class day
 * @param reliability the calibration bins
 */
public record MetricsReport(long count, long positives, double auc, double logloss, double normalizedEntropy,
                            double calibration, double gauc, long gaucGroups, long gaucSkippedGroups,
                            Map<String, Double> perDayAuc, List<ReliabilityBins.Bin> reliability) {}
