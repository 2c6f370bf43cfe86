package io.sparkctr.training.scoring;

import io.sparkctr.common.hash.SplitMix64;
import io.sparkctr.models.bundle.NonFinitePrediction;
import io.sparkctr.models.data.FeatureRow;
import io.sparkctr.models.metrics.CtrMetrics;
import io.sparkctr.models.metrics.MetricsOptions;
import io.sparkctr.models.metrics.PairedMetrics;
import io.sparkctr.models.metrics.SliceMetrics;
import io.sparkctr.models.train.Predictions;
import io.sparkctr.training.data.FeatureRowReader;
import io.sparkctr.training.executor.Chunked;
import io.sparkctr.training.executor.GpuAffinity;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.storage.StorageLevel;
import scala.Tuple2;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.util.ModelSerializer;

/**
 * Scores feature rows on the executors with a broadcast copy of the model and combines the
 * mergeable {@link CtrMetrics} partials of each partition with a tree reduce: each partial has a
 * bounded size ({@link CtrMetrics}), and GAUC groups are reduced after a shuffle by group
 * ({@link GroupAuc}), so the driver holds constant memory whatever the rows and groups.
 */
public final class ExecutorEvaluation {
  private static final int CHUNK = 4096;
  private static final int TREE_DEPTH = 2;

  private ExecutorEvaluation() {}

  /** The graph as bytes (no updater), to broadcast; its tables travel apart ({@link BroadcastModel}). */
  static byte[] modelBytes(ComputationGraph net) {
    try {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      ModelSerializer.writeModel(net, out, false);
      return out.toByteArray();
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot serialize the model for the executors", e);
    }
  }

  /** The graph broadcast as {@link #modelBytes}. */
  static ComputationGraph restore(byte[] bytes) {
    try {
      return ModelSerializer.restoreComputationGraph(new ByteArrayInputStream(bytes), false);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot restore the broadcast model", e);
    }
  }

  /** As {@link #metrics(JavaSparkContext, ComputationGraph, Dataset, int, int, double, MetricsOptions)} with defaults. */
  public static CtrMetrics metrics(JavaSparkContext sc, ComputationGraph net, Dataset<Row> rows, int fields,
                                   int dense, double factor) {
    return metrics(sc, net, rows, fields, dense, factor, MetricsOptions.DEFAULT);
  }

  /**
   * Metrics of {@code net} on {@code rows}, predictions recalibrated with {@code factor}
   * ({@code ModelSpec#recalibrationFactor}). The rows are scored once (kept on the executors,
   * memory and disk); GAUC groups are then reduced by a shuffle ({@link GroupAuc}).
   */
  public static CtrMetrics metrics(JavaSparkContext sc, ComputationGraph net, Dataset<Row> rows, int fields,
                                   int dense, double factor, MetricsOptions options) {
    try (BroadcastModel model = BroadcastModel.of(sc, net)) {
      JavaRDD<Scored> scored = score(rows, model, null, fields, dense);
      try {
        if (scored.getNumPartitions() == 0) {
          throw new IllegalArgumentException("Cannot compute metrics: there are no rows to score");
        }
        CtrMetrics m = scored.mapPartitions(it -> {
          CtrMetrics c = new CtrMetrics(factor, options);
          it.forEachRemaining(r -> c.add(r.label, r.a, null, r.timestamp));
          return List.of(c).iterator();
        }).treeReduce(CtrMetrics::merge, TREE_DEPTH);
        return m.withGauc(GroupAuc.of(scored.filter(r -> r.group != null).mapToPair(r -> new Tuple2<>(r.group,
            new double[] {CtrMetrics.recalibrate(r.a, factor), r.label}))));
      } finally {
        scored.unpersist(false);
      }
    }
  }

  /**
   * The mean logloss of {@code net}'s predictions (not recalibrated) on {@code rows}, as {@link #metrics} with
   * factor 1 reports it, in one scoring pass: nothing is kept on the executors and no GAUC is computed (the
   * training loss of each epoch). A non-finite prediction fails the job as in {@link #metrics}.
   */
  public static double logloss(JavaSparkContext sc, ComputationGraph net, Dataset<Row> rows, int fields, int dense) {
    try (BroadcastModel model = BroadcastModel.of(sc, net)) {
      JavaRDD<Scored> scored = scoreRows(rows, model, null, fields, dense);
      if (scored.getNumPartitions() == 0) {
        throw new IllegalArgumentException("Cannot compute the logloss: there are no rows to score");
      }
      double[] sum = scored.mapPartitions(it -> {
        double[] s = new double[2];
        it.forEachRemaining(r -> {
          s[0] += SliceMetrics.logloss(r.label, r.a);
          s[1]++;
        });
        return List.of(s).iterator();
      }).treeReduce((x, y) -> new double[] {x[0] + y[0], x[1] + y[1]}, TREE_DEPTH);
      return sum[1] == 0 ? Double.NaN : sum[0] / sum[1];
    }
  }

