package io.sparkctr.training.sharing;

import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerJobStart;
import org.apache.spark.scheduler.SparkListenerTaskEnd;
import org.apache.spark.scheduler.SparkListenerTaskStart;
import org.apache.spark.scheduler.StageInfo;
import org.apache.spark.scheduler.TaskInfo;
import scala.collection.JavaConverters;

/**
 * Watches one epoch's training jobs (a Spark job group) on the driver: an executor that has been
 * running a training task for longer than the join timeout while its port is not among the mesh
 * root's nodes never joined (DL4J's worker would wait for the root's answer forever). The watch then
 * records why and cancels the job group, interrupting the waiting tasks.
 *
 * <p>DL4J first counts the minibatches in a separate job ({@code count at ...}); its tasks do not
 * join the mesh and are not watched.
 */
final class MeshWatch extends SparkListener implements AutoCloseable {
  private final JavaSparkContext sc;
  private final String group;
  private final GradientSharingSettings settings;
  private final Set<Integer> trainingStages = ConcurrentHashMap.newKeySet();
  private final Map<Long, TaskInfo> running = new ConcurrentHashMap<>();
  private final AtomicReference<String> failure = new AtomicReference<>();
  private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
    Thread t = new Thread(r, "sparkctr-mesh-watch");
    t.setDaemon(true);
    return t;
  });

  MeshWatch(JavaSparkContext sc, String group, GradientSharingSettings settings) {
    this.sc = sc;
    this.group = group;
    this.settings = settings;
    sc.sc().addSparkListener(this);
    timer.scheduleWithFixedDelay(this::check, 1, 1, TimeUnit.SECONDS);
  }

  /** Why the epoch was cancelled, or null. */
  String failure() {
    return failure.get();
  }

  @Override
  public void onJobStart(SparkListenerJobStart e) {
    if (!group.equals(e.properties().getProperty("spark.jobGroup.id"))) {
      return;
    }
    for (StageInfo s : JavaConverters.seqAsJavaList(e.stageInfos())) {
      if (!s.name().startsWith("count at")) {
        trainingStages.add(s.stageId());
      }
    }
  }

  @Override
  public void onTaskStart(SparkListenerTaskStart e) {
    if (trainingStages.contains(e.stageId())) {
      running.put(e.taskInfo().taskId(), e.taskInfo());
    }
  }

  @Override
  public void onTaskEnd(SparkListenerTaskEnd e) {
    running.remove(e.taskInfo().taskId());
  }

  private void check() {
    if (failure.get() != null || running.isEmpty()) {
      return;
    }
    long now = System.currentTimeMillis();
    Set<String> mesh = Dl4jInternals.meshNodeIds();
    for (TaskInfo t : running.values()) {
      Duration ran = Duration.ofMillis(now - t.launchTime());
      if ("driver".equals(t.executorId()) || ran.compareTo(settings.joinTimeout()) < 0) {
        continue;
      }
      int port = settings.portOf(t.executorId());
      if (mesh.stream().noneMatch(id -> id.endsWith(":" + port))) {
        String why = "executor " + t.executorId() + " on " + t.host() + " has run training task " + t.taskId()
            + " for " + ran.toSeconds() + " s without joining the mesh: no node with port " + port + " among the root's "
            + mesh + " (check training.gradient-sharing.controller-address/-port, network-mask, and that UDP ports "
            + settings.controllerPort() + " and " + settings.executorBasePort() + "+ are open between all hosts)";
        if (failure.compareAndSet(null, why)) {
          sc.cancelJobGroup(group);
        }
        return;
      }
    }
  }

  @Override
  public void close() {
    timer.shutdownNow();
    sc.sc().removeSparkListener(this);
  }
}
