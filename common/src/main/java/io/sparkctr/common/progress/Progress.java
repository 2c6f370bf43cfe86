package io.sparkctr.common.progress;

import java.util.UUID;
import org.apache.spark.SparkContext;
import org.apache.spark.util.LongAccumulator;

/**
 * Progress of a job, phase by phase, for the people watching it: every Spark job the calling thread
 * runs while a phase is open carries the phase's description ({@code "train epoch 3/10: fit"}) in
 * the Spark UI (and a job group unless the caller set one), and a line is written at a steady
 * interval — done/total, rate, ETA — as a plain log line, or as a bar on stderr when the console is a
 * terminal. Progress comes from Spark's own events ({@link ProgressListener}): finished tasks and
 * their rows for a {@link #phase}, and for a {@link #count}ed phase an accumulator the executors add
 * to, read from task results and executor heartbeats (so a long task shows progress too).
 *
 * <p>The interval is the Spark setting {@value #INTERVAL} (default {@value #DEFAULT_INTERVAL}; a
 * thread-local Spark property of the same name overrides it; {@code 0} = a line on every finished
 * task); {@value #BAR} = false turns the terminal bar off. Not thread-safe: one thread opens, moves
 * through and closes a progress.
 */
public final class Progress implements AutoCloseable {
  public static final String INTERVAL = "spark.sparkctr.progress.interval";
  public static final String DEFAULT_INTERVAL = "10s";
  public static final String BAR = "spark.sparkctr.progress.bar";
  static final String ID = "sparkctr.progress.id";
  static final String PHASE = "sparkctr.progress.phase";
  private static final String GROUP = "spark.jobGroup.id";
  private static final String DESCRIPTION = "spark.job.description";
  private final SparkContext sc;
  private final String label;
  private final ProgressTracker tracker;
  private final String[] saved;
  private int phases;

  private Progress(SparkContext sc, String label) {
    this.sc = sc;
    this.label = label;
    this.saved = new String[] {sc.getLocalProperty(ID), sc.getLocalProperty(PHASE), sc.getLocalProperty(GROUP),
        sc.getLocalProperty(DESCRIPTION)};
    String id = UUID.randomUUID().toString();
    String interval = sc.getLocalProperty(INTERVAL) != null ? sc.getLocalProperty(INTERVAL)
        : sc.getConf().get(INTERVAL, DEFAULT_INTERVAL);
    this.tracker = new ProgressTracker(id, ProgressSink.forConsole(!"false".equals(sc.getConf().get(BAR, "true"))),
        org.apache.spark.network.util.JavaUtils.timeStringAsMs(interval));
    ProgressListener.of(sc).add(tracker);
    sc.setLocalProperty(ID, id);
    if (saved[2] == null) {
      sc.setLocalProperty(GROUP, "sparkctr-" + id);
    }
  }

  /** Starts tracking the jobs this thread runs, under {@code label} (e.g. "train", "features"). */
  public static Progress open(SparkContext sc, String label) {
    return new Progress(sc, label);
  }

  /** Jobs from now on belong to this phase: their finished tasks and rows are reported. */
  public Progress phase(String description) {
    begin(description, null, 0, "rows");
    return this;
  }

  /**
   * A phase whose progress is what the executors add to the returned counter, out of {@code total}
   * {@code unit} (e.g. examples trained).
   */
  public LongAccumulator count(String description, long total, String unit) {
    LongAccumulator counter = sc.longAccumulator("sparkctr progress: " + label + ": " + description);
    begin(description, counter, total, unit);
    return counter;
  }

  private void begin(String description, LongAccumulator counter, long total, String unit) {
    String text = label + ": " + description;
    sc.setLocalProperty(PHASE, String.valueOf(++phases));
    sc.setLocalProperty(DESCRIPTION, text);
    tracker.begin(phases, text, counter, total, unit);
  }

  /** Ends the phase (a last line if it had shown any) and restores the thread's job properties. */
  @Override
  public void close() {
    tracker.end();
    ProgressListener.of(sc).remove(tracker);
    String[] keys = {ID, PHASE, GROUP, DESCRIPTION};
    for (int i = 0; i < keys.length; i++) {
      sc.setLocalProperty(keys[i], saved[i]);
    }
  }
}
