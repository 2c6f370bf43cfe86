package io.sparkctr.models.tables;

import java.util.Arrays;

/**
 * Per-row metadata beside a {@link RowStore}: for each row, the last table step whose
 * regularization it has received, as an {@code int} offset from a base step that every row has
 * reached (the last {@link LocalTable#flush}). Chunked like the store (same rows per chunk), in
 * {@code int[]} arrays of their own: replicated copies are averaged float by float, and a step
 * count kept in a float slot would be averaged with them.
 */
final class RowClock {
  private final int chunkRows;
  private final int[][] chunks;

  RowClock(RowStore store) {
    this.chunkRows = store.chunkRows;
    chunks = new int[store.chunks.length][];
    for (int c = 0; c < chunks.length; c++) {
      chunks[c] = new int[store.chunks[c].length / store.stride];
    }
  }

  /** Steps after the base that row {@code row} has been regularized to. */
  int get(long row) {
    return chunks[RowStore.chunkIndex(row, chunkRows)][RowStore.rowInChunk(row, chunkRows)];
  }

  void set(long row, int sinceBase) {
    chunks[RowStore.chunkIndex(row, chunkRows)][RowStore.rowInChunk(row, chunkRows)] = sinceBase;
  }

  /** Every row at the base (after a flush, a load or a copy). */
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
