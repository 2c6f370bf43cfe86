package io.sparkctr.models.tables;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;

/**
 * One table as a stream, big-endian header then little-endian floats:
 * <pre>
 *   int magic 0x53435442 ("SCTB") · int format (1 or 2; 3: {@link Int8TableIO}) · UTF name · long rows · int dim
 *   UTF optimizer · double learning rate · double l1 · double l2
 *   [format 2: double decay · double shrink · boolean adaptive]
 *   boolean with-state · long step · rows × (dim [+ state width when with-state]) floats
 * </pre>
 * Format 2 is written only for a table that regularizes every row ({@link TableOptimizer#decay()},
 * {@link TableOptimizer#shrink()}); every other table is written as format 1, byte for byte as before
 * format 2 existed, and both are read. The table is flushed first ({@link LocalTable#flush}), so
 * the weights written are final: no per-row regularization is pending and none is stored.
 * Without state (a serving bundle) only the weights are written; reading such a table derives
 * the state from the weights ({@code stateFromWeights}: zeros, FTRL's z reproducing w), so it can
 * still warm start training.
 *
 * <p>Format 3 is a read-only row-wise int8 table ({@link Int8TableIO}, {@code export --quantize int8}):
 * {@link #readServing} reads every format, as a {@link LocalTable} or an {@link Int8Table}; {@link #read}
 * and {@link #readRows}, which feed training, refuse it ({@link Int8Table#servingOnly}).
 */
public final class TableIO {
  static final int MAGIC = 0x53435442;
  static final int FORMAT = 1;
  /** With the optimizer's decay and shrink. */
  static final int FORMAT_EVERY_ROW = 2;
  /** Read-only row-wise int8 ({@link Int8TableIO}). */
  static final int FORMAT_INT8 = 3;
  private static final int BUFFER_FLOATS = 1 << 18;

  private TableIO() {}

  public static void write(LocalTable t, boolean withState, OutputStream os) throws IOException {
    write(t, withState, os, null);
  }

  /**
   * Writes table {@code name} of {@code tables} as stored under {@code q} ({@link Quantization#quantizes}):
   * format 3 when int8, else as {@link #write(LocalTable, boolean, OutputStream)}.
   *
   * @throws IllegalArgumentException when an int8 table would be written with optimizer state
   */
  public static void write(ModelTables tables, String name, Quantization q, boolean withState, OutputStream os)
      throws IOException {
    EmbeddingTable t = tables.table(name);
    if (!q.quantizes(t)) {
      write(tables.local(name), withState, os);
    } else if (withState) {
      throw new IllegalArgumentException("Cannot write table '" + name + "' with optimizer state: it is int8 (export "
          + "--quantize int8), serving only");
    } else {
      Int8TableIO.write(name, t, os);
    }
  }

  /** As {@link #write}, each row's floats multiplied by {@code rowFactor} of the row ({@link ReplicaMean}). */
  static void write(LocalTable t, boolean withState, OutputStream os, java.util.function.LongToIntFunction rowFactor)
      throws IOException {
    t.flush();
    DataOutputStream out = new DataOutputStream(os);
    TableOptimizer o = t.optimizer();
    boolean everyRow = o.decay() > 0 || o.shrink() > 0;
    out.writeInt(MAGIC);
    out.writeInt(everyRow ? FORMAT_EVERY_ROW : FORMAT);
    out.writeUTF(t.name());
    out.writeLong(t.rows());
    out.writeInt(t.dim());
    out.writeUTF(o.name());
    out.writeDouble(o.learningRate());
    out.writeDouble(o.l1());
    out.writeDouble(o.l2());
    if (everyRow) {
      out.writeDouble(o.decay());
      out.writeDouble(o.shrink());
      out.writeBoolean(o.adaptive());
    }
    out.writeBoolean(withState);
    out.writeLong(t.step());
    RowStore s = t.store();
    int width = withState ? s.stride : t.dim();
    int perBlock = Math.max(1, BUFFER_FLOATS / width);
    ByteBuffer buf = ByteBuffer.allocate(perBlock * width * 4).order(ByteOrder.LITTLE_ENDIAN);
    FloatBuffer floats = buf.asFloatBuffer(); // bulk puts of whole rows: a copy, not a conversion per float
    for (long row = 0; row < s.rows; ) {
      int n = (int) Math.min(perBlock, s.rows - row);
      floats.clear();
      for (int i = 0; i < n; i++, row++) {
        float[] chunk = s.chunk(row);
        int off = s.offset(row);
        if (rowFactor == null) {
          floats.put(chunk, off, width);
        } else {
          float f = rowFactor.applyAsInt(row);
          for (int j = 0; j < width; j++) {
            floats.put(chunk[off + j] * f);
          }
        }
      }
      out.write(buf.array(), 0, n * width * 4);
    }
    out.flush();
  }

  /** What a table stream's header says. */
  public record Header(String name, long rows, int dim, TableOptimizer optimizer, boolean withState, long step) {
    /** Floats per row handed to a {@link RowSink}: the weights and the optimizer's state. */
    public int stride() {
      return dim + optimizer.create().stateWidth(dim);
    }
  }

  /** Receives the rows of a table stream in order, each {@code [weights | optimizer state]}. */
  public interface RowSink {
    /** Row {@code row} is {@code values[off, off + stride)}; the array is reused after this returns. */
    void row(long row, float[] values, int off);
  }

