package io.sparkctr.models.tables;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

/**
 * Lazy regularization of every row equals the eager reference: at every step, every row first
 * takes {@code w ← sign(w)·max(0, (1 − r·decay)·|w| − r·shrink)} (in double precision here), then
 * the touched rows take the optimizer's update. Rows are missed for 1, 10 and 1,000 steps, the
 * learning-rate scale is cut between, and the values are compared through lookups (which must not
 * write), whole-row reads, a flush, averaging of replicated copies, shards, and a save and load.
 * Tolerance: relative 1e-5, plus half a float ulp per step taken — the table stores float32 after
 * each touch (of a value of magnitude 0.1 or more here), so a row touched at every step carries that
 * rounding whatever regularizes it; a missed
 * step adds none (the closed form is computed in double).
 */
class EveryRowRegularizationTest {
  static final int ROWS = 40;
  static final int DIM = 3;
  static final int STEPS = 1_100;
  static final int CUT = 600;

  static List<TableOptimizer> optimizers() {
    List<TableOptimizer> out = new ArrayList<>();
    for (String name : List.of("adam", "adagrad", "sgd")) {
      double lr = name.equals("sgd") ? 0.05 : 0.01;
      out.add(new TableOptimizer(name, lr, 0, 1e-3, 0.5, 0));
      out.add(new TableOptimizer(name, lr, 0, 0, 0, 0.02));
      out.add(new TableOptimizer(name, lr, 1e-4, 0, 0.3, 0.01));
      out.add(new TableOptimizer(name, lr, 0, 0, 0.5, 0, true));
      out.add(new TableOptimizer(name, lr, 0, 0, 0.2, 0.005, true));
    }
    return out;
  }

  /** The rows touched at step t (1-based): row 0 always, 1 every 2nd step, 2 every 11th, 3 at 1 and 1,002. */
  static long[] touched(int t) {
    List<Long> ids = new ArrayList<>();
    ids.add(0L);
    if (t % 2 == 0) {
      ids.add(1L);
    }
    if (t % 11 == 1) {
      ids.add(2L);
    }
    if (t == 1 || t == 1_002) {
      ids.add(3L);
    }
    if (t % 97 == 5) {
      ids.add(4L + t % (ROWS - 4));
    }
    return ids.stream().mapToLong(Long::longValue).toArray();
  }

  static float[] grads(long[] ids, int t) {
    SplittableRandom rnd = new SplittableRandom(t);
    float[] g = new float[ids.length * DIM];
    for (int i = 0; i < g.length; i++) {
      g[i] = (float) rnd.nextGaussian();
    }
    return g;
  }

  static double scale(int t) {
    return t <= CUT ? 1.0 : 0.5;
  }

  /**
   * Eager reference: every row regularized at every step in double precision (weights kept in double;
   * the optimizer's update of a touched row is added as the change it makes to the float row).
   */
  static final class Eager {
    final TableOptimizer config;
    final RowOptimizer opt;
    final float[][] rows;
    final double[][] weights;
    final int weight;

    Eager(TableOptimizer config, LocalTable init, int weight) {
      this.config = config;
      this.opt = config.create();
      this.weight = weight;
      rows = new float[ROWS][DIM + opt.stateWidth(DIM)];
      weights = new double[ROWS][DIM];
      for (int r = 0; r < ROWS; r++) {
        TableRows.read(init, r, rows[r], 0);
        for (int c = 0; c < DIM; c++) {
          weights[r][c] = rows[r][c];
        }
      }
    }

    void step(long[] ids, float[] g, int t, double scale) {
      for (int r = 0; r < ROWS; r++) {
        double rate = config.learningRate() * scale * (config.adaptive() ? opt.rowRate(rows[r], 0, DIM) : 1);
        for (int k = 0; k < weight; k++) {
          for (int c = 0; c < DIM; c++) {
            double w = weights[r][c];
            double m = Math.max(0, (1 - Math.min(1, rate * config.decay())) * Math.abs(w) - rate * config.shrink());
            weights[r][c] = Math.copySign(m, w);
          }
        }
        for (int c = 0; c < DIM; c++) {
          rows[r][c] = (float) weights[r][c];
        }
      }
      for (int i = 0; i < ids.length; i++) {
        float[] row = rows[(int) ids[i]];
        float[] was = row.clone();
        opt.update(row, 0, DIM, g, i * DIM, new TableStep(8, scale), t);
        for (int c = 0; c < DIM; c++) {
          weights[(int) ids[i]][c] += (double) row[c] - was[c];
        }
      }
      for (int r = 0; r < ROWS; r++) {
        for (int c = 0; c < DIM; c++) {
          rows[r][c] = (float) weights[r][c];
        }
      }
    }
  }

