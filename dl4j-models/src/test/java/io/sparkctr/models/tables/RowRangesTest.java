package io.sparkctr.models.tables;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * A gather or update of many rows, split over threads by {@link RowRanges}, gives exactly what the
 * same rows one call at a time give (every row once, none twice, each row's gradient its own).
 */
class RowRangesTest {
  private static final int DIM = 5;

  @Test
  void partsCoverEveryRowOnce() {
    for (int count : new int[] {0, 1, 2047, 4096, 10_001}) {
      int[] seen = new int[count];
      AtomicInteger calls = new AtomicInteger();
      RowRanges.run(count, (from, to) -> {
        calls.incrementAndGet();
        for (int i = from; i < to; i++) {
          seen[i]++;
        }
      });
      for (int i = 0; i < count; i++) {
        assertEquals(1, seen[i], "row " + i + " of " + count);
      }
      if (count < 2 * RowRanges.MIN_ROWS_PER_PART) {
        assertEquals(1, calls.get(), count + " rows run in the calling thread");
      }
    }
  }

  @Test
  void splitUpdateAndGatherEqualRowByRow() {
    int rows = 50_000;
    int count = 12_000;
    TableOptimizer opt = new TableOptimizer("adagrad", 0.05, 0, 0.01);
    LocalTable split = new LocalTable("split", rows, DIM, opt);
    LocalTable single = new LocalTable("single", rows, DIM, opt);
    split.initialize(0.1, 3);
    single.initialize(0.1, 3);
    SplittableRandom r = new SplittableRandom(5);
    long[] ids = r.longs(0, rows).distinct().limit(count).toArray();
    float[] grads = new float[count * DIM];
    for (int i = 0; i < grads.length; i++) {
      grads[i] = (float) r.nextGaussian();
    }
    TableStep step = new TableStep(256, 1.0);
    split.applyGradients(ids, grads, count, step);
    float[] one = new float[DIM];
    for (int i = 0; i < count; i++) {
      System.arraycopy(grads, i * DIM, one, 0, DIM);
      single.applyGradients(new long[] {ids[i]}, one, 1, step); // row-wise AdaGrad: the step count plays no part
    }
    float[] a = new float[count * DIM];
    float[] b = new float[count * DIM];
    split.gather(ids, count, a);
    for (int i = 0; i < count; i++) {
      float[] row = new float[DIM];
      single.gather(new long[] {ids[i]}, 1, row);
      System.arraycopy(row, 0, b, i * DIM, DIM);
    }
    assertArrayEquals(b, a);
  }
}
