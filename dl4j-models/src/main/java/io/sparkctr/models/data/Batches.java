package io.sparkctr.models.data;

import java.util.List;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Feature rows to the graphs' single input array: row r is
 * {@code [low(id[0..F)) | high(id[0..F)) | dense[0..D)]}, labels [batch, 1]. Each id travels as
 * two floats, its low 24 bits and the bits above ({@link #decodeId}): every integer below 2^24 is
 * exact in a float, so ids are exact up to 2^48 in float and double graphs alike (one input array
 * per example, because DL4J's gradient sharing misbehaves with several inputs).
 */
public final class Batches {
  /** Bits of an id carried by its low float. */
  public static final int LOW_BITS = 24;
  private static final long LOW_MASK = (1L << LOW_BITS) - 1;

  private Batches() {}

  /** Columns of the input array for {@code fields} ids and {@code dense} values. */
  public static int width(int fields, int dense) {
    return 2 * fields + dense;
  }

  /** The id whose two-float encoding is {@code (low, high)}. */
  public static long decodeId(double low, double high) {
    return ((long) high << LOW_BITS) | (long) low;
  }

  /** Rows {@code order[from..to)} of {@code rows} as one DataSet. */
  public static DataSet of(List<FeatureRow> rows, int[] order, int from, int to, int fields, int dense) {
    int n = to - from;
    int width = width(fields, dense);
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
        x[base + f] = r.indices[f] & LOW_MASK;
        x[base + fields + f] = r.indices[f] >>> LOW_BITS;
      }
      for (int d = 0; d < dense; d++) {
        x[base + 2 * fields + d] = (float) r.dense[d];
      }
      y[i] = r.label;
    }
    INDArray features = Nd4j.create(x, new long[] {n, width}, DataType.FLOAT);
    INDArray labels = Nd4j.create(y, new long[] {n, 1}, DataType.FLOAT);
    return new DataSet(features, labels);
  }
}
