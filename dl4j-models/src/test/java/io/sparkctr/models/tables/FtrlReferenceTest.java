package io.sparkctr.models.tables;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;
import org.junit.jupiter.api.Test;

/** The table's FTRL against a plain transcription of McMahan et al. 2013, Algorithm 1, over many steps. */
class FtrlReferenceTest {
  static final int ROWS = 20;
  static final double ALPHA = 0.2;
  static final double L1 = 5.0;
  static final double L2 = 0.5;

  @Test
  void matchesAlgorithmOneOverASequenceOfSparseSteps() {
    LocalTable t = new LocalTable("w", ROWS, 1, new TableOptimizer("ftrl", ALPHA, L1, L2));
    double[] z = new double[ROWS];
    double[] n = new double[ROWS];
    double[] w = new double[ROWS];
    Random rnd = new Random(5);
    int zeros = 0;
    for (int step = 0; step < 300; step++) {
      int count = 1 + rnd.nextInt(5);
      long[] ids = rnd.ints(0, ROWS).distinct().limit(count).asLongStream().toArray();
      float[] g = new float[ids.length];
      for (int i = 0; i < ids.length; i++) {
        g[i] = (float) (rnd.nextGaussian() + (ids[i] % 3 == 0 ? 0.4 : 0)); // some rows have a signal
      }
      t.applyGradients(ids, g, ids.length, new TableStep(3, 1.0));
      for (int i = 0; i < ids.length; i++) {
        int r = (int) ids[i];
        double sigma = (Math.sqrt(n[r] + g[i] * g[i]) - Math.sqrt(n[r])) / ALPHA;
        z[r] += g[i] - sigma * w[r];
        n[r] += g[i] * g[i];
        w[r] = Math.abs(z[r]) <= L1 ? 0 : -(z[r] - Math.signum(z[r]) * L1) / ((1 + Math.sqrt(n[r])) / ALPHA + L2);
      }
    }
    float[] out = new float[1];
    for (int r = 0; r < ROWS; r++) {
      t.gather(new long[] {r}, 1, out);
      assertEquals(w[r], out[0], 1e-4 * Math.max(1, Math.abs(w[r])), "row " + r);
      if (w[r] == 0) {
        zeros++;
        assertEquals(0f, out[0], "exact zero at row " + r);
      }
    }
    System.out.println("FTRL reference: " + zeros + " of " + ROWS + " weights exactly zero");
    org.junit.jupiter.api.Assertions.assertTrue(zeros > 0 && zeros < ROWS, zeros + " exact zeros: both cases covered");
  }
}