  static LocalTable table(TableOptimizer o) {
    LocalTable t = new LocalTable("emb", ROWS, DIM, o);
    t.initialize(0.5, 3);
    return t;
  }

  static boolean close(double a, double e, long steps) {
    return Math.abs(a - e) <= 1e-5 * Math.abs(e) + 1e-7 + steps * Math.ulp((float) Math.max(0.1, Math.abs(e))) / 2;
  }

  static void assertClose(float[][] expected, LocalTable t, String when) {
    float[] got = new float[ROWS * DIM];
    long[] all = new long[ROWS];
    for (int r = 0; r < ROWS; r++) {
      all[r] = r;
    }
    t.gather(all, ROWS, got);
    for (int r = 0; r < ROWS; r++) {
      for (int c = 0; c < DIM; c++) {
        double e = expected[r][c];
        double a = got[r * DIM + c];
        assertTrue(close(a, e, t.step()), when + ": row " + r + "[" + c + "] " + a
            + " vs eager " + e);
      }
    }
  }

  @ParameterizedTest
  @MethodSource("optimizers")
  void lazyEqualsEagerAcrossMissedStepsAndARateCut(TableOptimizer o) {
    LocalTable lazy = table(o);
    Eager eager = new Eager(o, lazy, 1);
    float[] before = new float[ROWS * DIM];
    for (int t = 1; t <= STEPS; t++) {
      long[] ids = touched(t);
      float[] g = grads(ids, t);
      lazy.applyGradients(ids, g, ids.length, new TableStep(8, scale(t)));
      eager.step(ids, g, t, scale(t));
      if (t == 2 || t == 12 || t == 500 || t == 1_002 || t == STEPS) {
        assertClose(eager.rows, lazy, o + " after step " + t);
        float[] again = new float[ROWS * DIM];
        long[] all = java.util.stream.LongStream.range(0, ROWS).toArray();
        lazy.gather(all, ROWS, before);
        lazy.gather(all, ROWS, again);
        assertEquals(java.util.Arrays.toString(before), java.util.Arrays.toString(again), "lookups do not write");
      }
    }
    float[] row = new float[DIM + o.create().stateWidth(DIM)];
    TableRows.read(lazy, 3, row, 0);
    assertTrue(close(row[0], eager.weights[3][0], STEPS), "whole-row reads are final: " + row[0]);
    lazy.flush();
    assertClose(eager.rows, lazy, o + " after a flush");
    lazy.flush();
    assertClose(eager.rows, lazy, o + " after a second flush");
  }

  @ParameterizedTest
  @MethodSource("optimizers")
  void saveAndLoadMidRunContinuesExactly(TableOptimizer o) throws Exception {
    LocalTable lazy = table(o);
    Eager eager = new Eager(o, lazy, 1);
    for (int t = 1; t <= STEPS; t++) {
      if (t == 700) { // a checkpoint after the cut, rows 3.. owing hundreds of steps
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        TableIO.write(lazy, true, bytes);
        lazy = TableIO.read(new ByteArrayInputStream(bytes.toByteArray()), "checkpoint");
        assertEquals(o, lazy.optimizer(), "the optimizer with its decay and shrink is restored");
      }
      long[] ids = touched(t);
      float[] g = grads(ids, t);
      lazy.applyGradients(ids, g, ids.length, new TableStep(8, scale(t)));
      eager.step(ids, g, t, scale(t));
    }
    assertClose(eager.rows, lazy, o + " resumed from step 700");
  }

