package io.sparkctr.models.train;

import io.sparkctr.models.data.Batches;
import io.sparkctr.models.data.FeatureRow;
import io.sparkctr.models.data.InputLayout;
import io.sparkctr.models.layers.TableBinding;
import io.sparkctr.models.metrics.CtrMetrics;
import java.util.List;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.ndarray.INDArray;

/** Batched inference and metrics over feature rows. */
public final class Predictions {
  static final int BATCH = 4096;

  private Predictions() {}

  /**
   * Raw model probabilities (not recalibrated), in row order. The pooled fields' lengths come from
   * the graph's sparse layers.
   */
  public static double[] predict(ComputationGraph net, List<FeatureRow> rows, int fields, int dense) {
    return predict(net, rows, new InputLayout(fields, TableBinding.bagLengthsOf(net), dense));
  }

  /** Raw model probabilities (not recalibrated), in row order. */
  public static double[] predict(ComputationGraph net, List<FeatureRow> rows, InputLayout layout) {
    double[] out = new double[rows.size()];
    for (int from = 0; from < rows.size(); from += BATCH) {
      int to = Math.min(rows.size(), from + BATCH);
      INDArray p = net.outputSingle(false, Batches.of(rows, null, from, to, layout).getFeatures());
      for (int i = from; i < to; i++) {
        out[i] = p.getDouble(i - from, 0);
      }
    }
    return out;
  }

  /** Metrics of the model on {@code rows}, predictions recalibrated with {@code recalibrationFactor}. */
  public static CtrMetrics evaluate(ComputationGraph net, List<FeatureRow> rows, int fields, int dense,
                                    double recalibrationFactor) {
    double[] p = predict(net, rows, fields, dense);
    CtrMetrics m = new CtrMetrics(recalibrationFactor, 10);
    for (int i = 0; i < p.length; i++) {
      FeatureRow r = rows.get(i);
      m.add(r.label, p[i], r.group, r.timestamp);
    }
    return m;
  }
}
