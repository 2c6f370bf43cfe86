package io.sparkctr.models.tables;

/**
 * Any table's rows as int8 fused rows ({@link RowWiseInt8}: k uint8 values, the binary16 scale and
 * bias), a block at a time: an {@link Int8Table}'s are copied as stored (never quantized twice), a float
 * table's are gathered and quantized. Both writers of int8 tables read through it — the bundle's table
 * files ({@link Int8TableIO}) and the ONNX export's tensors — so a table never sits whole in a second array.
 *
 * <pre>
 *   Int8Rows r = new Int8Rows(table);
 *   for (long from = 0; from &lt; table.rows(); from += Int8Rows.BLOCK) {
 *     int n = r.count(from);
 *     byte[] fused = r.read(from, n); // n × (k + 4) bytes
 *   }
 * </pre>
 */
public final class Int8Rows {
  /** Rows per block. */
  public static final int BLOCK = 1 << 16;
  private final EmbeddingTable table;
  private final byte[] fused;
  private final long[] ids;
  private final float[] floats;

  public Int8Rows(EmbeddingTable table) {
    this.table = table;
    int blockRows = (int) Math.min(BLOCK, table.rows());
    this.fused = new byte[blockRows * (int) RowWiseInt8.bytesPerRow(table.dim())];
    boolean quantizes = !(table instanceof Int8Table);
    this.ids = quantizes ? new long[blockRows] : null;
    this.floats = quantizes ? new float[blockRows * table.dim()] : null;
  }

  /** Rows in the block that starts at row {@code from}: {@link #BLOCK}, or fewer at the end. */
  public int count(long from) {
    return (int) Math.min(BLOCK, table.rows() - from);
  }

  /**
   * Rows {@code [from, from + n)} ({@code n ≤ BLOCK}) as fused rows in the first {@code n · (k + 4)}
   * bytes of the returned array, which the next call reuses.
   */
  public byte[] read(long from, int n) {
    if (table instanceof Int8Table t) {
      t.getRows(from, n, fused);
      return fused;
    }
    for (int i = 0; i < n; i++) {
      ids[i] = from + i;
    }
    table.gather(ids, n, floats);
    RowWiseInt8.quantizeFused(floats, n, table.dim(), fused);
    return fused;
  }
}