  /**
   * Two replicated copies, each taking every other step with a step weight of 2, averaged at the end
   * through {@link ReplicaMean}'s serialized terms, equal the eager copies averaged row by row with
   * each copy weighted by how often it stepped the row (row 1 only by one copy, row 0 by both, rows
   * no copy stepped: the plain mean).
   */
  @ParameterizedTest
  @MethodSource("optimizers")
  void replicatedCopiesAveragedEqualEagerCopiesAveraged(TableOptimizer o) throws Exception {
    LocalTable a = table(o);
    LocalTable b = table(o);
    a.setRegularizationStepWeight(2);
    b.setRegularizationStepWeight(2);
    a.countSteps();
    b.countSteps();
    Eager ea = new Eager(o, a, 2);
    Eager eb = new Eager(o, b, 2);
    int[] na = new int[ROWS];
    int[] nb = new int[ROWS];
    int ta = 0;
    int tb = 0;
    for (int t = 1; t <= STEPS; t++) {
      long[] ids = touched(t);
      float[] g = grads(ids, t);
      boolean toA = t % 2 == 0;
      (toA ? a : b).applyGradients(ids, g, ids.length, new TableStep(8, scale(t)));
      (toA ? ea : eb).step(ids, g, toA ? ++ta : ++tb, scale(t));
      for (long id : ids) {
        (toA ? na : nb)[(int) id]++;
      }
    }
    LocalTable sum = term(out -> ReplicaMean.writeCopy(a, out));
    ReplicaMean.add(sum, term(out -> ReplicaMean.writeCopy(b, out)));
    LocalTable mean = term(out -> ReplicaMean.writeTerm(sum, out)); // a partial sum travels again
    ReplicaMean.finish(mean);
    assertTrue(na[1] > 0 && nb[1] == 0 && na[0] > 0 && nb[0] > 0 && na[ROWS - 1] + nb[ROWS - 1] == 0, "cases covered");
    float[][] expected = new float[ROWS][];
    for (int r = 0; r < ROWS; r++) {
      double wa = na[r] + nb[r] == 0 ? 1 : na[r];
      double wb = na[r] + nb[r] == 0 ? 1 : nb[r];
      expected[r] = new float[DIM];
      for (int c = 0; c < DIM; c++) {
        expected[r][c] = (float) ((wa * ea.rows[r][c] + wb * eb.rows[r][c]) / (wa + wb));
      }
    }
    assertClose(expected, mean, o + " averaged");
  }

  interface TermWriter {
    void write(java.io.DataOutputStream out) throws java.io.IOException;
  }

