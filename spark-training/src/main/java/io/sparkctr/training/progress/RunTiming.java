package io.sparkctr.training.progress;

import java.util.List;

/**
 * Where a training run's wall time went, as the driver timed it.
 *
 * @param startSeconds before the first epoch: starting or resuming (a checkpoint read back), reading the
 *     data (counting the training rows and keeping them for the epochs) and opening the training master
 *     and the tables' placement
 * @param epochs each epoch this run trained, its phases ({@link EpochPhases})
 * @param finishSeconds after the last epoch: the kept epoch's parameters and tables restored and its
 *     validation metrics
 * @param examplesTrained training rows × the epochs this run trained
 */
public record RunTiming(double startSeconds, List<EpochPhases.Timing> epochs, double finishSeconds,
                        long examplesTrained) {
  public RunTiming {
    epochs = List.copyOf(epochs);
  }

  /** The seconds of {@code phase} summed over the epochs. */
  public double total(String phase) {
    return epochs.stream().mapToDouble(e -> e.seconds(phase)).sum();
  }

  /** The run's wall time: start, epochs and finish. */
  public double seconds() {
    return startSeconds + epochs.stream().mapToDouble(EpochPhases.Timing::wallSeconds).sum() + finishSeconds;
  }
}
