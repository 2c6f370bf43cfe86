package io.sparkctr.training.tables.sharded;

import io.sparkctr.models.tables.sharded.ShardMap;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerExecutorRemoved;
import org.apache.spark.scheduler.SparkListenerJobEnd;
import org.apache.spark.scheduler.SparkListenerJobStart;

/**
 * Watches a sharded-tables session's executors on the driver. When Spark removes one of them (its
 * JVM died, its host stopped heartbeating for {@code spark.network.timeout}, or the cluster manager
 * took its container), the rows it owned since the last checkpoint are gone and no retry can bring
 * them back: the watch records which executor and shard were lost and cancels the session's running
 * jobs at once, instead of letting Spark retry the tasks against a missing owner (each retry would
 * fail on its pulls after up to {@code table-timeout}) or schedule them on a replacement executor
 * that holds no shard.
 *
 * <p>The session's jobs are those submitted from the thread that opened it: that thread carries the
 * local property {@value #PROPERTY} (a local property, not a job group, so that the caller keeps its
 * own job groups and descriptions).
 */
final class ShardWatch extends SparkListener implements AutoCloseable {
  static final String PROPERTY = "sparkctr.sharded-tables.session";
  private final JavaSparkContext sc;
  private final String session;
  private final ShardMap map;
  private final Set<Integer> running = ConcurrentHashMap.newKeySet();
  private final AtomicReference<String> lost = new AtomicReference<>();
  private final String previous;

  ShardWatch(JavaSparkContext sc, String session, ShardMap map) {
    this.sc = sc;
    this.session = session;
    this.map = map;
    this.previous = sc.getLocalProperty(PROPERTY);
    sc.setLocalProperty(PROPERTY, session);
    sc.sc().addSparkListener(this);
  }

  /** Why the session cannot go on (an owner was lost), or null. */
  String lost() {
    return lost.get();
  }

  @Override
  public void onJobStart(SparkListenerJobStart e) {
    if (e.properties() != null && session.equals(e.properties().getProperty(PROPERTY))) {
      running.add(e.jobId());
      if (lost.get() != null) {
        sc.sc().cancelJob(e.jobId(), lost.get());
      }
    }
  }

  @Override
  public void onJobEnd(SparkListenerJobEnd e) {
    running.remove(e.jobId());
  }

  @Override
  public void onExecutorRemoved(SparkListenerExecutorRemoved e) {
    int shard = map.shardOf(e.executorId());
    if (shard < 0) {
      return;
    }
    String why = message(e.executorId(), map.describe(shard), map.size(), e.reason());
    if (lost.compareAndSet(null, why)) {
      for (Integer job : running) {
        sc.sc().cancelJob(job, why);
      }
    }
  }

  /**
   * Why the session cannot go on, in one line: the cluster manager's reason for the loss may span lines (YARN's
   * container diagnostics do), and a status file or an alert carries only the first.
   */
  static String message(String executor, String shard, int shards, String reason) {
    return "Cannot go on training with sharded tables: executor " + executor + ", the owner of " + shard + " of "
        + shards + ", was lost (" + String.valueOf(reason).replaceAll("\\s+", " ").trim()
        + "); the rows it owned since the last checkpoint are gone. Nothing was published; run again with --resume "
        + "to continue from the last checkpoint, on the same or another number of executors";
  }

  @Override
  public void close() {
    sc.sc().removeSparkListener(this);
    sc.setLocalProperty(PROPERTY, previous);
  }
}
