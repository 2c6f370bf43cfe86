package io.sparkctr.models.tables;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/**
 * Several threads updating the same rows of one table (DL4J workers of one JVM): with the striped
 * row locks no update is lost. Row-wise AdaGrad's accumulator is a sum, so after N updates of
 * gradient 1 it must be exactly N whatever the interleaving; the weights then equal
 * w0 − lr·Σ_{i=1..N} 1/√i in any order.
 */
class ConcurrentUpdatesTest {
  @Test
  void noUpdateOfASharedRowIsLost() throws Exception {
    int threads = 4;
    int steps = 2000;
    int rows = 64;
    LocalTable t = new LocalTable("shared", rows, 4, new TableOptimizer("adagrad", 0.01, 0, 0));
    long[] ids = new long[rows];
    for (int i = 0; i < rows; i++) {
      ids[i] = i;
    }
    float[] ones = new float[rows * 4];
    java.util.Arrays.fill(ones, 1f);
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    List<Future<?>> done = new ArrayList<>();
    for (int th = 0; th < threads; th++) {
      done.add(pool.submit(() -> {
        for (int s = 0; s < steps; s++) {
          t.applyGradients(ids, ones, rows, new TableStep(1, 1.0));
        }
      }));
    }
    for (Future<?> f : done) {
      f.get();
    }
    pool.shutdown();
    int n = threads * steps;
    double expected = 0;
    for (int i = 1; i <= n; i++) {
      expected -= 0.01 / Math.sqrt(i);
    }
    for (int r = 0; r < rows; r++) {
      float[] a = t.store().chunk(r);
      int off = t.store().offset(r);
      assertEquals((float) n, a[off + 4], "row " + r + ": accumulator counts every update");
      assertEquals(expected, a[off], 1e-3, "row " + r + " weight");
    }
    assertEquals(n, t.step());
  }
}
