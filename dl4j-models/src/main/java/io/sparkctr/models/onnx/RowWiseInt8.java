package io.sparkctr.models.onnx;

/**
 * FBGEMM's row-wise 8-bit scheme for a table of k-dim rows: each row is stored as k unsigned bytes
 * q with its own scale and bias in binary16, and read back as {@code q · scale + bias}, so one row
 * takes k + 4 bytes instead of 4k (0.31× at k = 16). The bias is the row's minimum and the scale its
 * range / 255, both rounded to binary16 first; q is then rounded against the rounded values, so the
 * error of a value is at most half a step (scale / 2) plus binary16's rounding of the minimum.
 */
public final class RowWiseInt8 {
  /** Bytes of one quantized row of {@code dim} values: the bytes, then the binary16 scale and bias. */
  public static long bytesPerRow(int dim) {
    return dim + 4L;
  }

  private RowWiseInt8() {}

  /**
   * Quantizes {@code rows} rows of {@code dim} values from {@code in}: q into {@code q[r·dim..]},
   * the binary16 scale and bias into {@code scale[r]} and {@code bias[r]}.
   */
  public static void quantize(float[] in, int rows, int dim, byte[] q, short[] scale, short[] bias) {
    for (int r = 0; r < rows; r++) {
      int from = r * dim;
      float min = Float.POSITIVE_INFINITY;
      float max = Float.NEGATIVE_INFINITY;
      for (int c = 0; c < dim; c++) {
        min = Math.min(min, in[from + c]);
        max = Math.max(max, in[from + c]);
      }
      short b = Half.fromFloat(min);
      short s = Half.fromFloat((max - min) / 255f);
      float bf = Half.toFloat(b);
      float sf = Half.toFloat(s);
      for (int c = 0; c < dim; c++) {
        int v = sf > 0 ? Math.round((in[from + c] - bf) / sf) : 0;
        q[from + c] = (byte) Math.max(0, Math.min(255, v));
      }
      scale[r] = s;
      bias[r] = b;
    }
  }

  /** The value a quantized entry reads back as. */
  public static float dequantize(byte q, short scale, short bias) {
    return (q & 0xff) * Half.toFloat(scale) + Half.toFloat(bias);
  }
}
