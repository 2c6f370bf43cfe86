package io.sparkctr.models.tables;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;

/**
 * Table format {@value TableIO#FORMAT_INT8} ({@link TableIO}'s stream, read-only row-wise int8 tables):
 * <pre>
 *   int magic 0x53435442 · int format 3 · UTF name · long rows · int dim
 *   rows × (dim uint8 · binary16 scale · binary16 bias)   the fused rows of {@link RowWiseInt8}, halves little-endian
 * </pre>
 * No optimizer and no state: such a table is read back only as an {@link Int8Table}, for serving.
 * A row takes k + 4 bytes instead of the float format's 4k.
 */
final class Int8TableIO {
  private Int8TableIO() {}

  /**
   * Writes {@code t} under {@code name}: quantized block by block (a {@link LocalTable}'s rows as
   * {@link LocalTable#gather} reads them, any pending regularization applied), or copied as stored for an
   * {@link Int8Table}.
   */
  static void write(String name, EmbeddingTable t, OutputStream os) throws IOException {
    DataOutputStream out = new DataOutputStream(os);
    out.writeInt(TableIO.MAGIC);
    out.writeInt(TableIO.FORMAT_INT8);
    out.writeUTF(name);
    out.writeLong(t.rows());
    out.writeInt(t.dim());
    int stride = (int) RowWiseInt8.bytesPerRow(t.dim());
    Int8Rows rows = new Int8Rows(t);
    for (long from = 0; from < t.rows(); from += Int8Rows.BLOCK) {
      int n = rows.count(from);
      out.write(rows.read(from, n), 0, n * stride);
    }
    out.flush();
  }

  /** Reads the rest of a format-3 stream, after its magic and format. */
  static Int8Table readBody(DataInputStream in, String source) throws IOException {
    String name = in.readUTF();
    long rows = in.readLong();
    int dim = in.readInt();
    if (rows < 1 || dim < 1) {
      throw new IllegalArgumentException("Cannot read table " + source + ": its header gives " + rows + " rows of "
          + dim + " values");
    }
    Int8Table t = new Int8Table(name, rows, dim);
    int stride = (int) RowWiseInt8.bytesPerRow(dim);
    byte[] buf = new byte[(int) Math.min(Int8Rows.BLOCK, rows) * stride];
    for (long from = 0; from < rows; from += Int8Rows.BLOCK) {
      int n = (int) Math.min(Int8Rows.BLOCK, rows - from);
      in.readFully(buf, 0, n * stride);
      t.setRows(from, n, buf);
    }
    return t;
  }
}
