package io.sparkctr.models.data;

import java.util.List;
import org.nd4j.linalg.dataset.DataSet;

/**
 * Feature rows to the graphs' single input array: row r is
 * {@code [low(id[0..F)) | high(id[0..F)) | dense[0..D)]}, labels [batch, 1]. Each id travels as
 * two floats, its low 24 bits and the bits above ({@link #decodeId}): every integer below 2^24 is
 * exact in a float, so ids are exact up to 2^48 in float and double graphs alike (one input array
 * per example, because DL4J's gradient sharing misbehaves with several inputs). Pooled
 * (multi-valued) fields add their padded id positions and weights ({@link InputLayout}).
 */
public final class Batches {
  /** Bits of an id carried by its low float. */
  public static final int LOW_BITS = 24;
  private static final long LOW_MASK = (1L << LOW_BITS) - 1;

  private Batches() {}

  /** Columns of the input array for {@code fields} ids and {@code dense} values (no pooled fields). */
  public static int width(int fields, int dense) {
    return 2 * fields + dense;
  }

  /** The id whose two-float encoding is {@code (low, high)}. */
  public static long decodeId(double low, double high) {
    return ((long) high << LOW_BITS) | (long) low;
  }

  /** Rows {@code order[from..to)} of {@code rows} as one DataSet (no pooled fields). */
  public static DataSet of(List<FeatureRow> rows, int[] order, int from, int to, int fields, int dense) {
    return of(rows, order, from, to, InputLayout.of(fields, dense));
  }

  /** Rows {@code order[from..to)} of {@code rows} as one DataSet laid out as {@code layout} says. */
  public static DataSet of(List<FeatureRow> rows, int[] order, int from, int to, InputLayout layout) {
    return arrays(rows, order, from, to, layout).toDataSet();
  }

  /** Rows {@code order[from..to)} of {@code rows} as one minibatch of plain arrays, laid out as {@link #of}. */
  public static MiniBatch arrays(List<FeatureRow> rows, int[] order, int from, int to, InputLayout layout) {
    int n = to - from;
    int fields = layout.fields();
    int dense = layout.dense();
    int positions = layout.positions();
    int width = layout.width();
    float[] x = new float[n * width];
    float[] y = new float[n];
    for (int i = 0; i < n; i++) {
      FeatureRow r = rows.get(order == null ? from + i : order[from + i]);
      if (r.indices.length != fields || r.dense.length != dense || r.bags.length != layout.bags()) {
        throw new IllegalArgumentException("Cannot batch row: " + r.indices.length + " indices, " + r.bags.length
            + " pooled fields and " + r.dense.length + " dense values, the model expects " + fields + ", "
            + layout.bags() + " and " + dense);
      }
      int base = i * width;
      for (int f = 0; f < fields; f++) {
        x[base + f] = r.indices[f] & LOW_MASK;
        x[base + positions + f] = r.indices[f] >>> LOW_BITS;
      }
      int p = fields;
      int w = 2 * positions;
      for (int b = 0; b < layout.bags(); b++) {
        int[] ids = r.bags[b];
        float[] weights = r.bagWeights[b];
        int len = layout.bagLength(b);
        if (ids.length > len || weights.length != ids.length) {
          throw new IllegalArgumentException("Cannot batch row: pooled field " + b + " has " + ids.length
              + " items and " + weights.length + " weights, the model takes at most " + len);
        }
        for (int j = 0; j < ids.length; j++) {
          x[base + p + j] = ids[j] & LOW_MASK;
          x[base + positions + p + j] = ids[j] >>> LOW_BITS;
          x[base + w + (p - fields) + j] = weights[j];
        }
        p += len;
      }
      for (int d = 0; d < dense; d++) {
        x[base + layout.idColumns() + d] = (float) r.dense[d];
      }
      y[i] = r.label;
    }
    return new MiniBatch(x, y, width);
  }
}
