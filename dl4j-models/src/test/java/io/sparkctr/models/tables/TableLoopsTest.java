package io.sparkctr.models.tables;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The table loops' plumbing: the row → (chunk, offset) arithmetic across the int/long boundary, the
 * touch pass changing nothing, and updates in touch blocks reaching every row exactly once.
 */
class TableLoopsTest {
  @Test
  void chunkArithmeticMatchesLongDivisionOnBothSidesOf2To31() {
    for (int stride : new int[] {1, 3, 17, 48}) {
      int chunkRows = RowStore.chunkRows(stride);
      long[] rows = {0, 1, chunkRows - 1L, chunkRows, Integer.MAX_VALUE - 1L, Integer.MAX_VALUE,
          Integer.MAX_VALUE + 1L, 1L << 32, (1L << 33) + 12_345, (1L << 40) - 1};
      for (long row : rows) {
        assertEquals(row / chunkRows, RowStore.chunkIndex(row, chunkRows), "chunk of row " + row);
        assertEquals(row % chunkRows, RowStore.rowInChunk(row, chunkRows), "row in chunk of row " + row);
      }
      SplittableRandom rnd = new SplittableRandom(stride);
      for (int i = 0; i < 100_000; i++) {
        long row = rnd.nextLong(1L << 41);
        assertEquals(row / chunkRows, RowStore.chunkIndex(row, chunkRows), "chunk of row " + row);
        assertEquals(row % chunkRows, RowStore.rowInChunk(row, chunkRows), "row in chunk of row " + row);
      }
    }
  }

  @Test
  void rowsSpanningChunksAreWhereTheArithmeticSays() {
    int stride = 17;
    int chunkRows = RowStore.chunkRows(stride);
    RowStore store = new RowStore(2L * chunkRows + 5, stride);
    assertEquals(3, store.chunks.length);
    long last = store.rows - 1;
    store.chunk(last)[store.offset(last) + stride - 1] = 7f;
    assertEquals(7f, store.chunks[2][4 * stride + stride - 1]);
    store.chunk(chunkRows)[store.offset(chunkRows)] = 3f;
    assertEquals(3f, store.chunks[1][0]);
  }

  @Test
  void touchingRowsChangesNothing() {
    RowStore store = new RowStore(10_000, 17);
    store.fillGaussian(16, 0.1, 3, r -> r);
    RowStore before = store.copy();
    long[] ids = {0, 9_999, 5, 5, 1_234};
    store.touch(ids, 0, ids.length);
    for (int c = 0; c < store.chunks.length; c++) {
      assertArrayEquals(before.chunks[c], store.chunks[c]);
    }
  }

  @Test
  void anUpdateInBlocksEqualsOneRowAtATime() {
    int n = 2 * LocalTable.TOUCH_BLOCK + 77; // three blocks, the last one partial
    int dim = 4;
    TableOptimizer adagrad = new TableOptimizer("adagrad", 0.05, 0, 0);
    LocalTable blocks = new LocalTable("blocks", 5_000, dim, adagrad);
    blocks.initialize(0.1, 11);
    LocalTable single = blocks.copy();
    SplittableRandom rnd = new SplittableRandom(5);
    long[] ids = new long[n];
    float[] grads = new float[n * dim];
    for (int i = 0; i < n; i++) {
      ids[i] = i % 700 == 699 ? ids[i - 600] : rnd.nextLong(5_000); // some rows twice, in different blocks
      for (int c = 0; c < dim; c++) {
        grads[i * dim + c] = (float) rnd.nextGaussian();
      }
    }
    TableStep step = new TableStep(8, 1.0);
    // row-wise AdaGrad does not use the global step, which differs between the two sides (1 vs 1..n)
    blocks.applyGradients(ids, grads, n, step);
    for (int i = 0; i < n; i++) {
      single.applyGradients(new long[] {ids[i]}, java.util.Arrays.copyOfRange(grads, i * dim, (i + 1) * dim), 1, step);
    }
    float[] a = new float[dim];
    float[] b = new float[dim];
    for (long row = 0; row < 5_000; row++) {
      blocks.gather(new long[] {row}, 1, a);
      single.gather(new long[] {row}, 1, b);
      assertArrayEquals(b, a, "row " + row);
    }
  }

  @Test
  void aBadIdFailsTheUpdateBeforeAnyRowChanges() {
    LocalTable table = new LocalTable("t", 1_000, 2, new TableOptimizer("adagrad", 0.1, 0, 0));
    table.initialize(0.1, 1);
    LocalTable before = table.copy();
    int n = LocalTable.TOUCH_BLOCK + 3;
    long[] ids = new long[n];
    for (int i = 0; i < n; i++) {
      ids[i] = i % 1_000;
    }
    ids[n - 1] = 1_000; // one past the last row, in the second block
    float[] ones = new float[n * 2];
    java.util.Arrays.fill(ones, 1f);
    IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
        () -> table.applyGradients(ids, ones, n, new TableStep(1, 1.0)));
    assertTrue(e.getMessage().contains("row 1000"), e.getMessage());
    float[] a = new float[2];
    float[] b = new float[2];
    for (long row = 0; row < 1_000; row++) {
      table.gather(new long[] {row}, 1, a);
      before.gather(new long[] {row}, 1, b);
      assertArrayEquals(b, a, "row " + row);
    }
    assertEquals(0, table.step());
  }
}
