package io.sparkctr.training.progress;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Where one epoch's wall time went, phase by phase ({@link #FIT}, {@link #TRAINING_LOSS},
 * {@link #VALIDATION}, {@link #CHECKPOINT}), timed on the driver: the epoch's progress line and
 * its line of {@link EpochLog#FILE} report them. Not thread-safe: the driver's training loop times
 * its own phases.
 */
public final class EpochPhases {
  /** The training job: the epoch's shuffle, minibatches and steps (the tables' end-of-epoch work included). */
  public static final String FIT = "fit";
  /** The training loss on the fixed sample of training rows. */
  public static final String TRAINING_LOSS = "trainingLoss";
  /** Validation AUC and logloss. */
  public static final String VALIDATION = "validation";
  /** Writing the epoch's checkpoint (and the epoch curve). */
  public static final String CHECKPOINT = "checkpoint";
  private final int epoch;
  private final long started = System.nanoTime();
  private final Map<String, Double> seconds = new LinkedHashMap<>();

  /** Starts the epoch's clock. */
  public EpochPhases(int epoch) {
    this.epoch = epoch;
  }

  /** One epoch's phases (seconds, in the order they ran) and its wall time. */
  public record Timing(int epoch, Map<String, Double> phaseSeconds, double wallSeconds) {
    public Timing {
      phaseSeconds = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(phaseSeconds));
    }

    /** Seconds of {@code phase}, 0 if it did not run. */
    public double seconds(String phase) {
      return phaseSeconds.getOrDefault(phase, 0.0);
    }
  }

  /** Runs {@code work} as (part of) {@code phase}. */
  public <T> T time(String phase, Supplier<T> work) {
    long t0 = System.nanoTime();
    try {
      return work.get();
    } finally {
      seconds.merge(phase, (System.nanoTime() - t0) / 1e9, Double::sum);
    }
  }

  /** Runs {@code work} as (part of) {@code phase}. */
  public void time(String phase, Runnable work) {
    time(phase, () -> {
      work.run();
      return null;
    });
  }

  /** Seconds spent in {@code phase} so far. */
  public double seconds(String phase) {
    return seconds.getOrDefault(phase, 0.0);
  }

  /** The phases so far and the wall time since the epoch began. */
  public Timing timing() {
    return new Timing(epoch, seconds, (System.nanoTime() - started) / 1e9);
  }

  /** "fit 61.2 s, training loss 2.1 s, validation 5.3 s, checkpoint 0.4 s" for the progress line. */
  public static String describe(Timing t) {
    StringBuilder b = new StringBuilder();
    t.phaseSeconds().forEach((phase, s) -> b.append(b.length() == 0 ? "" : ", ").append(words(phase))
        .append(String.format(java.util.Locale.ROOT, " %.1f s", s)));
    return b.toString();
  }

  private static String words(String phase) {
    return phase.replaceAll("([A-Z])", " $1").toLowerCase(java.util.Locale.ROOT);
  }
}
