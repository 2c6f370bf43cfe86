package io.sparkctr.jobs.bench;

import io.sparkctr.models.data.FeatureRow;
import io.sparkctr.models.tables.LocalTable;
import io.sparkctr.models.tables.TableOptimizer;
import io.sparkctr.models.tables.TableStep;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * {@code sparkctr bench-tables [--bits 18,24] [--optimizers adagrad,adam] [--dim 16] [--batch 1024]
 * [--seconds S] [--between-mb M]}: the embedding tables' part of a DeepFM step, without the graph —
 * per step, a gather of the minibatch's distinct rows from an FTRL first-order table (k = 1) and a
 * k-dim embedding table, then the update of the same rows, as {@code SparseEmbeddingLayer} does
 * forward and backward. The ids are those of {@code bench-models}' speed rows (26 fields, 100,000
 * Zipf values per field hashed into 2^B rows), 64 minibatches deduplicated up front and cycled. Between
 * gather and update the benchmark writes M MB of other memory (default 32, this machine's L3) as the
 * dense part of a real step does, so the update does not find the gathered rows in cache for free.
 *
 * <p>What it is for: the table's cost against its size on a given machine and JVM (heap on huge
 * pages or not; docs/design/sparse-tables.md, "Table updates: a touch pass and huge pages").
 */
public final class TableBenchmark {
  static final int FIELDS = ModelBenchmark.FIELDS;
  static final int BATCHES = 64;

  /** The options of {@code bench-tables}. */
  public record Params(List<Integer> bits, List<String> optimizers, int dim, int batch, int seconds, int betweenMb) {
    public Params {
      if (dim < 1 || dim > 1024 || batch < 1 || batch > 65_536 || seconds < 1 || betweenMb < 0 || betweenMb > 4096) {
        throw new IllegalArgumentException("Cannot benchmark tables: dim " + dim + ", batch " + batch + ", seconds "
            + seconds + ", between-mb " + betweenMb + " (dim 1–1024, batch 1–65536, seconds ≥ 1, between-mb 0–4096)");
      }
      for (int b : bits) {
        if (b < 6 || b > 30) {
          throw new IllegalArgumentException("Cannot benchmark a table of 2^" + b + " rows: bits must be in [6, 30]");
        }
      }
      for (String o : optimizers) {
        if (!TableOptimizer.NAMES.contains(o)) {
          throw new IllegalArgumentException("Cannot benchmark optimizer '" + o + "': expected one of "
              + TableOptimizer.NAMES);
        }
      }
    }
  }

  private TableBenchmark() {}

  public static String run(Params p) {
    StringBuilder out = new StringBuilder(String.format(Locale.ROOT,
        "### Table part of a step (%d fields, batch %d, FTRL k = 1 + embedding k = %d; %d MB written between "
            + "gather and update; %d s each)%n%n| hash space | embedding optimizer | distinct rows per step | "
            + "gather ms | update ms | steps | RSS after (MB) |%n|---|---|---|---|---|---|---|%n",
        FIELDS, p.batch(), p.dim(), p.betweenMb(), p.seconds()));
    float[] between = new float[p.betweenMb() << 18];
    for (int bits : p.bits()) {
      long[][] ids = distinctIds(bits, p.batch());
      for (String name : p.optimizers()) {
        double[] r = time(bits, name, p, ids, between);
        String row = String.format(Locale.ROOT, "| 2^%d | %s | %,.0f | %.2f | %.2f | %d | %d |%n", bits, name, r[0],
            r[1], r[2], (long) r[3], ModelBenchmark.rssMb("VmRSS"));
        System.out.print(row);
        out.append(row);
      }
    }
    return out.toString();
  }

  /** {mean distinct rows, gather ms per step, update ms per step, steps} after 8 warm-up steps. */
  static double[] time(int bits, String optimizer, Params p, long[][] ids, float[] between) {
    long rows = 1L << bits;
    TableOptimizer emb = new TableOptimizer(optimizer, ModelBenchmark.NON_ADAM_RATE, 0, 0);
    LocalTable first = new LocalTable("first-order", rows, 1, TableOptimizer.linearDefault());
    LocalTable table = new LocalTable("embedding", rows, p.dim(), emb);
    table.initialize(0.01, 42);
    int most = Arrays.stream(ids).mapToInt(a -> a.length).max().orElse(0);
    float[] w1 = new float[most];
    float[] w = new float[most * p.dim()];
    float[] g1 = new float[most];
    float[] g = new float[most * p.dim()];
    java.util.SplittableRandom rnd = new java.util.SplittableRandom(bits);
    for (int i = 0; i < g.length; i++) {
      g[i] = (float) (rnd.nextGaussian() * 1e-3);
    }
    for (int i = 0; i < g1.length; i++) {
      g1[i] = (float) (rnd.nextGaussian() * 1e-3);
    }
    TableStep step = new TableStep(p.batch(), 1.0);
    long gatherNs = 0;
    long updateNs = 0;
    long distinct = 0;
    long steps = 0;
    long end = Long.MAX_VALUE;
    for (int s = -8; System.nanoTime() < end; s++) {
      if (s == 0) {
        end = System.nanoTime() + p.seconds() * 1_000_000_000L;
        gatherNs = updateNs = distinct = steps = 0;
      }
      long[] x = ids[Math.floorMod(s, BATCHES)];
      long t0 = System.nanoTime();
      first.gather(x, x.length, w1);
      table.gather(x, x.length, w);
      long t1 = System.nanoTime();
      for (int i = 0; i < between.length; i += 16) {
        between[i] += 1; // one write per cache line: the dense part's traffic
      }
      long t2 = System.nanoTime();
      first.applyGradients(x, g1, x.length, step);
      table.applyGradients(x, g, x.length, step);
      long t3 = System.nanoTime();
      gatherNs += t1 - t0;
      updateNs += t3 - t2;
      distinct += x.length;
      steps++;
    }
    return new double[] {(double) distinct / steps, gatherNs / 1e6 / steps, updateNs / 1e6 / steps, steps};
  }

  /** The distinct row ids of {@value #BATCHES} minibatches of {@code bench-models}' speed rows at 2^bits. */
  static long[][] distinctIds(int bits, int batch) {
    List<FeatureRow> rows = ModelBenchmark.speedRows(BATCHES * batch, bits);
    long[][] out = new long[BATCHES][];
    for (int b = 0; b < BATCHES; b++) {
      out[b] = rows.subList(b * batch, (b + 1) * batch).stream()
          .flatMapToLong(r -> Arrays.stream(r.indices).asLongStream()).distinct().toArray();
    }
    return out;
  }
}
