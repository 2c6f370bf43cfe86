package io.sparkctr.jobs.nightly;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparkctr.models.metrics.Interval;
import io.sparkctr.models.metrics.MetricsOptions;
import io.sparkctr.models.metrics.MetricsReport;
import io.sparkctr.models.metrics.ModelComparison;
import io.sparkctr.models.metrics.PairedMetrics;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The publication gate's rules, without a Spark run. */
class GateSpecTest {
  static final GateSpec GATE = new GateSpec(0.005, 0.01, 0.8, 1.25);

  static MetricsReport report(double auc, double logloss, double calibration) {
    return MetricsReport.headline(1000, 30, auc, logloss, 0.9, calibration);
  }

  @Test
  void withinTolerancesPublishes() {
    assertEquals(List.of(), GATE.failures(report(0.796, 0.405, 1.0), report(0.800, 0.40, 1.0)));
    assertEquals(List.of(), GATE.failures(report(0.70, 0.5, 1.2), null), "no published model: calibration only");
  }

  @Test
  void eachRuleRejectsWithItsReason() {
    List<String> why = GATE.failures(report(0.790, 0.42, 1.3), report(0.800, 0.40, 1.0));
    assertEquals(3, why.size(), why.toString());
    assertTrue(why.get(0).startsWith("calibration 1.3000 outside"), why.get(0));
    assertTrue(why.get(1).startsWith("AUC 0.79000 is 0.01000 below"), why.get(1));
    assertTrue(why.get(2).startsWith("logloss 0.42000 is 0.02000 above"), why.get(2));
    assertEquals(List.of("candidate AUC NaN / logloss 0.4 not finite"),
        GATE.failures(report(Double.NaN, 0.4, 1.0), null));
  }

  /** Candidate and published on the same planted rows: positives shifted by μ in logit, correlated noise. */
  static PairedMetrics sameRows(long seed, int rows, double muCandidate, double muPublished) {
    Random rnd = new Random(seed);
    PairedMetrics m = new PairedMetrics(1.0, 1.0, MetricsOptions.DEFAULT, seed);
    for (int i = 0; i < rows; i++) {
      int y = rnd.nextDouble() < 0.1 ? 1 : 0;
      double z1 = rnd.nextGaussian();
      double z2 = 0.7 * z1 + Math.sqrt(1 - 0.49) * rnd.nextGaussian();
      m.add(y, 1 / (1 + Math.exp(-(z1 + y * muCandidate - 2.5))), 1 / (1 + Math.exp(-(z2 + y * muPublished - 2.5))),
          null, 0, null);
    }
    return m;
  }

  @Test
  void withSignificanceANoiseLevelDropPublishesAndARealOneIsRejected() {
    GateSpec plain = new GateSpec(0.002, 0.002, 0.5, 2.0);
    GateSpec significance = new GateSpec(0.002, 0.002, 0.5, 2.0, true);
    // equally good models on 3,000 rows: find a day where noise alone drops the candidate's AUC past 0.002
    PairedMetrics noise = null;
    for (long seed = 1; noise == null; seed++) {
      PairedMetrics m = sameRows(seed, 3000, 1.2, 1.2);
      if (m.a().scores().auc() < m.b().scores().auc() - 0.01) {
        noise = m;
      }
    }
    MetricsReport cand = noise.a().report();
    MetricsReport pub = noise.b().report();
    ModelComparison c = noise.comparison();
    assertTrue(plain.failures(cand, pub, c).stream().anyMatch(r -> r.startsWith("AUC")), "the point estimate drops");
    assertTrue(significance.failures(cand, pub, c).stream().noneMatch(r -> r.startsWith("AUC")),
        "within noise: " + c + " " + significance.failures(cand, pub, c));
    // a real drop (μ 0.8 vs 1.2: true AUC 0.713 vs 0.802) on the same amount of data
    PairedMetrics real = sameRows(1, 3000, 0.8, 1.2);
    List<String> why = significance.failures(real.a().report(), real.b().report(), real.comparison());
    assertTrue(why.stream().anyMatch(r -> r.startsWith("AUC") && r.contains("significant")), why.toString());
    // the option needs the paired comparison; without it the point estimates decide (conservative)
    assertEquals(plain.failures(cand, pub), significance.failures(cand, pub, null));
  }

  @Test
  void invalidSettingsAreRefused() {
    assertThrows(IllegalArgumentException.class, () -> new GateSpec(-0.1, 0.01, 0.8, 1.25));
    assertThrows(IllegalArgumentException.class, () -> new GateSpec(0.01, 0.01, 1.1, 1.25));
    assertThrows(IllegalArgumentException.class, () -> new GateSpec(0.01, 0.01, 0.8, 0.9));
  }

  static MetricsReport withAucInterval(double auc, double lower, double upper, double logloss) {
    MetricsReport r = report(auc, logloss, 1.0);
    return new MetricsReport(r.count(), r.positives(), auc, new Interval(lower, upper, 0.95), 0, r.histogramBins(),
        logloss, null, r.normalizedEntropy(), r.calibration(), Double.NaN, Double.NaN, 0, 0, 0, Double.NaN,
        java.util.Map.of(), java.util.Map.of(), List.of(), java.util.Map.of());
  }

  @Test
  void theFirstNightPublishesNothingIndistinguishableFromChance() {
    GateSpec gate = new GateSpec(0.002, 0.002, 0.8, 1.25, false, GateSpec.CHANCE, 0, 0);
    List<String> why = gate.failures(withAucInterval(0.5185, 0.481, 0.556, 0.45), null);
    assertEquals(1, why.size(), why.toString());
    assertTrue(why.get(0).contains("the lower bound of its 95% interval 0.48100 is not above 0.500")
        && why.get(0).contains("gate.min-auc-lower-bound"), why.get(0));
    assertEquals(List.of(), gate.failures(withAucInterval(0.5185, 0.505, 0.532, 0.45), null), "narrow: above chance");
    assertEquals(1, gate.failures(report(0.49, 0.45, 1.0), null).size(), "no interval: the point estimate");
  }

  @Test
  void absoluteFloorsApplyWithOrWithoutAPublishedModel() {
    GateSpec gate = new GateSpec(0.1, 0.1, 0.8, 1.25, false, GateSpec.CHANCE, 0.75, 0.40);
    List<String> why = gate.failures(withAucInterval(0.74, 0.73, 0.75, 0.41), null);
    assertEquals(List.of("AUC 0.74000 below gate.min-auc 0.75000", "logloss 0.41000 above gate.max-logloss 0.40000"),
        why);
    assertEquals(2, gate.failures(withAucInterval(0.74, 0.73, 0.75, 0.41), report(0.74, 0.41, 1.0)).size());
    assertThrows(IllegalArgumentException.class, () -> new GateSpec(0.1, 0.1, 0.8, 1.25, false, 1.2, 0, 0));
  }
}
