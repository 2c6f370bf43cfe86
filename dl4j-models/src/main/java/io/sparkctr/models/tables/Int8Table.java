package io.sparkctr.models.tables;

/**
 * A read-only {@link EmbeddingTable} held as row-wise int8 ({@link RowWiseInt8}'s fused rows of
 * k + 4 bytes: k uint8 values, the binary16 scale and bias), as an int8 bundle stores it
 * ({@code export --quantize int8}). {@link #gather} dequantizes only the rows asked for, so the table
 * stays (k + 4) / 4k of its float bytes in memory (0.31× at k = 16). It is for serving only:
 * {@link #applyGradients} refuses, and so does everything that trains or copies tables with their
 * optimizer state ({@link ModelTables#local}, {@link TableIO#read}).
 *
 * <p>Rows live in byte chunks of just under 8 MiB on the heap, as {@link RowStore}'s floats do; the
 * heap is checked before they are allocated. Lookups do not lock (nothing writes after loading).
 */
public final class Int8Table implements EmbeddingTable {
  private final String name;
  private final long rows;
  private final int dim;
  private final int stride;
  private final int chunkRows;
  private final byte[][] chunks;

  /** A table of zero bytes (rows reading back as 0), to be filled by {@link #setRows}. */
  public Int8Table(String name, long rows, int dim) {
    if (rows < 1 || dim < 1) {
      throw new IllegalArgumentException("Cannot create int8 table '" + name + "': " + rows + " rows of " + dim);
    }
    this.name = name;
    this.rows = rows;
    this.dim = dim;
    this.stride = (int) RowWiseInt8.bytesPerRow(dim);
    this.chunkRows = Math.max(1, RowStore.CHUNK_BYTES / stride);
    RowStore.checkFits(String.format(java.util.Locale.ROOT, "int8 table '%s' (%,d rows × %d bytes)", name, rows,
        stride), bytes(rows, dim));
    int n = (int) ((rows + chunkRows - 1) / chunkRows);
    chunks = new byte[n][];
    for (int c = 0; c < n; c++) {
      chunks[c] = new byte[(int) Math.min(chunkRows, rows - (long) c * chunkRows) * stride];
    }
  }

  /** Bytes a table of {@code rows} int8 rows of {@code dim} values takes in memory (under 64 more per chunk). */
  public static long bytes(long rows, int dim) {
    long stride = RowWiseInt8.bytesPerRow(dim);
    return rows * stride + (rows / Math.max(1, RowStore.CHUNK_BYTES / stride) + 1) * 64L;
  }

  /** The refusal of everything that trains from (or copies the state of) int8 tables; names {@code what}. */
  public static IllegalArgumentException servingOnly(String what) {
    return new IllegalArgumentException("Cannot train from " + what
        + ": its tables are int8 (export --quantize int8), serving only");
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public int dim() {
    return dim;
  }

  @Override
  public long rows() {
    return rows;
  }

  /** Row {@code ids[i]}, dequantized, into {@code out[i·dim, (i+1)·dim)}: {@code q · scale + bias} per value. */
  @Override
  public void gather(long[] ids, int count, float[] out) {
    for (int i = 0; i < count; i++) {
      long id = check(ids[i]);
      RowWiseInt8.dequantizeFused(chunks[RowStore.chunkIndex(id, chunkRows)], offset(id), dim, out, i * dim);
    }
  }

  /** Refuses: an int8 table is read-only. */
  @Override
  public void applyGradients(long[] ids, float[] grads, int count, TableStep step) {
    throw servingOnly("the model of table '" + name + "'");
  }

  /** Copies the fused rows {@code [from, from + n)} into {@code out[0, n · (dim + 4))}. */
  public void getRows(long from, int n, byte[] out) {
    for (int i = 0; i < n; i++) {
      long id = check(from + i);
      System.arraycopy(chunks[RowStore.chunkIndex(id, chunkRows)], offset(id), out, i * stride, stride);
    }
  }

  /** Overwrites the fused rows {@code [from, from + n)} with {@code in[0, n · (dim + 4))} (loading). */
  public void setRows(long from, int n, byte[] in) {
    for (int i = 0; i < n; i++) {
      long id = check(from + i);
      System.arraycopy(in, i * stride, chunks[RowStore.chunkIndex(id, chunkRows)], offset(id), stride);
    }
  }

  private int offset(long id) {
    return RowStore.rowInChunk(id, chunkRows) * stride;
  }

  private long check(long id) {
    if (id < 0 || id >= rows) {
      throw new IllegalArgumentException("Cannot look up row " + id + " of int8 table '" + name + "': it has "
          + rows + " rows");
    }
    return id;
  }
}
