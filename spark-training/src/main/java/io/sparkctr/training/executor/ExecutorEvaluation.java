package io.sparkctr.training.executor;

import io.sparkctr.models.data.FeatureParquet;
import io.sparkctr.models.data.FeatureRow;
import io.sparkctr.models.metrics.CtrMetrics;
import io.sparkctr.models.train.Predictions;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.util.ModelSerializer;

/**
 * Scores feature rows on the executors with a broadcast copy of the model and combines the
 * mergeable {@link CtrMetrics} partials of each partition into one on the driver.
 */
public final class ExecutorEvaluation {
  private static final int CHUNK = 4096;

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

  /**
   * Metrics of {@code net} on {@code rows}, predictions recalibrated with {@code factor}
   * ({@code ModelSpec#recalibrationFactor}).
   */
  public static CtrMetrics metrics(JavaSparkContext sc, ComputationGraph net, Dataset<Row> rows, int fields,
                                   int dense, double factor) {
    try (BroadcastModel model = BroadcastModel.of(sc, net)) {
      JavaRDD<CtrMetrics> partials = rows.javaRDD().mapPartitions(it -> {
        GpuAffinity.bindCurrentTask();
        CtrMetrics m = new CtrMetrics(factor, 10);
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
      return partials.reduce(CtrMetrics::merge);
    }
  }

  private static List<FeatureRow> next(Iterator<Row> it) {
    List<FeatureRow> chunk = new ArrayList<>(CHUNK);
    while (it.hasNext() && chunk.size() < CHUNK) {
      chunk.add(FeatureParquet.toFeatureRow(it.next()));
    }
    return chunk;
  }
}
