package io.sparkctr.jobs.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.Config;
import io.sparkctr.features.SparkTestSession;
import io.sparkctr.features.config.FeatureConfig;
import io.sparkctr.features.manifest.FeatureManifest;
import io.sparkctr.features.spark.FeaturePipeline;
import io.sparkctr.features.split.Split;
import io.sparkctr.jobs.PlantedFeatures;
import io.sparkctr.jobs.TrainJob;
import io.sparkctr.models.data.FeatureRow;
import io.sparkctr.models.train.EpochStats;
import io.sparkctr.models.train.LocalTrainer;
import io.sparkctr.training.DistributedTrainer;
import io.sparkctr.training.Exchange;
import io.sparkctr.training.TrainSettings;
import io.sparkctr.training.data.FeatureParquet;
import io.sparkctr.training.tables.sharded.ShardedSession;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.Optional;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tables sharded across two executor JVMs ({@code local-cluster[2,1,2048]}, set by the
 * {@code local-cluster} Surefire execution): training learns as well as one JVM's table and as
 * replicated tables on the same planted data and epochs, records what the tables moved per epoch,
 * closes its table servers, and a second run in the same application (with the other training
 * master for the dense part) works.
 */
@Tag("local-cluster")
class LocalClusterShardedTablesTest {
  private static final Logger LOG = LoggerFactory.getLogger(LocalClusterShardedTablesTest.class);
  private static final int BASE_PORT = 25300;

  @Test
  void shardedTablesTrainLikeReplicatedOnes(@TempDir Path dir) throws IOException {
    SparkSession spark = SparkTestSession.get();
    // only the local-cluster execution runs it; -Dtest=... also selects it in the default (local[2]) one
    String twoEpochs = LocalClusterTrainingTest.TWO_EPOCHS;
    TrainJob.Result sharded = TrainJob.run(spark, PlantedFeatures.train(dir.resolve("sharded"),
        twoEpochs + "\nsparkctr.training.tables = sharded", false));
    List<ShardedSession.Traffic> traffic = sharded.training().tableTraffic();
    assertPortsFree();
    TrainJob.Result replicated = TrainJob.run(spark, PlantedFeatures.train(dir.resolve("replicated"),
        twoEpochs + "\nsparkctr.training.tables = replicated", false));
    assertEquals(List.of(), replicated.training().tableTraffic(), "replicated tables move nothing per step");
    log("sharded", sharded, traffic);
    log("replicated", replicated, List.of());

    double oneJvmAuc = oneJvm(spark, sharded, PlantedFeatures.features(), PlantedFeatures.config(twoEpochs));
    double shardedAuc = sharded.training().validation().auc();
    double replicatedAuc = replicated.training().validation().auc();
    LOG.info(String.format("validation AUC: sharded %.4f, replicated %.4f, one JVM %.4f", shardedAuc, replicatedAuc,
        oneJvmAuc));
    assertTrue(shardedAuc > 0.75, "sharded AUC " + shardedAuc);
    // sharded tables apply every step to the one copy of each row, as one JVM does: the reference
    assertEquals(oneJvmAuc, shardedAuc, 0.01, "sharded tables vs one JVM's table");
    // replicated tables average N copies after the epoch, which halves each row's step with two
    // executors: after one epoch they have learnt at most as much as sharded ones (0.794 vs 0.795 and
    // 0.781 vs 0.793 in two runs), later they may overfit less; so the first epoch, one-sided
    double shardedFirst = sharded.training().state().epochs().get(0).validationAuc();
    double replicatedFirst = replicated.training().state().epochs().get(0).validationAuc();
    assertTrue(shardedFirst >= replicatedFirst - 0.01, "sharded " + shardedFirst + " vs replicated "
        + replicatedFirst + " after epoch 1");
    int best = sharded.training().state().bestEpoch();
    assertEquals(sharded.training().state().epochs().get(best - 1).validationAuc(), shardedAuc, 1e-6,
        "the kept model is the best epoch's, its tables put back into the shards for the final validation");
    assertEquals(2, traffic.size(), "one record per epoch: " + traffic);
    for (ShardedSession.Traffic t : traffic) {
      // the owners wrote their shards into the epoch's checkpoint: no rows came to the driver during training
      assertTrue(t.bytes() > 0 && t.requests() > 0 && t.checkpointBytes() > 0, t.toString());
    }

    // a second run in the same application, with gradient sharing for the dense part (on UDP ports of
    // its own: other builds on a shared machine run gradient sharing's tests on the default ones)
    TrainJob.Result again = TrainJob.run(spark, PlantedFeatures.train(dir.resolve("again"),
        "sparkctr.training { epochs = 1, tables = sharded, master = gradient-sharing,\n"
            + "  gradient-sharing { controller-port = 24133, executor-base-port = 24250 } }", false));
    log("sharded, gradient sharing, second run", again, again.training().tableTraffic());
    // not compared with one JVM here: on these 20k rows gradient sharing's first epoch lags it by
    // 0.02-0.035 (threshold encoding holds back small updates as residuals; two workers make half the
    // steps), at 1M rows it is within 0.0007 (docs/benchmarks.md, "bench-train")
    assertTrue(again.training().validation().auc() > 0.7, "second run AUC " + again.training().validation().auc());
    assertPortsFree();
  }

