package io.sparkctr.models.tables;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * The mean of replicated copies of one table that were trained apart (executors' copies, averaged
 * after each epoch), row by row weighted by how often each copy stepped the row: a row stepped c_i
 * times by copy i becomes {@code Σ c_i w_i / Σ c_i} over the copies that stepped it (weights and
 * optimizer state alike), and a row no copy stepped the plain mean of the copies. A plain mean would
 * halve the update of every row only one of two executors saw (most rows of a long-tailed field),
 * as if the other copy's stale value were evidence.
 *
 * <p>The sum travels as a term: the table with each row's floats already multiplied by its count
 * (a row no copy stepped, by 1), then one {@code int} per row, little-endian: the summed count, or
 * minus the number of copies summed for a row none of them stepped. Terms add row by row
 * ({@link #add}); {@link #finish} divides.
 */
public final class ReplicaMean {
  private static final int BLOCK = 1 << 16;

  private ReplicaMean() {}

  /** Writes a copy that counted its steps ({@link LocalTable#countSteps}) as a term; the copy is unchanged. */
  public static void writeCopy(LocalTable copy, DataOutputStream out) throws IOException {
    RowInts counts = copy.touches();
    if (counts == null) {
      throw new IllegalStateException("Cannot average table '" + copy.name() + "': its copy did not count its steps");
    }
    TableIO.write(copy, true, out, row -> Math.max(1, counts.get(row)));
    writeCounts(copy.rows(), row -> counts.get(row) > 0 ? counts.get(row) : -1, out);
  }

  /** Writes a sum of terms ({@link #readTerm}, {@link #add}) as a term. */
  public static void writeTerm(LocalTable sum, DataOutputStream out) throws IOException {
    RowInts counts = counts(sum);
    TableIO.write(sum, true, out);
    writeCounts(sum.rows(), counts::get, out);
  }

  public static LocalTable readTerm(DataInputStream in, String source) throws IOException {
    LocalTable t = TableIO.read(in, source);
    RowInts counts = new RowInts(t.store());
    byte[] bytes = new byte[BLOCK * 4];
    ByteBuffer buf = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
    for (long row = 0; row < t.rows(); ) {
      int n = (int) Math.min(BLOCK, t.rows() - row);
      in.readFully(bytes, 0, n * 4);
      buf.clear();
      for (int i = 0; i < n; i++, row++) {
        counts.set(row, buf.getInt());
      }
    }
    t.setTouches(counts);
    return t;
  }

  /**
   * Adds term {@code b} into term {@code a}, row by row: stepped in both, values and counts add;
   * stepped in one only, that one's row; stepped in neither, values add and the copy counts add.
   * The step becomes the larger.
   */
  public static void add(LocalTable a, LocalTable b) {
    if (a.rows() != b.rows() || a.dim() != b.dim() || !a.optimizer().name().equals(b.optimizer().name())) {
      throw new IllegalArgumentException("Cannot average table '" + b.name() + "' with '" + a.name()
          + "': different shapes or optimizers");
    }
    RowInts ca = counts(a);
    RowInts cb = counts(b);
    RowStore sa = a.store();
    RowStore sb = b.store();
    for (long row = 0; row < a.rows(); row++) {
      int x = ca.get(row);
      int y = cb.get(row);
      float[] to = sa.chunk(row);
      float[] from = sb.chunk(row);
      int o = sa.offset(row);
      if (y > 0 && x <= 0) {
        System.arraycopy(from, o, to, o, sa.stride);
        ca.set(row, y);
      } else if (x > 0 == y > 0) {
        for (int j = o; j < o + sa.stride; j++) {
          to[j] += from[j];
        }
        ca.set(row, saturatedSum(x, y));
      }
    }
    a.setStep(Math.max(a.step(), b.step()));
  }

  /** Turns a term into the mean: each row divided by its copies' summed count; drops the counts. */
  public static void finish(LocalTable sum) {
    RowInts counts = counts(sum);
    RowStore s = sum.store();
    for (long row = 0; row < sum.rows(); row++) {
      float f = 1f / Math.abs(counts.get(row));
      float[] chunk = s.chunk(row);
      int o = s.offset(row);
      for (int j = o; j < o + s.stride; j++) {
        chunk[j] *= f;
      }
    }
    sum.setTouches(null);
  }

  private static RowInts counts(LocalTable t) {
    RowInts c = t.touches();
    if (c == null) {
      throw new IllegalStateException("Cannot average table '" + t.name() + "': it is not a sum of copies");
    }
    return c;
  }

  private static int saturatedSum(int x, int y) {
    long s = (long) x + y;
    return (int) Math.max(Integer.MIN_VALUE + 1, Math.min(Integer.MAX_VALUE, s));
  }

  private static void writeCounts(long rows, java.util.function.LongToIntFunction count, DataOutputStream out)
      throws IOException {
    ByteBuffer buf = ByteBuffer.allocate(BLOCK * 4).order(ByteOrder.LITTLE_ENDIAN);
    for (long row = 0; row < rows; ) {
      int n = (int) Math.min(BLOCK, rows - row);
      buf.clear();
      for (int i = 0; i < n; i++, row++) {
        buf.putInt(count.applyAsInt(row));
      }
      out.write(buf.array(), 0, n * 4);
    }
    out.flush();
  }
}