  /**
   * Models A and B (same feature transform) on the same rows: both metrics and the paired bootstrap
   * of their difference (weights seeded by the options' seed and the partition), the rows scored
   * once by both; GAUC groups reduced by a shuffle ({@link GroupAuc}).
   */
  public static PairedMetrics compare(JavaSparkContext sc, ComputationGraph a, double factorA, ComputationGraph b,
                                      double factorB, Dataset<Row> rows, int fields, int dense,
                                      MetricsOptions options) {
    try (BroadcastModel ma = BroadcastModel.of(sc, a); BroadcastModel mb = BroadcastModel.of(sc, b)) {
      JavaRDD<Scored> scored = score(rows, ma, mb, fields, dense);
      try {
        if (scored.getNumPartitions() == 0) {
          throw new IllegalArgumentException("Cannot compare models: there are no rows to score");
        }
        PairedMetrics m = scored.mapPartitions(it -> {
          PairedMetrics pm = new PairedMetrics(factorA, factorB, options, stream(options.seed()));
          it.forEachRemaining(r -> pm.add(r.label, r.a, r.b, null, r.timestamp, null));
          return List.of(pm).iterator();
        }).treeReduce(PairedMetrics::merge, TREE_DEPTH);
        JavaRDD<Scored> grouped = scored.filter(r -> r.group != null);
        m.a().withGauc(GroupAuc.of(grouped.mapToPair(r -> new Tuple2<>(r.group,
            new double[] {CtrMetrics.recalibrate(r.a, factorA), r.label}))));
        m.b().withGauc(GroupAuc.of(grouped.mapToPair(r -> new Tuple2<>(r.group,
            new double[] {CtrMetrics.recalibrate(r.b, factorB), r.label}))));
        return m;
      } finally {
        scored.unpersist(false);
      }
    }
  }

  /** A scored row: label, raw predictions of model A (and B), group, time. Plain class: Kryo. */
  static final class Scored implements java.io.Serializable {
    final int label;
    final double a;
    final double b;
    final String group;
    final long timestamp;

    Scored(int label, double a, double b, String group, long timestamp) {
      this.label = label;
      this.a = a;
      this.b = b;
      this.group = group;
      this.timestamp = timestamp;
    }
  }

  /** The bootstrap stream of the running task's partition. */
  public static long stream(long seed) {
    TaskContext t = TaskContext.get();
    return SplitMix64.mix(seed * 0x9E3779B97F4A7C15L + (t == null ? 0 : t.partitionId()));
  }

  /**
   * The rows scored by model {@code a} (and {@code b}, or null), a chunk at a time in each task, kept
   * on the executors (memory and disk) for the passes that follow; the caller unpersists.
   */
  private static JavaRDD<Scored> score(Dataset<Row> rows, BroadcastModel a, BroadcastModel b, int fields, int dense) {
    return scoreRows(rows, a, b, fields, dense).persist(StorageLevel.MEMORY_AND_DISK_SER());
  }

  /**
   * The rows scored by model {@code a} (and {@code b}, or null), a chunk at a time in each task, not kept; read from
   * Spark's internal rows ({@link FeatureRowReader}).
   */
  private static JavaRDD<Scored> scoreRows(Dataset<Row> rows, BroadcastModel a, BroadcastModel b, int fields,
                                           int dense) {
    return FeatureRowReader.keyedRows(rows).mapPartitions(it -> {
      GpuAffinity.bindCurrentTask();
      ComputationGraph[] local = {null, null};
      return Chunked.map(it, CHUNK, chunk -> {
        if (local[0] == null) {
          local[0] = a.restore();
          local[1] = b == null ? null : b.restore();
        }
        List<FeatureRow> features = new ArrayList<>(chunk.size());
        chunk.forEach(k -> features.add(k.row()));
        double[] pa = Predictions.predict(local[0], features, fields, dense);
        double[] pb = local[1] == null ? null : Predictions.predict(local[1], features, fields, dense);
        List<Scored> out = new ArrayList<>(pa.length);
        for (int i = 0; i < pa.length; i++) {
          FeatureRow r = features.get(i);
          FeatureRowReader.Keyed k = chunk.get(i);
          NonFinitePrediction.require(pa[i], "evaluate", () -> key(k));
          if (pb != null) {
            NonFinitePrediction.require(pb[i], "evaluate (second model)", () -> key(k));
          }
          out.add(new Scored(r.label, pa[i], pb == null ? Double.NaN : pb[i], r.group, r.timestamp));
        }
        return out;
      });
    });
  }

  /** A row's key for messages: its id where the features keep one, else its time and the task's partition. */
  private static String key(FeatureRowReader.Keyed k) {
    return k.id() != null ? k.id()
        : "(no id; time " + k.row().timestamp + ", partition " + org.apache.spark.TaskContext.getPartitionId() + ")";
  }
}