  /**
   * @param source names the stream in error messages
   * @throws IllegalArgumentException when the stream is not a table of a format this code reads
   */
  public static LocalTable read(InputStream is, String source) throws IOException {
    DataInputStream in = new DataInputStream(is);
    return readLocal(in, trainableFormat(in, source), source);
  }

  /**
   * Reads a table of any format this code reads, for scoring: a {@link LocalTable} (formats 1 and 2) or
   * a read-only {@link Int8Table} (format 3).
   *
   * @throws IllegalArgumentException when the stream is not a table of a format this code reads
   */
  public static EmbeddingTable readServing(InputStream is, String source) throws IOException {
    DataInputStream in = new DataInputStream(is);
    int format = readFormat(in, source);
    return format == FORMAT_INT8 ? Int8TableIO.readBody(in, source) : readLocal(in, format, source);
  }

  private static LocalTable readLocal(DataInputStream in, int format, String source) throws IOException {
    LocalTable[] out = new LocalTable[1];
    readRows(in, format, source, h -> {
      LocalTable t = new LocalTable(h.name(), h.rows(), h.dim(), h.optimizer());
      t.setStep(h.step());
      out[0] = t;
      RowStore s = t.store();
      return (row, values, off) -> System.arraycopy(values, off, s.chunk(row), s.offset(row), s.stride);
    });
    return out[0];
  }

  /**
   * Streams a table without holding it: reads the header, asks {@code sinkOf} where its rows go, and
   * hands it every row with its optimizer state (derived from the weights, as {@link #read} does, for a
   * table written without state). Memory: one block of rows.
   *
   * @return the header
   * @throws IllegalArgumentException when the stream is not a table of a format this code reads
   */
  public static Header readRows(InputStream is, String source, java.util.function.Function<Header, RowSink> sinkOf)
      throws IOException {
    DataInputStream in = new DataInputStream(is);
    return readRows(in, trainableFormat(in, source), source, sinkOf);
  }

  /**
   * Reads a table stream's rows, weights and optimizer state, into the table {@code target} gives for
   * its header, in place, and sets that table's step: no second copy of the table is made.
   *
   * @param source names the stream in error messages
   * @throws IllegalArgumentException when the stream is not a table of a format this code reads, or its
   *     rows, dimension or optimizer state differ from the target's
   */
  public static Header readInto(InputStream is, String source, java.util.function.Function<Header, LocalTable> target)
      throws IOException {
    LocalTable[] into = new LocalTable[1];
    Header h = readRows(is, source, header -> {
      LocalTable t = target.apply(header);
      if (t.rows() != header.rows() || t.dim() != header.dim() || t.store().stride != header.stride()
          || !t.optimizer().name().equals(header.optimizer().name())) {
        throw new IllegalArgumentException("Cannot read table " + source + " into table '" + t.name() + "': it holds "
            + header.rows() + " rows of " + header.stride() + " floats (dimension " + header.dim() + ", "
            + header.optimizer().name() + "), the table " + t.rows() + " of " + t.store().stride + " (dimension "
            + t.dim() + ", " + t.optimizer().name() + ")");
      }
      into[0] = t;
      return t::writeRow;
    });
    into[0].setStep(h.step());
    return h;
  }

  /** The stream's format after its magic; refuses format 3, whose rows cannot be trained. */
  private static int trainableFormat(DataInputStream in, String source) throws IOException {
    int format = readFormat(in, source);
    if (format == FORMAT_INT8) {
      throw Int8Table.servingOnly("table " + source);
    }
    return format;
  }

  private static int readFormat(DataInputStream in, String source) throws IOException {
    if (in.readInt() != MAGIC) {
      throw new IllegalArgumentException("Cannot read table " + source + ": not a sparkctr table file");
    }
    int format = in.readInt();
    if (format != FORMAT && format != FORMAT_EVERY_ROW && format != FORMAT_INT8) {
      throw new IllegalArgumentException("Cannot read table " + source + ": format " + format + ", this version reads "
          + FORMAT + ", " + FORMAT_EVERY_ROW + " and " + FORMAT_INT8);
    }
    return format;
  }

  private static Header readRows(DataInputStream in, int format, String source,
                                 java.util.function.Function<Header, RowSink> sinkOf) throws IOException {
    String name = in.readUTF();
    long rows = in.readLong();
    int dim = in.readInt();
    String optimizer = in.readUTF();
    double rate = in.readDouble();
    double l1 = in.readDouble();
    double l2 = in.readDouble();
    TableOptimizer o = format == FORMAT ? new TableOptimizer(optimizer, rate, l1, l2)
        : new TableOptimizer(optimizer, rate, l1, l2, in.readDouble(), in.readDouble(), in.readBoolean());
    Header h = new Header(name, rows, dim, o, in.readBoolean(), in.readLong());
    RowSink sink = sinkOf.apply(h);
    RowOptimizer ro = o.create();
    int stride = h.stride();
    int width = h.withState() ? stride : dim;
    int perBlock = Math.max(1, BUFFER_FLOATS / width);
    byte[] bytes = new byte[perBlock * width * 4];
    FloatBuffer floats = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer();
    float[] row = new float[stride];
    for (long r = 0; r < rows; ) {
      int n = (int) Math.min(perBlock, rows - r);
      in.readFully(bytes, 0, n * width * 4);
      floats.clear();
      for (int i = 0; i < n; i++, r++) {
        floats.get(row, 0, width);
        if (!h.withState()) {
          ro.stateFromWeights(row, 0, dim);
        }
        sink.row(r, row, 0);
      }
    }
    return h;
  }
}
