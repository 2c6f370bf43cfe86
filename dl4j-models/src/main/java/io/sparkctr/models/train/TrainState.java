package io.sparkctr.models.train;

import java.util.ArrayList;
import java.util.List;

/**
 * Where training stands after a completed epoch — the one state machine of the learning-rate cut
 * on a plateau and early stopping with the best epoch, for {@link LocalTrainer} and the Spark
 * trainer alike: what a checkpoint records besides the model, and all that {@code --resume} needs
 * to continue exactly where an uninterrupted run would be.
 *
 * @param epoch epochs completed
 * @param learningRate the rate the next epoch uses
 * @param bestEpoch the epoch with the best validation AUC so far (0 = none)
 * @param bestAuc its validation AUC
 * @param sinceBest epochs since the best one
 * @param sinceCut epochs since the last learning-rate cut or improvement
 * @param stopped early stopping has ended training
 * @param epochs per-epoch statistics so far
 * @param specJson the model spec trained, to refuse resuming with a different one
 */
public record TrainState(int epoch, double learningRate, int bestEpoch, double bestAuc, int sinceBest, int sinceCut,
                         boolean stopped, List<EpochStats> epochs, String specJson) {
  public TrainState {
    epochs = List.copyOf(epochs);
  }

  /** Before the first epoch, at the spec's learning rate. */
  public static TrainState start(double learningRate, String specJson) {
    return new TrainState(0, learningRate, 0, Double.NEGATIVE_INFINITY, 0, 0, false, List.of(), specJson);
  }

  /**
   * The state after one more epoch with these statistics: the best epoch moves on improvement; the
   * rate is cut after {@code lrPatience} epochs without one; training stops after
   * {@code earlyStoppingPatience}.
   */
  public TrainState after(EpochStats s, TrainSchedule t) {
    List<EpochStats> all = new ArrayList<>(epochs);
    all.add(s);
    if (s.validationAuc() > bestAuc) {
      return new TrainState(s.epoch(), learningRate, s.epoch(), s.validationAuc(), 0, 0, s.epoch() >= t.epochs(), all,
          specJson);
    }
    int sb = sinceBest + 1;
    int sc = sinceCut + 1;
    double lr = learningRate;
    boolean stop = sb >= t.earlyStoppingPatience() || s.epoch() >= t.epochs();
    if (!stop && sc >= t.lrPatience() && t.lrFactor() < 1) {
      lr *= t.lrFactor();
      sc = 0;
    }
    return new TrainState(s.epoch(), lr, bestEpoch, bestAuc, sb, sc, stop, all, specJson);
  }

  /**
   * This state with early stopping undone: the patience counters restart, the best epoch and the
   * learning rate stay (a resumed run given more epochs than the one that stopped early).
   */
  public TrainState continued() {
    return new TrainState(epoch, learningRate, bestEpoch, bestAuc, 0, 0, false, epochs, specJson);
  }

  public boolean improved() {
    return bestEpoch == epoch && epoch > 0;
  }
}
