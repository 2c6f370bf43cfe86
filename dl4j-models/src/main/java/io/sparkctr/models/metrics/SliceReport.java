package io.sparkctr.models.metrics;

/**
 * The metrics of one slice (one day, one value of a field, or everything left as "(other)").
 *
 * @param value the slice value (ISO date for a day; "(missing)" for rows without the field)
 * @param count impressions
 * @param positives clicks
 * @param auc histogram AUC; NaN (null in JSON) with one class
 * @param aucCi DeLong interval of the AUC; null when undefined
 * @param aucErrorBound the largest possible |auc − exact AUC| ({@link ScoreHistogram#aucErrorBound})
 * @param logloss mean logloss
 * @param loglossCi normal interval of the mean logloss; null below two rows
 * @param calibration mean prediction / click rate
 */
public record SliceReport(String value, long count, long positives, double auc, Interval aucCi, double aucErrorBound,
                          double logloss, Interval loglossCi, double calibration) {}
