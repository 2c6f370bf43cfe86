package io.sparkctr.models.metrics;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectOutputStream;
import java.util.Random;

/**
 * Measures (bytes, not time) what the metric accumulators hold with 10M+ distinct scores, for
 * docs/design/evaluation-statistics.md. Not a test: run with
 * {@code java -Xmx3g -cp dl4j-models/target/classes:dl4j-models/target/test-classes:<deps> io.sparkctr.models.metrics.MetricsMemoryBench [rows]}.
 */
public final class MetricsMemoryBench {
  private MetricsMemoryBench() {}

  static long heap() {
    for (int i = 0; i < 4; i++) {
      System.gc();
      try {
        Thread.sleep(50);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    Runtime r = Runtime.getRuntime();
    return r.totalMemory() - r.freeMemory();
  }

  static long serialized(Object o) throws IOException {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    try (ObjectOutputStream out = new ObjectOutputStream(b)) {
      out.writeObject(o);
    }
    return b.size();
  }

  public static void main(String[] args) throws IOException {
    int rows = args.length > 0 ? Integer.parseInt(args[0]) : 10_000_000;
    Random rnd = new Random(15);
    double[] p = new double[rows];
    int[] y = new int[rows];
    for (int i = 0; i < rows; i++) {
      double x = rnd.nextGaussian() - 3.5;
      y[i] = rnd.nextDouble() < 1 / (1 + Math.exp(-(x + 0.7 * rnd.nextGaussian()))) ? 1 : 0;
      p[i] = 1 / (1 + Math.exp(-x));
    }
    long base = heap();
    CtrMetrics m = new CtrMetrics(1.0, MetricsOptions.DEFAULT);
    for (int i = 0; i < rows; i++) {
      m.add(y[i], p[i], null, 1_767_225_600L + 86_400L * (i % 7));
    }
    long metricsHeap = heap() - base;
    MetricsReport r = m.report();
    System.out.printf("rows %,d, clicks %,d%n", r.count(), r.positives());
    System.out.printf("CtrMetrics (7 days, default options): heap %,d bytes, serialized %,d bytes%n", metricsHeap,
        serialized(m));
    System.out.printf("histogram AUC %.7f, stated bound %.2e, DeLong 95%% CI [%.5f, %.5f]%n", r.auc(),
        r.aucErrorBound(), r.aucCi().lower(), r.aucCi().upper());
    m = null;
    base = heap();
    ScoreCounts exact = new ScoreCounts();
    for (int i = 0; i < rows; i++) {
      exact.add(p[i], y[i]);
    }
    double exactAuc = exact.auc();
    long exactHeap = heap() - base;
    System.out.printf("exact ScoreCounts: heap %,d bytes (%.1f per row), serialized %,d bytes; exact AUC %.7f, "
        + "|histogram - exact| %.2e%n", exactHeap, (double) exactHeap / rows, serialized(exact), exactAuc,
        Math.abs(exactAuc - r.auc()));
    exact = null;
    base = heap();
    PairedMetrics paired = new PairedMetrics(1.0, 1.0, MetricsOptions.DEFAULT, 1);
    for (int i = 0; i < Math.min(rows, 2_000_000); i++) {
      paired.add(y[i], p[i], Math.min(1, p[i] * 1.1), null, 0, null);
    }
    System.out.printf("PairedMetrics (two models, 200 bootstrap replicates x 1,024 cells): heap %,d bytes, "
        + "serialized %,d bytes%n", heap() - base, serialized(paired));
    base = heap();
    CtrMetrics groups = new CtrMetrics(1.0, MetricsOptions.DEFAULT);
    int users = 100_000;
    for (int i = 0; i < 1_000_000; i++) {
      groups.add(y[i], p[i], "user" + (i % users), 1_767_225_600L);
    }
    long groupHeap = heap() - base;
    System.out.printf("GAUC: 100,000 groups x 10 rows: heap %,d bytes beyond the histograms: ~%,d bytes per group%n",
        groupHeap, (groupHeap - 1_700_000) / users);
  }
}
