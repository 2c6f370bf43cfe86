package io.sparkctr.jobs.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparkctr.features.SparkTestSession;
import io.sparkctr.features.config.FeatureConfig;
import io.sparkctr.features.spark.FeaturePipeline;
import io.sparkctr.jobs.PlantedFeatures;
import io.sparkctr.jobs.TrainJob;
import io.sparkctr.models.tables.LocalTable;
import io.sparkctr.models.tables.ModelTables;
import io.sparkctr.training.tables.sharded.ShardedSession;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An embedding table larger than an executor's whole heap trains when sharded: executors of 512 MiB
 * ({@code spark.executor.memory}, in an application of this test's own), a DeepFM whose tables hold
 * 2^23 rows (the k = 16 embeddings with row-wise AdaGrad alone are 2^23 × 17 floats = 544 MiB), each
 * of the two executors holding half of the rows. Replicated tables would need the whole table in
 * every executor; the heap check in {@code LocalTable} refuses a shard that does not fit, so the run
 * itself shows that each shard fitted.
 */
@Tag("local-cluster")
class LocalClusterLargeTableTest {
  private static final Logger LOG = LoggerFactory.getLogger(LocalClusterLargeTableTest.class);
  private static final long EXECUTOR_HEAP = 512L << 20;

  @AfterEach
  void stopOwnApplication() {
    SparkSession.getActiveSession().foreach(s -> {
      s.stop();
      return null;
    });
  }

  @Test
  void aTableLargerThanAnExecutorsHeapTrainsSharded(@TempDir Path dir) {
    String logs = PlantedFeatures.logs();  // made (or reused) before this test's own application
    SparkSession spark = SparkTestSession.fresh(Map.of("spark.executor.memory", "512m"));
    assertEquals(EXECUTOR_HEAP, spark.sparkContext().conf().getSizeAsBytes("spark.executor.memory"));
    String overrides = String.join("\n",
        "sparkctr.features.hashing.bits = 23",
        "sparkctr.model { embedding-dim = 16, tables.linear { optimizer = adagrad, learning-rate = 0.05 },",
        "  tables.embedding { optimizer = adagrad, learning-rate = 0.01, decay = 0, adaptive = false } }",
        "sparkctr.training { epochs = 1, tables = sharded }");
    String features = dir.resolve("features").toString();
    FeaturePipeline.run(spark, FeatureConfig.from(PlantedFeatures.config(overrides), "test.conf")
        .withPaths(logs, features));
    String out = dir.resolve("model").toString();
    TrainJob.Result r = TrainJob.run(spark, new TrainJob.Params(PlantedFeatures.config(overrides), "test.conf",
        features, out, TrainJob.defaultCheckpoints(out), false, false));

    ModelTables tables = r.bundle().tables();
    LocalTable embedding = tables.local(tables.names().stream().filter(n -> tables.local(n).dim() == 16)
        .findFirst().orElseThrow());
    long tableBytes = embedding.rows() * LocalTable.bytesPerRow(16, embedding.optimizer());
    List<ShardedSession.Traffic> traffic = r.training().tableTraffic();
    LOG.info(String.format("2^23-row tables with 512 MiB executors: embedding table %.0f MiB (all tables %.0f MiB), "
            + "validation AUC %.4f, %s", tableBytes / 1048576.0, allBytes(tables) / 1048576.0,
        r.training().validation().auc(), traffic));
    assertEquals(1L << 23, embedding.rows());
    assertTrue(tableBytes > EXECUTOR_HEAP, "the embedding table alone (" + tableBytes + " bytes) is larger than an "
        + "executor's heap");
    assertEquals(1, traffic.size());
    assertTrue(traffic.get(0).bytes() > 0, "rows were pulled and pushed between the executors: " + traffic);
    assertTrue(r.training().validation().auc() > 0.7, "learnt: AUC " + r.training().validation().auc());
    assertFalse(r.training().driverHeldRows(), "the driver allocated no rows while the executors trained");
  }

  private static long allBytes(ModelTables tables) {
    long sum = 0;
    for (String n : tables.names()) {
      LocalTable t = tables.local(n);
      sum += t.rows() * LocalTable.bytesPerRow(t.dim(), t.optimizer());
    }
    return sum;
  }
}
