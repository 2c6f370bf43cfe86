package io.sparkctr.models.train;

/**
 * How to train on one machine.
 *
 * @param epochs upper bound on epochs
 * @param batchSize examples per step
 * @param earlyStoppingPatience stop after this many epochs without a better validation AUC
 * @param lrPatience epochs without improvement before the learning rate is cut
 * @param lrFactor the cut: rate ← rate × factor
 * @param shuffleSeed seed of the per-epoch shuffle
 * @param negativeRate the training negative keep-rate (manifest), for recalibrated validation metrics
 */
public record TrainOptions(int epochs, int batchSize, int earlyStoppingPatience, int lrPatience, double lrFactor,
                           long shuffleSeed, double negativeRate) {
  public TrainOptions {
    if (epochs < 1 || batchSize < 1 || earlyStoppingPatience < 1 || lrPatience < 1) {
      throw new IllegalArgumentException("Cannot train: epochs " + epochs + ", batch size " + batchSize
          + ", patience " + earlyStoppingPatience + " and lr patience " + lrPatience + " must be >= 1");
    }
    if (!(lrFactor > 0 && lrFactor <= 1)) {
      throw new IllegalArgumentException("Cannot train: lr factor " + lrFactor + " outside (0, 1]");
    }
    if (!(negativeRate > 0 && negativeRate <= 1)) {
      throw new IllegalArgumentException("Cannot train: negative rate " + negativeRate + " outside (0, 1]");
    }
  }

  public static TrainOptions defaults() {
    return new TrainOptions(10, 1024, 2, 1, 0.5, 7, 1.0);
  }
}
