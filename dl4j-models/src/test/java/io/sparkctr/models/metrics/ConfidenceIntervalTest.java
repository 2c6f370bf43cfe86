package io.sparkctr.models.metrics;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.apache.commons.math3.distribution.NormalDistribution;
import org.junit.jupiter.api.Test;

/**
 * Coverage of the intervals on simulated data with a known answer: a binormal pair of models
 * (positives' latent scores shifted by μ, the two models' noise correlated), whose true AUC is
 * Φ(μ / √2). A 95% interval must cover the truth in about 95% of seeded repetitions.
 */
class ConfidenceIntervalTest {
  static final double MU_A = 1.0;
  static final double MU_B = 0.8;
  static final double RHO = 0.6;
  static final int REPS = 100;
  static final int ROWS = 2000;

  /** Planted rows of two correlated models; the label rate is 30%. */
  static PairedMetrics simulate(long seed, int rows, double muA, double muB, MetricsOptions o) {
    PairedMetrics m = new PairedMetrics(1.0, 1.0, o, seed);
    plant(seed, rows, muA, muB, (y, a, b) -> m.add(y, a, b, null, 0, null));
    return m;
  }

  interface Row {
    void add(int label, double a, double b);
  }

  static void plant(long seed, int rows, double muA, double muB, Row out) {
    Random rnd = new Random(seed);
    for (int i = 0; i < rows; i++) {
      int y = rnd.nextDouble() < 0.3 ? 1 : 0;
      double z1 = rnd.nextGaussian();
      double z2 = RHO * z1 + Math.sqrt(1 - RHO * RHO) * rnd.nextGaussian();
      out.add(y, sigmoid(z1 + y * muA - 1), sigmoid(z2 + y * muB - 1));
    }
  }

  static double sigmoid(double x) {
    return 1 / (1 + Math.exp(-x));
  }

  static double trueAuc(double mu) {
    return new NormalDistribution(null, 0, 1).cumulativeProbability(mu / Math.sqrt(2));
  }

  @Test
  void deLongAndPairedBootstrapIntervalsCoverTheTruthAbout95PercentOfTheTime() {
    MetricsOptions o = new MetricsOptions(4096, 64, 10, 0.95, java.util.List.of(), 10, 10, 200, 1024, 1);
    double aucA = trueAuc(MU_A);
    double diff = aucA - trueAuc(MU_B);
    // the true logloss difference, from 1M rows (its own standard error, ~5e-5, is 1% of an interval width)
    double[] sum = {0};
    int big = 1_000_000;
    plant(999, big, MU_A, MU_B, (y, a, b) -> sum[0] += SliceMetrics.logloss(y, a) - SliceMetrics.logloss(y, b));
    double loglossDiff = sum[0] / big;
    int deLong = 0;
    int auc = 0;
    int logloss = 0;
    for (int r = 0; r < REPS; r++) {
      PairedMetrics m = simulate(r, ROWS, MU_A, MU_B, o);
      deLong += m.a().report().aucCi().contains(aucA) ? 1 : 0;
      ModelComparison c = m.comparison();
      auc += c.aucDeltaCi().contains(diff) ? 1 : 0;
      logloss += c.loglossDeltaCi().contains(loglossDiff) ? 1 : 0;
    }
    String counts = "covered of " + REPS + ": DeLong AUC " + deLong + ", paired AUC difference " + auc
        + ", paired logloss difference " + logloss;
    // binomial(100, 0.95): 88..100 holds with probability > 0.999
    assertTrue(deLong >= 88 && auc >= 88 && logloss >= 88, counts);
    assertTrue(deLong + auc + logloss < 3 * REPS, "intervals too wide to ever miss: " + counts);
    System.out.println("Interval coverage (95% nominal): " + counts);
  }

  @Test
  void pairingShrinksTheIntervalOfTheDifference() {
    MetricsOptions o = new MetricsOptions(4096, 64, 10, 0.95, java.util.List.of(), 10, 10, 200, 1024, 1);
    PairedMetrics m = simulate(7, 5000, MU_A, MU_B, o);
    double seA = m.a().scores().aucStandardError();
    double seB = m.b().scores().aucStandardError();
    double unpaired = Math.sqrt(seA * seA + seB * seB);
    double paired = m.comparison().aucDeltaStandardError();
    assertTrue(paired < 0.8 * unpaired, "paired SE " + paired + " vs unpaired " + unpaired + " (correlated models)");
  }
}
