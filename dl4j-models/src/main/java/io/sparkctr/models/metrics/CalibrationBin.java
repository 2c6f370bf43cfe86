package io.sparkctr.models.metrics;

/**
 * One bin of a reliability diagram by prediction quantile: the rows whose (recalibrated) prediction
 * lies in [lower, upper), their count, clicks, mean prediction and observed click rate.
 */
public record CalibrationBin(double lower, double upper, long count, long positives, double meanPrediction,
                             double observedRate) {}
