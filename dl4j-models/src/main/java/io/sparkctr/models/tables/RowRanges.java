package io.sparkctr.models.tables;

import java.util.concurrent.ForkJoinPool;
import java.util.stream.IntStream;

/**
 * Runs a loop over {@code [0, count)} distinct rows in a few contiguous parts on the common
 * fork-join pool (the calling thread takes part), or in the calling thread when the rows are few.
 * A step's gather and update of a large table are bound by memory latency (every row is a cache
 * and TLB miss in a table of GBs), not by arithmetic: two threads keep twice the misses in flight,
 * and the cores are otherwise idle while the training thread works through its rows (the dense
 * part's native ops run between, not during, these loops). Measured in docs/benchmarks.md
 * ("Garbage per step").
 */
final class RowRanges {
  /** Below this many rows a call runs in the calling thread (one part). */
  static final int MIN_ROWS_PER_PART = 2048;

  /** A loop body over rows {@code [from, to)}. */
  interface Body {
    void run(int from, int to);
  }

  private RowRanges() {}

  static void run(int count, Body body) {
    int parts = Math.min(ForkJoinPool.getCommonPoolParallelism() + 1, count / MIN_ROWS_PER_PART);
    if (parts <= 1) {
      body.run(0, count);
      return;
    }
    IntStream.range(0, parts).parallel().forEach(p -> body.run(
        (int) ((long) count * p / parts), (int) ((long) count * (p + 1) / parts)));
  }
}
