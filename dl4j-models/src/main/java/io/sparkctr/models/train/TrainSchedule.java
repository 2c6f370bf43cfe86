package io.sparkctr.models.train;

import java.io.Serializable;

/**
 * How long and in what order to train, and when to cut the learning rate or stop — the part of
 * {@code sparkctr.training} that one JVM ({@link LocalTrainer}) and the Spark trainer share; the
 * state machine that follows it is {@link TrainState}.
 *
 * @param epochs upper bound on epochs
 * @param batchSize examples per step
 * @param earlyStoppingPatience stop after this many epochs without a better validation AUC
 * @param lrPatience epochs without improvement before the learning rate is cut
 * @param lrFactor the cut: rate ← rate × factor (1 = never)
 * @param shuffleSeed seed of the per-epoch shuffle
 */
public record TrainSchedule(int epochs, int batchSize, int earlyStoppingPatience, int lrPatience, double lrFactor,
                            long shuffleSeed) implements Serializable {
  public TrainSchedule {
    require(epochs >= 1, "training.epochs " + epochs + " must be >= 1");
    require(batchSize >= 1, "training.batch-size " + batchSize + " must be >= 1");
    require(earlyStoppingPatience >= 1 && lrPatience >= 1, "training.early-stopping-patience "
        + earlyStoppingPatience + " and lr-patience " + lrPatience + " must be >= 1");
    require(lrFactor > 0 && lrFactor <= 1, "training.lr-factor " + lrFactor + " outside (0, 1]");
  }

  private static void require(boolean ok, String message) {
    if (!ok) {
      throw new IllegalArgumentException("Cannot train: " + message);
    }
  }
}
