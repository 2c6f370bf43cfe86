package io.sparkctr.models.train;

import io.sparkctr.models.data.FeatureRow;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Feature rows drawn from a known logistic model, so the best achievable AUC is known: field f
 * with value v has index 2F + f·V + v (the first 2F indices are the feature job's reserved slots),
 * and the true logit is bias + Σ_f w_f(v) + strength · Σ_(a,b) ⟨u_a(v_a), u_b(v_b)⟩ over
 * {@link #PAIRS}.
 */
final class PlantedData {
  static final int FIELDS = 6;
  static final int VALUES = 30;
  static final int HASH = 4096;
  static final int[][] PAIRS = {{0, 1}, {2, 3}, {1, 4}};
  final List<FeatureRow> rows = new ArrayList<>();
  final double[] truth;

  /** Index slots per row: the fields, then (with crosses) one cross slot per planted pair. */
  final int slots;

  PlantedData(int n, long seed, double mainScale, double pairStrength, double bias) {
    this(n, seed, mainScale, pairStrength, bias, false);
  }

  /**
   * @param crosses also emit one index per {@link #PAIRS} cross, as the feature job does for
   *     configured crosses (reserved 2·slots, fields, then V² values per cross)
   */
  PlantedData(int n, long seed, double mainScale, double pairStrength, double bias, boolean crosses) {
    slots = FIELDS + (crosses ? PAIRS.length : 0);
    Random model = new Random(42);
    double[][] w = new double[FIELDS][VALUES];
    double[][][] u = new double[FIELDS][VALUES][4];
    for (int f = 0; f < FIELDS; f++) {
      for (int v = 0; v < VALUES; v++) {
        w[f][v] = model.nextGaussian() * mainScale;
        for (int j = 0; j < 4; j++) {
          u[f][v][j] = model.nextGaussian();
        }
      }
    }
    Random rnd = new Random(seed);
    truth = new double[n];
    for (int i = 0; i < n; i++) {
      int[] value = new int[FIELDS];
      int[] idx = new int[slots];
      double logit = bias;
      for (int f = 0; f < FIELDS; f++) {
        value[f] = rnd.nextInt(VALUES);
        idx[f] = 2 * slots + f * VALUES + value[f];
        logit += w[f][value[f]];
      }
      for (int[] p : PAIRS) {
        double dot = 0;
        for (int j = 0; j < 4; j++) {
          dot += u[p[0]][value[p[0]]][j] * u[p[1]][value[p[1]]][j];
        }
        logit += pairStrength * dot;
      }
      for (int c = 0; crosses && c < PAIRS.length; c++) {
        idx[FIELDS + c] = 2 * slots + FIELDS * VALUES + c * VALUES * VALUES + value[PAIRS[c][0]] * VALUES
            + value[PAIRS[c][1]];
      }
      truth[i] = 1 / (1 + Math.exp(-logit));
      rows.add(new FeatureRow(rnd.nextDouble() < truth[i] ? 1 : 0, 1_767_225_600L + i, idx, null, "g" + (i % 50)));
    }
  }
}
