package io.sparkctr.common.progress;

import java.util.Map;
import java.util.WeakHashMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.spark.SparkContext;
import org.apache.spark.executor.TaskMetrics;
import org.apache.spark.scheduler.AccumulableInfo;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerExecutorMetricsUpdate;
import org.apache.spark.scheduler.SparkListenerStageSubmitted;
import org.apache.spark.scheduler.SparkListenerTaskEnd;
import scala.Tuple4;
import scala.collection.Iterator;

/**
 * One per SparkContext: routes Spark's scheduler events to the open {@link Progress} trackers by
 * the job properties their thread set, and ticks them from a daemon thread so a line appears at the
 * interval even while no task finishes.
 */
final class ProgressListener extends SparkListener {
  private static final Map<SparkContext, ProgressListener> BY_CONTEXT = new WeakHashMap<>();
  private final Map<String, ProgressTracker> trackers = new ConcurrentHashMap<>();
  private final Map<Integer, ProgressTracker> stageTracker = new ConcurrentHashMap<>();
  private final Map<Integer, Integer> stagePhase = new ConcurrentHashMap<>();
  private final ScheduledExecutorService ticks;

  private ProgressListener() {
    ticks = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "sparkctr-progress");
      t.setDaemon(true);
      return t;
    });
    ticks.scheduleWithFixedDelay(() -> {
      long now = System.nanoTime();
      trackers.values().forEach(t -> t.tick(now));
    }, 500, 500, TimeUnit.MILLISECONDS);
  }

  static synchronized ProgressListener of(SparkContext sc) {
    return BY_CONTEXT.computeIfAbsent(sc, c -> {
      ProgressListener l = new ProgressListener();
      c.addSparkListener(l);
      return l;
    });
  }

  void add(ProgressTracker t) {
    trackers.put(t.id(), t);
  }

  void remove(ProgressTracker t) {
    trackers.remove(t.id());
    stageTracker.values().removeIf(x -> x == t);
  }

  @Override
  public void onApplicationEnd(org.apache.spark.scheduler.SparkListenerApplicationEnd e) {
    ticks.shutdownNow();
    synchronized (ProgressListener.class) {
      BY_CONTEXT.values().remove(this);
    }
  }

  @Override
  public void onStageSubmitted(SparkListenerStageSubmitted e) {
    if (e.properties() == null) {
      return;
    }
    ProgressTracker t = trackers.get(String.valueOf(e.properties().getProperty(Progress.ID)));
    String phase = e.properties().getProperty(Progress.PHASE);
    if (t == null || phase == null) {
      return;
    }
    int id = e.stageInfo().stageId();
    stageTracker.put(id, t);
    stagePhase.put(id, Integer.parseInt(phase));
    t.stageSubmitted(Integer.parseInt(phase), e.stageInfo().numTasks());
  }

  @Override
  public void onTaskEnd(SparkListenerTaskEnd e) {
    ProgressTracker t = stageTracker.get(e.stageId());
    if (t == null) {
      return;
    }
    TaskMetrics m = e.taskMetrics();
    long rows = m == null ? 0 : m.inputMetrics().recordsRead() + m.shuffleReadMetrics().recordsRead();
    t.taskEnded(stagePhase.getOrDefault(e.stageId(), -1), e.taskInfo().taskId(), rows, e.taskInfo().successful());
  }

  @Override
  public void onExecutorMetricsUpdate(SparkListenerExecutorMetricsUpdate e) {
    Iterator<Tuple4<Object, Object, Object, scala.collection.Seq<AccumulableInfo>>> it = e.accumUpdates().iterator();
    while (it.hasNext()) {
      Tuple4<Object, Object, Object, scala.collection.Seq<AccumulableInfo>> u = it.next();
      ProgressTracker t = stageTracker.get((Integer) u._2());
      if (t == null) {
        continue;
      }
      Iterator<AccumulableInfo> infos = u._4().iterator();
      while (infos.hasNext()) {
        AccumulableInfo a = infos.next();
        if (a.update().isDefined() && a.update().get() instanceof Long v) {
          t.heartbeat(a.id(), (Long) u._1(), v);
        }
      }
    }
  }
}
