package io.sparkctr.models.onnx;

import io.sparkctr.models.tables.EmbeddingTable;
import io.sparkctr.models.tables.Int8Rows;
import io.sparkctr.models.tables.Quantization;
import io.sparkctr.models.tables.RowWiseInt8;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import onnx.Onnx.TensorProto;

/**
 * One embedding table as initializers of the ONNX graph: a float tensor [rows, k], or with
 * {@link Quantization#INT8} the uint8 rows [rows, k] with binary16 scale and bias [rows, 1] each
 * ({@link RowWiseInt8}; an int8 bundle's table as stored, {@link Int8Rows}). Rows are read in chunks, so a
 * table is never copied whole into another array.
 */
final class TableTensors {
  private static final int CHUNK = 1 << 16;

  /**
   * A table as stored in the graph: {@code name} (float) or {@code name_q}, {@code name_scale},
   * {@code name_bias} (quantized).
   */
  record Stored(String name, int dim, boolean quantized) {}

  private TableTensors() {}

  /** Bytes {@code t} takes in the graph. */
  static long bytes(EmbeddingTable t, boolean quantized) {
    return t.rows() * (quantized ? RowWiseInt8.bytesPerRow(t.dim()) : 4L * t.dim());
  }

  /**
   * Adds table {@code t} as initializers named after {@code name}.
   *
   * @param external the model's directory, to write the data beside it; null: inline
   */
  static Stored add(OnnxNodes g, EmbeddingTable t, String name, boolean quantize, Path external) {
    int k = t.dim();
    long rows = t.rows();
    if (!quantize) {
      try (TensorSink s = sink(name, TensorProto.DataType.FLOAT_VALUE, new long[] {rows, k}, external)) {
        forEachChunk(t, (buf, n) -> s.write(floatBytes(buf, n * k)));
        g.initializer(s.finish());
      }
      return new Stored(name, k, false);
    }
    long[] column = {rows, 1};
    try (TensorSink q = sink(name + "_q", TensorProto.DataType.UINT8_VALUE, new long[] {rows, k}, external);
         TensorSink sc = sink(name + "_scale", TensorProto.DataType.FLOAT16_VALUE, column, external);
         TensorSink bi = sink(name + "_bias", TensorProto.DataType.FLOAT16_VALUE, column, external)) {
      Int8Rows fused = new Int8Rows(t);
      for (long from = 0; from < rows; from += Int8Rows.BLOCK) {
        int n = fused.count(from);
        split(fused.read(from, n), n, k, q, sc, bi);
      }
      g.initializer(q.finish());
      g.initializer(sc.finish());
      g.initializer(bi.finish());
    }
    return new Stored(name, k, true);
  }

  /** Writes {@code n} fused rows ({@link RowWiseInt8}) as their three tensors' bytes. */
  private static void split(byte[] rows, int n, int k, TensorSink q, TensorSink scale, TensorSink bias) {
    int stride = (int) RowWiseInt8.bytesPerRow(k);
    byte[] qb = new byte[n * k];
    short[] s = new short[n];
    short[] b = new short[n];
    for (int r = 0; r < n; r++) {
      System.arraycopy(rows, r * stride, qb, r * k, k);
      s[r] = RowWiseInt8.scaleOf(rows, r * stride, k);
      b[r] = RowWiseInt8.biasOf(rows, r * stride, k);
    }
    q.write(qb);
    scale.write(shortBytes(s));
    bias.write(shortBytes(b));
  }

  private interface ChunkConsumer {
    void accept(float[] rows, int count);
  }

  private static void forEachChunk(EmbeddingTable t, ChunkConsumer c) {
    int k = t.dim();
    long[] ids = new long[CHUNK];
    float[] buf = new float[CHUNK * k];
    for (long from = 0; from < t.rows(); from += CHUNK) {
      int n = (int) Math.min(CHUNK, t.rows() - from);
      for (int i = 0; i < n; i++) {
        ids[i] = from + i;
      }
      t.gather(ids, n, buf);
      c.accept(buf, n);
    }
  }

  private static TensorSink sink(String name, int type, long[] dims, Path external) {
    return external == null ? TensorSink.inline(name, type, dims) : TensorSink.file(external, name, type, dims);
  }

  private static byte[] floatBytes(float[] v, int n) {
    ByteBuffer b = ByteBuffer.allocate(4 * n).order(ByteOrder.LITTLE_ENDIAN);
    b.asFloatBuffer().put(v, 0, n);
    return b.array();
  }

  private static byte[] shortBytes(short[] v) {
    ByteBuffer b = ByteBuffer.allocate(2 * v.length).order(ByteOrder.LITTLE_ENDIAN);
    b.asShortBuffer().put(v);
    return b.array();
  }
}
