package io.sparkctr.models.tables;

/**
 * FBGEMM's row-wise 8-bit scheme for a table of k-dim rows: each row is stored as k unsigned bytes
 * q with its own scale and bias in binary16, and read back as {@code q · scale + bias}, so one row
 * takes k + 4 bytes instead of 4k (0.31× at k = 16). The bias is the row's minimum and the scale its
 * range / 255, both rounded to binary16 first; q is then rounded against the rounded values, so the
 * error of a value is at most half a step (scale / 2) plus binary16's rounding of the minimum.
 *
 * <p>The one home of this arithmetic: the ONNX export (q, scale and bias as three tensors) and the
 * bundle's int8 tables ({@link Int8Table}: fused rows, FBGEMM's layout {@code [q(k) | scale | bias]},
 * the two binary16 values little-endian) both quantize and read back through it.
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
      int sb = quantizeRow(in, r * dim, dim, q, r * dim);
      scale[r] = (short) (sb >>> 16);
      bias[r] = (short) sb;
    }
  }

  /**
   * Quantizes {@code rows} rows of {@code dim} values from {@code in} into fused rows of
   * {@link #bytesPerRow} bytes each: {@code out[r·(dim + 4)..]} = q, scale, bias.
   */
  public static void quantizeFused(float[] in, int rows, int dim, byte[] out) {
    int stride = dim + 4;
    for (int r = 0; r < rows; r++) {
      int at = r * stride;
      int sb = quantizeRow(in, r * dim, dim, out, at);
      putHalf(out, at + dim, (short) (sb >>> 16));
      putHalf(out, at + dim + 2, (short) sb);
    }
  }

  /**
   * Reads back the fused row at {@code in[off..]} into {@code out[outOff, outOff + dim)}: each value
   * {@link #dequantize}d, bit for bit.
   */
  public static void dequantizeFused(byte[] in, int off, int dim, float[] out, int outOff) {
    short scale = getHalf(in, off + dim);
    short bias = getHalf(in, off + dim + 2);
    for (int c = 0; c < dim; c++) {
      out[outOff + c] = dequantize(in[off + c], scale, bias);
    }
  }

  /**
   * Replaces the {@code rows} rows of {@code dim} values in {@code v} by what they read back as once
   * quantized: the float values an int8 table of them serves (references in tests and quality checks).
   */
  public static void readBack(float[] v, int rows, int dim) {
    byte[] q = new byte[dim];
    for (int r = 0; r < rows; r++) {
      int sb = quantizeRow(v, r * dim, dim, q, 0);
      for (int c = 0; c < dim; c++) {
        v[r * dim + c] = dequantize(q[c], (short) (sb >>> 16), (short) sb);
      }
    }
  }

  /** The value a quantized entry reads back as. */
  public static float dequantize(byte q, short scale, short bias) {
    return (q & 0xff) * Half.toFloat(scale) + Half.toFloat(bias);
  }

  /** The binary16 scale of the fused row at {@code row[off..]} of {@code dim} values. */
  public static short scaleOf(byte[] row, int off, int dim) {
    return getHalf(row, off + dim);
  }

  /** The binary16 bias of the fused row at {@code row[off..]} of {@code dim} values. */
  public static short biasOf(byte[] row, int off, int dim) {
    return getHalf(row, off + dim + 2);
  }

  /** Quantizes one row into {@code q[qOff, qOff + dim)}; returns (scale bits << 16) | bias bits. */
  private static int quantizeRow(float[] in, int from, int dim, byte[] q, int qOff) {
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
      q[qOff + c] = (byte) Math.max(0, Math.min(255, v));
    }
    return (s & 0xffff) << 16 | (b & 0xffff);
  }

  private static void putHalf(byte[] a, int at, short h) {
    a[at] = (byte) h;
    a[at + 1] = (byte) (h >>> 8);
  }

  private static short getHalf(byte[] a, int at) {
    return (short) ((a[at] & 0xff) | (a[at + 1] & 0xff) << 8);
  }
}
