package io.sparkctr.models.tables;

import java.util.Arrays;

/**
 * One {@code int} of metadata per row beside a {@link RowStore}, chunked like the store (same rows
 * per chunk), in {@code int[]} arrays of their own: replicated copies are averaged float by float,
 * and a count kept in a float slot would be averaged with them. A {@link LocalTable} keeps two: its
 * regularization clock (the last table step whose regularization each row has received, as an offset
 * from a base step every row has reached, the last {@link LocalTable#flush}) and, in an executor's
 * replicated copy, how often each row was stepped ({@link ReplicaMean}).
 *
 * <p>Not synchronized: a row's entry is written under that row's stripe lock (Java writes an
 * {@code int} element without touching its neighbours).
 */
final class RowInts {
  private final int chunkRows;
  private final int[][] chunks;

  RowInts(RowStore store) {
    this.chunkRows = store.chunkRows;
    chunks = new int[store.chunks.length][];
    for (int c = 0; c < chunks.length; c++) {
      chunks[c] = new int[store.chunks[c].length / store.stride];
    }
  }

  int get(long row) {
    return chunks[RowStore.chunkIndex(row, chunkRows)][RowStore.rowInChunk(row, chunkRows)];
  }

  void set(long row, int value) {
    chunks[RowStore.chunkIndex(row, chunkRows)][RowStore.rowInChunk(row, chunkRows)] = value;
  }

  /** Adds one, saturating at {@link Integer#MAX_VALUE}. */
  void increment(long row) {
    int[] c = chunks[RowStore.chunkIndex(row, chunkRows)];
    int i = RowStore.rowInChunk(row, chunkRows);
    if (c[i] != Integer.MAX_VALUE) {
      c[i]++;
    }
  }

  /** Every row's value 0 (the clock: every row at the base, after a flush, a load or a copy). */
  void reset() {
    for (int[] c : chunks) {
      Arrays.fill(c, 0);
    }
  }

  int chunkCount() {
    return chunks.length;
  }

  int[] chunk(int c) {
    return chunks[c];
  }
}
