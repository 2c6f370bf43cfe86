package io.sparkctr.models.tables;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * One table as a stream. Format 1, big-endian header then little-endian floats:
 * <pre>
 *   int magic 0x53435442 ("SCTB") · int format 1 · UTF name · long rows · int dim
 *   UTF optimizer · double learning rate · double l1 · double l2
 *   boolean with-state · long step · rows × (dim [+ state width when with-state]) floats
 * </pre>
 * Without state (a serving bundle) only the weights are written; reading such a table derives
 * the state from the weights ({@code stateFromWeights}: zeros, FTRL's z reproducing w), so it can
 * still warm start training.
 */
public final class TableIO {
  static final int MAGIC = 0x53435442;
  static final int FORMAT = 1;
  private static final int BUFFER_FLOATS = 1 << 18;

  private TableIO() {}

  public static void write(LocalTable t, boolean withState, OutputStream os) throws IOException {
    DataOutputStream out = new DataOutputStream(os);
    TableOptimizer o = t.optimizer();
    out.writeInt(MAGIC);
    out.writeInt(FORMAT);
    out.writeUTF(t.name());
    out.writeLong(t.rows());
    out.writeInt(t.dim());
    out.writeUTF(o.name());
    out.writeDouble(o.learningRate());
    out.writeDouble(o.l1());
    out.writeDouble(o.l2());
    out.writeBoolean(withState);
    out.writeLong(t.step());
    RowStore s = t.store();
    int width = withState ? s.stride : t.dim();
    int perBlock = Math.max(1, BUFFER_FLOATS / width);
    ByteBuffer buf = ByteBuffer.allocate(perBlock * width * 4).order(ByteOrder.LITTLE_ENDIAN);
    for (long row = 0; row < s.rows; ) {
      int n = (int) Math.min(perBlock, s.rows - row);
      buf.clear();
      for (int i = 0; i < n; i++, row++) {
        float[] chunk = s.chunk(row);
        int off = s.offset(row);
        for (int j = 0; j < width; j++) {
          buf.putFloat(chunk[off + j]);
        }
      }
      out.write(buf.array(), 0, n * width * 4);
    }
    out.flush();
  }

  /**
   * @param source names the stream in error messages
   * @throws IllegalArgumentException when the stream is not a table of a format this code reads
   */
  public static LocalTable read(InputStream is, String source) throws IOException {
    DataInputStream in = new DataInputStream(is);
    if (in.readInt() != MAGIC) {
      throw new IllegalArgumentException("Cannot read table " + source + ": not a sparkctr table file");
    }
    int format = in.readInt();
    if (format != FORMAT) {
      throw new IllegalArgumentException("Cannot read table " + source + ": format " + format + ", this version reads "
          + FORMAT);
    }
    String name = in.readUTF();
    long rows = in.readLong();
    int dim = in.readInt();
    TableOptimizer o = new TableOptimizer(in.readUTF(), in.readDouble(), in.readDouble(), in.readDouble());
    boolean withState = in.readBoolean();
    long step = in.readLong();
    LocalTable t = new LocalTable(name, rows, dim, o);
    t.setStep(step);
    RowStore s = t.store();
    int width = withState ? s.stride : dim;
    int perBlock = Math.max(1, BUFFER_FLOATS / width);
    byte[] bytes = new byte[perBlock * width * 4];
    ByteBuffer buf = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
    for (long row = 0; row < rows; ) {
      int n = (int) Math.min(perBlock, rows - row);
      in.readFully(bytes, 0, n * width * 4);
      buf.clear();
      for (int i = 0; i < n; i++, row++) {
        float[] chunk = s.chunk(row);
        int off = s.offset(row);
        for (int j = 0; j < width; j++) {
          chunk[off + j] = buf.getFloat();
        }
        if (!withState) {
          t.rowOptimizer().stateFromWeights(chunk, off, dim);
        }
      }
    }
    return t;
  }
}