  /**
   * Per-field tables shard like the one default table: the features of c1 and c2 in their own index
   * space of 2^12 and Wide&amp;Deep with k = 4 there, 8 elsewhere; every group's two tables are served by
   * the owners, the bundle holds them all, and the run learns.
   */
  @Test
  void perFieldTablesShardLikeTheDefaultOne(@TempDir Path dir) throws IOException {
    SparkSession spark = SparkTestSession.get();
    String tables = "sparkctr.features.hashing.tables = [{ name = pair, bits = 12, fields = [c1, c2] }]\n"
        + "sparkctr.model { type = wide-deep, table-dims { pair = 4 } }\n";
    String features = dir.resolve("features").toString();
    FeaturePipeline.run(spark, FeatureConfig.from(PlantedFeatures.config(tables), "test.conf")
        .withPaths(PlantedFeatures.logs(), features));
    String out = dir.resolve("model").toString();
    TrainJob.Result r = TrainJob.run(spark, new TrainJob.Params(PlantedFeatures.config(tables
        + "sparkctr.training { epochs = 1, tables = sharded }"), "test.conf", features, out,
        TrainJob.defaultCheckpoints(out), false, false));
    log("sharded, per-field tables", r, r.training().tableTraffic());
    assertEquals(Set.of("linear-emb-pair", "linear-emb", "emb-pair", "emb"), r.bundle().tables().names());
    assertEquals(4, r.bundle().tables().local("emb-pair").dim());
    assertEquals(1L << 12, r.bundle().tables().local("emb-pair").rows());
    assertEquals(8, r.bundle().tables().local("emb").dim());
    double oneJvmAuc = oneJvm(spark, r, features, PlantedFeatures.config(tables + "sparkctr.training.epochs = 1"));
    LOG.info(String.format("validation AUC: sharded Wide&Deep %.4f, one JVM %.4f", r.training().validation().auc(),
        oneJvmAuc));
    assertEquals(oneJvmAuc, r.training().validation().auc(), 0.01, "sharded Wide&Deep vs one JVM");
    assertEquals(1, r.training().tableTraffic().size());
    assertPortsFree();
  }

  @Test
  void aTableServerThatCannotStartFailsTheRunAndReleasesTheOthers(@TempDir Path dir) throws IOException {
    SparkSession spark = SparkTestSession.get();
    // another process holds executor 1's table port
    try (ServerSocket taken = new ServerSocket(BASE_PORT + 1, 1, InetAddress.getLoopbackAddress())) {
      TrainJob.Params params = PlantedFeatures.train(dir, "sparkctr.training { epochs = 1, tables = sharded }", false);
      long t0 = System.nanoTime();
      Exception e = assertThrows(Exception.class, () -> TrainJob.run(spark, params));
      LOG.info("a table server that cannot start failed the run after {} ms: {}", (System.nanoTime() - t0) / 1_000_000,
          e.getMessage());
      assertTrue(e.getMessage().contains("Cannot start the table server at 127.0.0.1:" + (BASE_PORT + 1)),
          e.getMessage());
      assertFalse(Files.exists(Path.of(params.modelOut())), "nothing published");
    }
    assertPortsFree();
  }

