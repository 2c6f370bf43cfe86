package io.sparkctr.models.train;

/** What one epoch did: mean training loss, validation metrics, speed and the rate it used. */
public record EpochStats(int epoch, double trainLoss, double validationAuc, double validationLogloss,
                         double examplesPerSecond, double learningRate, double seconds) {}
