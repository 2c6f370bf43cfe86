package io.sparkctr.common.progress;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import org.apache.spark.util.LongAccumulator;

/**
 * The state of one {@link Progress}'s current phase, fed by {@link ProgressListener} on Spark's
 * listener thread and read by its reporter thread: tasks submitted and finished, rows the finished
 * tasks read, and for a counted phase the counter (finished tasks' part from the accumulator, running
 * tasks' part from their latest heartbeat). Writes a line when the interval has passed and something
 * moved.
 */
final class ProgressTracker {
  private final String id;
  private final ProgressSink sink;
  private final long intervalNanos;
  private int phase;
  private String description = "";
  private LongAccumulator counter;
  private long total;
  private String unit = "rows";
  private long started;
  private long lastLine;
  private long lastDone = -1;
  private long lastTasks = -1;
  private int lines;
  private long tasksTotal;
  private long tasksDone;
  private long rows;
  private final Map<Long, Long> running = new HashMap<>();

  ProgressTracker(String id, ProgressSink sink, long intervalMs) {
    this.id = id;
    this.sink = sink;
    this.intervalNanos = intervalMs * 1_000_000L;
  }

  String id() {
    return id;
  }

  synchronized void begin(int phase, String description, LongAccumulator counter, long total, String unit) {
    finishLine();
    this.phase = phase;
    this.description = description;
    this.counter = counter;
    this.total = total;
    this.unit = unit;
    this.started = System.nanoTime();
    this.lastLine = started;
    this.lastDone = -1;
    this.lastTasks = -1;
    this.lines = 0;
    this.tasksTotal = 0;
    this.tasksDone = 0;
    this.rows = 0;
    this.running.clear();
  }

  synchronized void end() {
    finishLine();
    counter = null;
  }

  /** A stage of {@code phase} was submitted with {@code tasks} tasks. */
  synchronized void stageSubmitted(int phase, int tasks) {
    if (phase == this.phase) {
      tasksTotal += tasks;
    }
  }

  synchronized void taskEnded(int phase, long taskId, long rowsRead, boolean ok) {
    running.remove(taskId);
    if (phase != this.phase) {
      return;
    }
    tasksDone++;
    if (ok) {
      rows += rowsRead;
    }
    report(System.nanoTime());
  }

  /** A heartbeat's value of the phase's counter for a running task. */
  synchronized void heartbeat(long accumulatorId, long taskId, long value) {
    if (counter != null && counter.id() == accumulatorId) {
      running.put(taskId, value);
    }
  }

  synchronized void tick(long now) {
    report(now);
  }

  private long done() {
    if (counter == null) {
      return rows;
    }
    long live = 0;
    for (long v : running.values()) {
      live += v;
    }
    return counter.value() + live;
  }

  private void report(long now) {
    if (description.isEmpty() || now - lastLine < intervalNanos) {
      return;
    }
    long done = done();
    if (done == lastDone && tasksDone == lastTasks) {
      return; // nothing moved
    }
    lastLine = now;
    lastDone = done;
    lastTasks = tasksDone;
    lines++;
    sink.show(line(now, done), fraction(done));
  }

  private void finishLine() {
    if (lines > 0 && !description.isEmpty()) {
      long now = System.nanoTime();
      long done = done();
      sink.show(line(now, done), fraction(done));
    }
    sink.done();
    lines = 0;
  }

  private double fraction(long done) {
    if (counter != null && total > 0) {
      return Math.min(1.0, (double) done / total);
    }
    return tasksTotal == 0 ? 0 : (double) tasksDone / tasksTotal;
  }

  String line(long now, long done) {
    double seconds = Math.max(1e-9, (now - started) / 1e9);
    double rate = done / seconds;
    StringBuilder b = new StringBuilder(description).append(": ");
    if (counter != null && total > 0) {
      b.append(String.format(Locale.ROOT, "%,d/%,d %s (%.0f%%)", done, total, unit, 100.0 * done / total));
    } else {
      b.append(String.format(Locale.ROOT, "%d/%d tasks", tasksDone, tasksTotal));
      if (done > tasksDone) { // rows read from files or shuffles (a cached input reads none)
        b.append(String.format(Locale.ROOT, ", %,d %s, %,.0f %s/s", done, unit, rate, unit));
      }
    }
    if (counter != null && total > 0) {
      b.append(String.format(Locale.ROOT, ", %,.0f %s/s", rate, unit));
    }
    double f = fraction(done);
    if (f > 0 && f < 1) {
      b.append(String.format(Locale.ROOT, ", ETA %.0f s", seconds / f * (1 - f)));
    }
    return b.toString();
  }
}
