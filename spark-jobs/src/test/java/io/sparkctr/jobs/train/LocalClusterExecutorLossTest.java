package io.sparkctr.jobs.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparkctr.features.SparkTestSession;
import io.sparkctr.jobs.PlantedFeatures;
import io.sparkctr.jobs.TrainJob;
import io.sparkctr.models.train.EpochStats;
import io.sparkctr.training.DistributedTrainer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import java.util.Optional;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerStageSubmitted;
import org.apache.spark.scheduler.SparkListenerTaskStart;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An executor JVM killed (SIGKILL) in the middle of a training epoch with sharded tables: the run
 * fails with a message naming the lost executor and its shard, instead of retrying tasks against a
 * missing owner; nothing is published; the surviving executor's table server is released; and
 * {@code --resume} completes the run from the last checkpoint on the executors alive then (the
 * survivor and the worker's replacement JVM). Runs in an application of its own, so the other tests
 * keep executors 0 and 1.
 */
@Tag("local-cluster")
class LocalClusterExecutorLossTest {
  private static final Logger LOG = LoggerFactory.getLogger(LocalClusterExecutorLossTest.class);

  @AfterEach
  void stopOwnApplication() {
    SparkSession.getActiveSession().foreach(s -> {
      s.stop();
      return null;
    });
  }

  @Test
  @Timeout(value = 10, unit = TimeUnit.MINUTES)  // a hang is the failure this test exists to catch
  void anExecutorKilledMidEpochFailsTheRunNamingItsShardAndResumeCompletes(@TempDir Path dir) throws Exception {
    String features = PlantedFeatures.features();  // made (or reused) before this test's own application
    SparkSession spark = SparkTestSession.fresh(Map.of());
    assertTrue(spark.sparkContext().master().startsWith("local-cluster"), spark.sparkContext().master());
    String conf = LocalClusterTrainingTest.TWO_EPOCHS + "\nsparkctr.training { tables = sharded, table-timeout = 5s }";
    TrainJob.Params params = PlantedFeatures.train(dir, conf, false);
    assertEquals(features, params.features());

    KillInEpochTwo killer = new KillInEpochTwo("1");
    spark.sparkContext().addSparkListener(killer);
    DistributedTrainer.EpochListener armAfterEpochOne = epoch -> killer.armed.set(epoch.epoch() == 1);
    long t0 = System.nanoTime();
    Exception e = assertThrows(Exception.class, () -> TrainJob.run(spark, params, Optional.empty(), armAfterEpochOne));
    spark.sparkContext().removeSparkListener(killer);
    LOG.info("run failed {} ms after it started, killed pid {}: {}", (System.nanoTime() - t0) / 1_000_000,
        killer.killed.get(), e.getMessage());
    assertNotNull(killer.killed.get(), "executor 1 was killed during epoch 2's training");
    assertTrue(e.getMessage().contains("executor 1, the owner of shard 1"), e.getMessage());
    assertTrue(e.getMessage().contains("--resume"), e.getMessage());
    assertFalse(Files.exists(Path.of(params.modelOut())), "nothing published");
    try (Stream<Path> s = Files.list(dir)) {
      assertTrue(s.noneMatch(p -> p.getFileName().toString().contains("staging")), "no staging left in " + dir);
    }
    assertPortFree(25300);  // the survivor released its server

    TrainJob.Result resumed = TrainJob.run(spark, PlantedFeatures.train(dir, conf, true));
    assertEquals(List.of(1, 2), resumed.training().state().epochs().stream().map(EpochStats::epoch).toList());
    assertTrue(resumed.training().validation().auc() > 0.75, "resumed AUC " + resumed.training().validation().auc());
    assertFalse(resumed.training().driverHeldRows(), "the owners read their rows of the checkpoint themselves");
    assertTrue(Files.exists(Path.of(params.modelOut())), "published after the resumed run");
    for (int port = 25300; port < 25304; port++) {
      assertPortFree(port);
    }
  }

  /**
   * Kills executor {@code id}'s JVM when a task of a DL4J training stage starts after
   * {@link #armed} (not of the stage that counts the minibatches first): Spark's local-cluster workers start executors as child processes of this JVM.
   */
  private static final class KillInEpochTwo extends SparkListener {
    final AtomicBoolean armed = new AtomicBoolean();
    final AtomicReference<Long> killed = new AtomicReference<>();
    private final String id;
    private final Map<Integer, String> stages = new ConcurrentHashMap<>();

    KillInEpochTwo(String id) {
      this.id = id;
    }

    @Override
    public void onStageSubmitted(SparkListenerStageSubmitted e) {
      stages.put(e.stageInfo().stageId(), e.stageInfo().name());
    }

    @Override
    public void onTaskStart(SparkListenerTaskStart e) {
      String stage = stages.getOrDefault(e.stageId(), "");
      if (armed.get() && stage.contains("ParameterAveraging") && !stage.startsWith("count at")
          && killed.get() == null) {
        ProcessHandle.current().descendants()
            .filter(p -> p.info().arguments().map(a -> String.join(" ", a)).orElse("")
                .matches(".*CoarseGrainedExecutorBackend.*--executor-id " + id + " .*"))
            .findFirst()
            .ifPresent(p -> {
              if (killed.compareAndSet(null, p.pid())) {
                LOG.info("killing executor {} (pid {}) at the start of a task of stage '{}'", id, p.pid(), stage);
                p.destroyForcibly();
              }
            });
      }
    }
  }

  private static void assertPortFree(int port) throws IOException {
    try (ServerSocket s = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
      assertTrue(s.isBound());
    }
  }
}
