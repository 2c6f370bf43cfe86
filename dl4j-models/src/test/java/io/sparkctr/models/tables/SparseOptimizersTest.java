package io.sparkctr.models.tables;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/**
 * One step of each optimizer against numbers worked out by hand, then a sequence in which a row is
 * left untouched for several steps. The layer hands a table one summed gradient per distinct row
 * (a row looked up twice in a batch arrives as the sum of its two gradients: g = g1 + g2 below).
 */
class SparseOptimizersTest {
  static LocalTable table(String optimizer, double lr, double l1, double l2, float... w) {
    LocalTable t = new LocalTable("t", 8, 2, new TableOptimizer(optimizer, lr, l1, l2));
    for (int r = 0; r < 8; r++) {
      t.setWeights(r, w, 0);
    }
    return t;
  }

  static float[] row(LocalTable t, long id) {
    float[] out = new float[2];
    t.gather(new long[] {id}, 1, out);
    return out;
  }

  @Test
  void lazyAdamFirstStepMovesEachCoordinateByTheRateAgainstItsGradient() {
    LocalTable t = table("adam", 0.01, 0, 0, 1f, -1f);
    // row 3 looked up twice: g = (1, -2) + (2, 1) = (3, -1); 4 examples
    t.applyGradients(new long[] {3}, new float[] {3, -1}, 1, new TableStep(4, 1.0));
    // t = 1: m = 0.1·γ, v = 0.001·γ², lr·√0.001/0.1 · 0.1γ/(√0.001·|γ|) = lr·sign(γ) (ε negligible)
    assertEquals(1 - 0.01, row(t, 3)[0], 1e-6);
    assertEquals(-1 + 0.01, row(t, 3)[1], 1e-6);
    assertEquals(1f, row(t, 2)[0], "an untouched row does not move");
  }

  @Test
  void rowWiseAdaGradFirstStepUsesTheRowsMeanSquaredGradient() {
    LocalTable t = table("adagrad", 0.1, 0, 0.5, 1f, 2f);
    // g = (2, 4) over 2 examples, + λ2·w = (1, 2) + (0.5, 1) = (1.5, 3); G = (2.25 + 9)/2 = 5.625
    t.applyGradients(new long[] {5}, new float[] {2, 4}, 1, new TableStep(2, 1.0));
    double s = Math.sqrt(5.625);
    assertEquals(1 - 0.1 * 1.5 / s, row(t, 5)[0], 1e-6);
    assertEquals(2 - 0.1 * 3 / s, row(t, 5)[1], 1e-6);
  }

  @Test
  void ftrlFirstStepIsTheProximalSolution() {
    LocalTable t = table("ftrl", 0.1, 0.5, 1.0, 0f, 0f);
    // from z = n = 0, w = 0: g = (2, 0.3) (summed loss) → z = g, n = g²
    t.applyGradients(new long[] {1}, new float[] {2f, 0.3f}, 1, new TableStep(7, 1.0));
    // coordinate 0: |z| = 2 > λ1: w = −(2 − 0.5) / ((1 + 2)/0.1 + 1) = −1.5/31
    assertEquals(-1.5 / 31, row(t, 1)[0], 1e-7);
    // coordinate 1: |z| = 0.3 ≤ λ1 = 0.5: an exact zero
    assertEquals(0f, row(t, 1)[1]);
  }

  @Test
  void sgdStepsOnTheMeanGradientWithL2() {
    LocalTable t = table("sgd", 0.5, 0, 0.1, 1f, 1f);
    t.applyGradients(new long[] {0}, new float[] {4, -4}, 1, new TableStep(4, 1.0));
    assertEquals(1 - 0.5 * (1 + 0.1), row(t, 0)[0], 1e-7);
    assertEquals(1 - 0.5 * (-1 + 0.1), row(t, 0)[1], 1e-7);
  }

  /** Row 1 is touched at steps 1 and 5 only; lazy Adam corrects its bias with the global step 5. */
  @Test
  void lazyAdamLeavesUntouchedMomentsAndCorrectsByTheGlobalStep() {
    LocalTable t = table("adam", 0.01, 0, 0, 0.5f, 0.5f);
    double[] w1 = {0.5, 0.5};
    double[] m1 = new double[2];
    double[] v1 = new double[2];
    float[] g = {0.3f, -0.2f};
    for (int step = 1; step <= 5; step++) {
      boolean touch1 = step == 1 || step == 5;
      long[] ids = touch1 ? new long[] {2, 1} : new long[] {2};
      float[] grads = touch1 ? new float[] {1, 1, g[0], g[1]} : new float[] {1, 1};
      t.applyGradients(ids, grads, ids.length, new TableStep(1, 1.0));
      if (touch1) {
        double rate = 0.01 * Math.sqrt(1 - Math.pow(0.999, step)) / (1 - Math.pow(0.9, step));
        for (int c = 0; c < 2; c++) {
          m1[c] = 0.9 * m1[c] + 0.1 * g[c];
          v1[c] = 0.999 * v1[c] + 0.001 * g[c] * g[c];
          w1[c] -= rate * m1[c] / (Math.sqrt(v1[c]) + 1e-8);
        }
      }
      if (step == 4) {
        assertEquals((float) w1[0], row(t, 1)[0], "row 1 does not move while untouched");
      }
    }
    assertEquals(w1[0], row(t, 1)[0], 1e-6);
    assertEquals(w1[1], row(t, 1)[1], 1e-6);
    assertEquals(5, t.step());
  }
}
