package io.sparkctr.training.executor;

import io.sparkctr.common.hash.SplitMix64;
import io.sparkctr.models.data.FeatureParquet;
import io.sparkctr.models.data.FeatureRow;
import io.sparkctr.models.metrics.CtrMetrics;
import io.sparkctr.models.metrics.MetricsOptions;
import io.sparkctr.models.metrics.PairedMetrics;
import io.sparkctr.models.train.Predictions;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.util.ModelSerializer;

/**
 * Scores feature rows on the executors with a broadcast copy of the model and combines the
 * mergeable {@link CtrMetrics} partials of each partition with a tree reduce: each partial has a
 * bounded size ({@link CtrMetrics}), so executors and driver hold constant memory whatever the rows.
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
   * ({@code ModelSpec#recalibrationFactor}).
   */
  public static CtrMetrics metrics(JavaSparkContext sc, ComputationGraph net, Dataset<Row> rows, int fields,
                                   int dense, double factor, MetricsOptions options) {
    try (BroadcastModel model = BroadcastModel.of(sc, net)) {
      JavaRDD<CtrMetrics> partials = rows.javaRDD().mapPartitions(it -> {
        GpuAffinity.bindCurrentTask();
        CtrMetrics m = new CtrMetrics(factor, options);
        ComputationGraph local = null;
        while (it.hasNext()) {
          List<FeatureRow> chunk = next(it);
          if (local == null) {
            local = model.restore();
          }
          double[] p = Predictions.predict(local, chunk, fields, dense);
          for (int i = 0; i < p.length; i++) {
            FeatureRow r = chunk.get(i);
            m.add(r.label, p[i], r.group, r.timestamp);
          }
        }
        return List.of(m).iterator();
      });
      if (partials.getNumPartitions() == 0) {
        throw new IllegalArgumentException("Cannot compute metrics: there are no rows to score");
      }
      return partials.treeReduce(CtrMetrics::merge, TREE_DEPTH);
    }
  }

  /**
   * Models A and B (same feature transform) on the same rows in one pass: both metrics and the
   * paired bootstrap of their difference, bootstrap weights seeded by the options' seed and the partition.
   */
  public static PairedMetrics compare(JavaSparkContext sc, ComputationGraph a, double factorA, ComputationGraph b,
                                      double factorB, Dataset<Row> rows, int fields, int dense,
                                      MetricsOptions options) {
    try (BroadcastModel ma = BroadcastModel.of(sc, a); BroadcastModel mb = BroadcastModel.of(sc, b)) {
      JavaRDD<PairedMetrics> partials = rows.javaRDD().mapPartitions(it -> {
        GpuAffinity.bindCurrentTask();
        PairedMetrics m = new PairedMetrics(factorA, factorB, options, stream(options.seed()));
        ComputationGraph la = null;
        ComputationGraph lb = null;
        while (it.hasNext()) {
          List<FeatureRow> chunk = next(it);
          if (la == null) {
            la = ma.restore();
            lb = mb.restore();
          }
          double[] pa = Predictions.predict(la, chunk, fields, dense);
          double[] pb = Predictions.predict(lb, chunk, fields, dense);
          for (int i = 0; i < pa.length; i++) {
            FeatureRow r = chunk.get(i);
            m.add(r.label, pa[i], pb[i], r.group, r.timestamp, null);
          }
        }
        return List.of(m).iterator();
      });
      if (partials.getNumPartitions() == 0) {
        throw new IllegalArgumentException("Cannot compare models: there are no rows to score");
      }
      return partials.treeReduce(PairedMetrics::merge, TREE_DEPTH);
    }
  }

  /** The bootstrap stream of the running task's partition. */
  public static long stream(long seed) {
    TaskContext t = TaskContext.get();
    return SplitMix64.mix(seed * 0x9E3779B97F4A7C15L + (t == null ? 0 : t.partitionId()));
  }

  private static List<FeatureRow> next(Iterator<Row> it) {
    List<FeatureRow> chunk = new ArrayList<>(CHUNK);
    while (it.hasNext() && chunk.size() < CHUNK) {
      chunk.add(FeatureParquet.toFeatureRow(it.next()));
    }
    return chunk;
  }
}