  @Test
  void aRunThatFailsAfterAnEpochReleasesItsServersAndResumesFromTheCheckpoint(@TempDir Path dir) throws IOException {
    SparkSession spark = SparkTestSession.get();
    String conf = LocalClusterTrainingTest.TWO_EPOCHS + "\nsparkctr.training.tables = sharded";
    TrainJob.Params first = PlantedFeatures.train(dir, conf, false);
    DistributedTrainer.EpochListener crash = epoch -> {
      if (epoch.epoch() == 1) {
        throw new IllegalStateException("simulated crash after epoch 1");
      }
    };
    Exception e = assertThrows(Exception.class, () -> TrainJob.run(spark, first, Optional.empty(), crash));
    assertTrue(messages(e).contains("simulated crash after epoch 1"), messages(e));
    assertFalse(Files.exists(Path.of(first.modelOut())), "nothing published");
    assertPortsFree();
    // the checkpoint holds the owners' shard files: the driver assembles them, a new session shards them again
    TrainJob.Result resumed = TrainJob.run(spark, PlantedFeatures.train(dir, conf, true));
    assertEquals(List.of(1, 2), resumed.training().state().epochs().stream().map(EpochStats::epoch).toList());
    assertTrue(resumed.training().validation().auc() > 0.75, "resumed AUC " + resumed.training().validation().auc());
    assertTrue(Files.exists(Path.of(first.modelOut())), "published after the resumed run");
    assertPortsFree();
  }

  /** DCN-v2 (its cross network reads the same sparse layers) trains in both table placements across executor JVMs. */
  @Test
  void dcnV2TrainsWithShardedAndWithReplicatedTables(@TempDir Path dir) throws IOException {
    SparkSession spark = SparkTestSession.get();
    for (String placement : List.of("sharded", "replicated")) {
      String conf = "sparkctr.training { epochs = 1 }\nsparkctr.model.type = dcn-v2\nsparkctr.training.tables = "
          + placement;
      TrainJob.Result r = TrainJob.run(spark, PlantedFeatures.train(dir.resolve(placement), conf, false));
      assertEquals(io.sparkctr.models.graph.ModelType.DCN_V2, r.bundle().spec().type());
      assertTrue(r.training().validation().auc() > 0.75, placement + ": AUC " + r.training().validation().auc());
      LOG.info(String.format("dcn-v2, %s tables: validation AUC %.4f", placement, r.training().validation().auc()));
    }
    assertPortsFree();
  }

  private static String messages(Throwable e) {
    StringBuilder sb = new StringBuilder();
    for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
      sb.append(t).append(" / ");
    }
    return sb.toString();
  }

  /**
   * Validation AUC of the one-JVM trainer (one table, every step applied to it) on the same features,
   * model and schedule ({@code config}'s training settings) as {@code cluster}'s run.
   */
  private static double oneJvm(SparkSession spark, TrainJob.Result cluster, String features, Config config) {
    FeatureManifest m = FeatureParquet.manifest(spark, features);
    List<FeatureRow> train = FeatureParquet.collect(spark, features, m, Split.TRAIN, 1_000_000);
    List<FeatureRow> val = FeatureParquet.collect(spark, features, m, Split.VALIDATION, 1_000_000);
    TrainSettings t = TrainSettings.from(config, "test.conf");
    return LocalTrainer.train(cluster.bundle().spec(), train, val, t.schedule(), m.downsampling().negativeRate())
        .validation().auc();
  }

  /** The executors' table servers (executor ids 0 and 1 on this host) have closed their ports. */
  private static void assertPortsFree() throws IOException {
    for (int port = BASE_PORT; port < BASE_PORT + 2; port++) {
      try (ServerSocket s = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
        assertTrue(s.isBound());
      }
    }
  }

  private static void log(String name, TrainJob.Result r, List<ShardedSession.Traffic> traffic) {
    StringBuilder sb = new StringBuilder(name + String.format(": validation AUC %.4f", r.training().validation().auc()));
    List<EpochStats> epochs = r.training().state().epochs();
    for (int i = 0; i < epochs.size(); i++) {
      EpochStats e = epochs.get(i);
      Exchange x = r.training().exchanges().get(i);
      sb.append(String.format("%n  epoch %d: val AUC %.4f, %.0f ex/s, dense %.2f MB (%s)", e.epoch(),
          e.validationAuc(), e.examplesPerSecond(), x.bytes() / 1e6, x.detail()));
      if (i < traffic.size()) {
        ShardedSession.Traffic t = traffic.get(i);
        sb.append(String.format(", tables %.2f MB in %d requests (%.0f bytes/step) + %.2f MB of shard checkpoints",
            t.bytes() / 1e6, t.requests(), (double) t.bytes() / Math.max(1, x.steps()), t.checkpointBytes() / 1e6));
      }
    }
    LOG.info(sb.toString());
  }
}
