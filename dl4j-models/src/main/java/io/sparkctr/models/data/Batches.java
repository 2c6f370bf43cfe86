package io.sparkctr.models.data;

import java.util.List;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Feature rows to the graphs' single input array: row r is
 * {@code [indices[0..F) as floats | dense[0..D)]}, labels [batch, 1]. Indices are exact as floats
 * up to 2^24, which {@code ModelSpec} enforces.
 */
public final class Batches {
  private Batches() {}

  /** Rows {@code order[from..to)} of {@code rows} as one DataSet. */
  public static DataSet of(List<FeatureRow> rows, int[] order, int from, int to, int fields, int dense) {
    int n = to - from;
    int width = fields + dense;
    float[] x = new float[n * width];
    float[] y = new float[n];
    for (int i = 0; i < n; i++) {
      FeatureRow r = rows.get(order == null ? from + i : order[from + i]);
      if (r.indices.length != fields || r.dense.length != dense) {
        throw new IllegalArgumentException("Cannot batch row: " + r.indices.length + " indices and " + r.dense.length
            + " dense values, the model expects " + fields + " and " + dense);
      }
      int base = i * width;
      for (int f = 0; f < fields; f++) {
        x[base + f] = r.indices[f];
      }
      for (int d = 0; d < dense; d++) {
        x[base + fields + d] = (float) r.dense[d];
      }
      y[i] = r.label;
    }
    INDArray features = Nd4j.create(x, new long[] {n, width}, DataType.FLOAT);
    INDArray labels = Nd4j.create(y, new long[] {n, 1}, DataType.FLOAT);
    return new DataSet(features, labels);
  }
}
