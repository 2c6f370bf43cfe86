package io.sparkctr.models.bundle;

import io.sparkctr.models.train.EpochStats;
import java.util.List;

/**
 * What training did: rows used, the epoch kept, and each epoch's statistics.
 *
 * @param trainRows training rows per epoch
 * @param validationRows validation rows
 * @param bestEpoch 1-based epoch whose parameters the bundle holds
 * @param validationAuc validation AUC of the kept parameters
 * @param validationLogloss validation logloss of the kept parameters (recalibrated)
 * @param epochs per-epoch statistics
 */
public record TrainingSummary(long trainRows, long validationRows, int bestEpoch, double validationAuc,
                              double validationLogloss, List<EpochStats> epochs) {
  public TrainingSummary {
    epochs = List.copyOf(epochs);
  }
}
