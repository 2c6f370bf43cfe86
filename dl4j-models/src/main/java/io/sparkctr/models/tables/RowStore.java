package io.sparkctr.models.tables;

import java.util.SplittableRandom;
import java.util.function.LongUnaryOperator;
import java.util.stream.IntStream;

/**
 * rows × stride floats in chunks of just under 8 MiB, each a plain {@code float[]} on the Java heap;
 * row r lives at {@code chunk(r)[offset(r) ...]}. Row ids are longs, so the capacity is bounded by
 * memory only (2^27 rows × 17 floats = 8.5 GiB in 1,089 chunks). The chunk size is chosen for G1:
 * an array of at least half a region is "humongous" and occupies whole regions, so a chunk just
 * under 8 MiB fills 8 MiB of 1–8 MiB regions exactly (a chunk of 4.3 MiB in 4 MiB regions would
 * waste 46% of the heap) and is an ordinary object with 16 or 32 MiB regions.
 *
 * <p>Heap, not off-heap: the tables' lifetime then follows the model's (snapshots for the best
 * epoch, discarded candidates, clones in tests are freed by the GC, with no explicit release to
 * forget and no leak across nightly runs); loops over {@code float[]} are JIT-compiled with bounds
 * checks; one setting sizes them (-Xmx / spark.executor.memory) while ND4J keeps the dense part
 * off-heap. Primitive arrays are never scanned for references and large chunks are not copied by
 * the collector, so the GC cost is small. The price: the heap must be sized for the tables, which
 * {@link #checkFits} verifies before anything is allocated.
 */
final class RowStore {
  static final int CHUNK_BYTES = (8 << 20) - 64;
  final long rows;
  final int stride;
  final int chunkRows;
  final float[][] chunks;

  RowStore(long rows, int stride) {
    this.rows = rows;
    this.stride = stride;
    this.chunkRows = chunkRows(stride);
    int n = (int) ((rows + chunkRows - 1) / chunkRows);
    chunks = new float[n][];
    for (int c = 0; c < n; c++) {
      chunks[c] = new float[(int) Math.min(chunkRows, rows - (long) c * chunkRows) * stride];
    }
  }

  static int chunkRows(int stride) {
    return Math.max(1, CHUNK_BYTES / (4 * stride));
  }

  float[] chunk(long row) {
    return chunks[chunkIndex(row, chunkRows)];
  }

  int offset(long row) {
    return rowInChunk(row, chunkRows) * stride;
  }

  /**
   * {@code row / chunkRows}: rows below 2^31 (all rows of tables up to 2^31 rows) divide as ints,
   * which costs a third of a 64-bit division — three per row and step in the table loops.
   */
  static int chunkIndex(long row, int chunkRows) {
    return row <= Integer.MAX_VALUE ? (int) row / chunkRows : (int) (row / chunkRows);
  }

  /** {@code row % chunkRows}, as {@link #chunkIndex}. */
  static int rowInChunk(long row, int chunkRows) {
    return row <= Integer.MAX_VALUE ? (int) row % chunkRows : (int) (row % chunkRows);
  }

  /**
   * Reads one float in every 64-byte cache line of rows {@code ids[from, to)} and nothing else, so
   * that a caller about to update those rows finds them in cache: loads this short are issued
   * many at a time (Java has no prefetch instruction). The ids must be valid rows.
   */
  void touch(long[] ids, int from, int to) {
    int sum = 0;
    int last = stride - 1;
    for (int i = from; i < to; i++) {
      long id = ids[i];
      float[] a = chunk(id);
      int off = offset(id);
      for (int j = 0; j < last; j += 16) {
        sum += Float.floatToRawIntBits(a[off + j]);
      }
      sum += Float.floatToRawIntBits(a[off + last]);
    }
    sink[16] = sum; // a write the JIT must keep, so the loads are kept too
  }

  /** Where {@link #touch} writes its sum: in an array of its own, off the cache line of the fields every reader uses. */
  private final int[] sink = new int[32];

  /**
   * Fills the first {@code dim} floats of every row with N(0, std²), a function of the seed and the
   * row's id in the whole table ({@code global.applyAsLong(row)}) only: a shard initialized with its
   * rows' global ids holds exactly what the whole table would.
   */
  void fillGaussian(int dim, double std, long seed, LongUnaryOperator global) {
    IntStream.range(0, chunks.length).parallel().forEach(c -> {
      float[] a = chunks[c];
      long first = (long) c * chunkRows;
      for (int off = 0, i = 0; off < a.length; off += stride, i++) {
        SplittableRandom rnd = new SplittableRandom(seed * 0x9E3779B97F4A7C15L + global.applyAsLong(first + i));
        for (int j = 0; j < dim; j++) {
          a[off + j] = (float) (rnd.nextGaussian() * std);
        }
      }
    });
  }

  RowStore copy() {
    RowStore out = new RowStore(rows, stride);
    copyInto(out);
    return out;
  }

  void copyInto(RowStore to) {
    if (to.rows != rows || to.stride != stride) {
      throw new IllegalArgumentException("Cannot copy table rows: " + rows + " × " + stride + " into " + to.rows
          + " × " + to.stride);
    }
    for (int c = 0; c < chunks.length; c++) {
      System.arraycopy(chunks[c], 0, to.chunks[c], 0, chunks[c].length);
    }
  }

  /** Bytes a store of {@code rows} × {@code stride} floats takes (4 per float, plus under 64 per chunk). */
  static long bytes(long rows, int stride) {
    return rows * stride * 4L + (rows / chunkRows(stride) + 1) * 64L;
  }

  /**
   * @throws TableTooLarge with the computed sizes and the setting to change when the heap
   *     cannot take {@code bytes} more (checked before allocating, never an OutOfMemoryError mid-run)
   */
  static void checkFits(String what, long bytes) {
    Runtime rt = Runtime.getRuntime();
    long free = rt.maxMemory() - (rt.totalMemory() - rt.freeMemory());
    if (bytes > free) {
      System.gc(); // count only live objects before refusing
      free = rt.maxMemory() - (rt.totalMemory() - rt.freeMemory());
    }
    if (bytes > free) {
      throw new TableTooLarge(String.format(java.util.Locale.ROOT,
          "Cannot allocate %s: it needs %.2f GiB of Java heap and only %.2f GiB of the %.2f GiB maximum is free; "
              + "raise -Xmx (spark.executor.memory / spark.driver.memory) or lower the hash bits",
          what, bytes / 1073741824.0, free / 1073741824.0, rt.maxMemory() / 1073741824.0));
    }
  }
}