  static LocalTable term(TermWriter w) throws java.io.IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    w.write(new java.io.DataOutputStream(bytes));
    return ReplicaMean.readTerm(new DataInputStream(new ByteArrayInputStream(bytes.toByteArray())), "term");
  }

  /** Two shards owning half the rows each, both stepped by every push, equal one eager table. */
  @ParameterizedTest
  @MethodSource("optimizers")
  void shardsEqualOneEagerTable(TableOptimizer o) {
    LocalTable whole = table(o);
    Eager eager = new Eager(o, whole, 1);
    LocalTable[] shard = {new LocalTable("emb", ROWS / 2, DIM, o), new LocalTable("emb", ROWS / 2, DIM, o)};
    float[] row = new float[DIM + o.create().stateWidth(DIM)];
    for (int r = 0; r < ROWS; r++) {
      TableRows.read(whole, r, row, 0);
      TableRows.write(shard[r % 2], r / 2, row, 0);
    }
    for (int t = 1; t <= STEPS; t++) {
      long[] ids = touched(t);
      float[] g = grads(ids, t);
      eager.step(ids, g, t, scale(t));
      for (int s = 0; s < 2; s++) {
        List<Long> mine = new ArrayList<>();
        List<Integer> at = new ArrayList<>();
        for (int i = 0; i < ids.length; i++) {
          if (ids[i] % 2 == s) {
            mine.add(ids[i] / 2);
            at.add(i);
          }
        }
        float[] sg = new float[mine.size() * DIM];
        for (int i = 0; i < at.size(); i++) {
          System.arraycopy(g, at.get(i) * DIM, sg, i * DIM, DIM);
        }
        shard[s].applyGradients(mine.stream().mapToLong(Long::longValue).toArray(), sg, mine.size(),
            new TableStep(8, scale(t)));
      }
    }
    for (int r = 0; r < ROWS; r++) {
      TableRows.read(shard[r % 2], r / 2, row, 0);
      for (int c = 0; c < DIM; c++) {
        double e = eager.rows[r][c];
        assertTrue(close(row[c], e, STEPS), o + ": row " + r + " " + row[c] + " vs " + e);
      }
    }
  }

  @Test
  void aTableWithoutEveryRowRegularizationIsWrittenInFormatOne() throws Exception {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    TableIO.write(table(new TableOptimizer("adagrad", 0.01, 0, 1e-3)), true, bytes);
    DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes.toByteArray()));
    in.readInt();
    assertEquals(1, in.readInt(), "format");
    ByteArrayOutputStream decayed = new ByteArrayOutputStream();
    TableIO.write(table(new TableOptimizer("adagrad", 0.01, 0, 0, 1e-3, 0)), true, decayed);
    assertEquals(bytes.size() + 17, decayed.size(), "format 2 adds decay, shrink and adaptive to the header");
  }

  @Test
  void badSettingsAreRefused() {
    assertTrue(assertThrows(IllegalArgumentException.class, () -> new TableOptimizer("ftrl", 0.05, 0, 0, 0.1, 0))
        .getMessage().contains("FTRL"));
    assertTrue(assertThrows(IllegalArgumentException.class, () -> new TableOptimizer("adam", 0.5, 0, 0, 2, 0))
        .getMessage().contains("below 1"));
    assertThrows(IllegalArgumentException.class, () -> new TableOptimizer("adam", 0.01, 0, 0, 0, -1));
  }

  /** Weights decayed below 1e-30 become exact zeros (no subnormals). */
  @Test
  void tinyValuesBecomeZero() {
    LocalTable t = table(new TableOptimizer("sgd", 0.5, 0, 0, 1.9, 0));
    long[] none = {0};
    for (int s = 0; s < 200; s++) {
      t.applyGradients(none, new float[DIM], 1, new TableStep(1, 1));
    }
    t.flush();
    float[] out = new float[DIM];
    t.gather(new long[] {5}, 1, out);
    assertEquals(0f, out[0]);
    assertEquals(0f, out[1]);
  }

  /**
   * Adaptive regularization keeps the weights of a row never stepped (state 0: initial weights, or a
   * bundle loaded without optimizer state for a warm start) instead of zeroing them at the first step.
   */
  @Test
  void adaptiveKeepsRowsNeverStepped() throws Exception {
    LocalTable t = table(new TableOptimizer("adagrad", 0.01, 0, 0, 1e-3, 0, true));
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    TableIO.write(t, false, bytes); // weights only, as a serving bundle holds them
    LocalTable loaded = TableIO.read(new ByteArrayInputStream(bytes.toByteArray()), "bundle");
    float[] before = new float[DIM];
    loaded.gather(new long[] {7}, 1, before);
    for (int s = 1; s <= 50; s++) {
      loaded.applyGradients(new long[] {0}, grads(new long[] {0}, s), 1, new TableStep(8, 1));
    }
    float[] after = new float[DIM];
    loaded.gather(new long[] {7}, 1, after);
    for (int c = 0; c < DIM; c++) {
      assertEquals(before[c] * Math.pow(1 - 0.01 * 1e-3, 50), after[c], 1e-6, "row 7 decays at the plain rate");
    }
  }

  /** Concurrent steps that touch one row never regularize it twice for one step. */
  @Test
  void concurrentStepsRegularizeEachStepOnce() throws Exception {
    TableOptimizer o = new TableOptimizer("sgd", 0.1, 0, 0, 0.5, 0);
    LocalTable t = new LocalTable("emb", 4, 1, o);
    t.setWeights(0, new float[] {1}, 0);
    int threads = 4;
    int steps = 100; // 0.95^400 ≈ 1.2e-9: far above the 1e-30 floor, and a step applied twice is off by 5%
    java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(threads);
    List<java.util.concurrent.Future<?>> done = new ArrayList<>();
    for (int th = 0; th < threads; th++) {
      done.add(pool.submit(() -> {
        for (int s = 0; s < steps; s++) {
          t.applyGradients(new long[] {0}, new float[] {0}, 1, new TableStep(1, 1));
        }
      }));
    }
    for (java.util.concurrent.Future<?> f : done) {
      f.get();
    }
    pool.shutdown();
    t.flush();
    float[] w = new float[1];
    t.gather(new long[] {0}, 1, w);
    double expected = Math.pow(1 - 0.1 * 0.5, threads * steps);
    assertEquals(expected, w[0], 1e-4 * expected, "one decay per step");
  }
}
