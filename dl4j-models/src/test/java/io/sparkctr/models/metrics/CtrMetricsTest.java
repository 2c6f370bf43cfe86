package io.sparkctr.models.metrics;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class CtrMetricsTest {
  static final long DAY0 = 1_767_225_600L; // 2026-01-01T00:00:00Z

  @Test
  void aucCountsTiesAsHalf() {
    ScoreCounts s = new ScoreCounts();
    s.add(0.1, 0);
    s.add(0.4, 1);
    s.add(0.4, 0);
    s.add(0.8, 1);
    assertEquals(0.875, s.auc(), 1e-15); // (1 + 1/2 + 2) / 4
    ScoreCounts allTied = new ScoreCounts();
    allTied.add(0.3, 1);
    allTied.add(0.3, 0);
    assertEquals(0.5, allTied.auc());
    ScoreCounts oneClass = new ScoreCounts();
    oneClass.add(0.3, 1);
    assertTrue(Double.isNaN(oneClass.auc()));
  }

  @Test
  void mergedPartialsEqualTheBruteForceAuc() {
    Random rnd = new Random(3);
    int n = 6000;
    double[] p = new double[n];
    int[] y = new int[n];
    ScoreCounts[] parts = {new ScoreCounts(), new ScoreCounts(), new ScoreCounts()};
    for (int i = 0; i < n; i++) {
      p[i] = Math.round(rnd.nextDouble() * 200) / 200.0; // many ties
      y[i] = rnd.nextDouble() < p[i] * 0.8 ? 1 : 0;
      parts[i % 3].add(p[i], y[i]);
    }
    double wins = 0;
    long pairs = 0;
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < n; j++) {
        if (y[i] == 1 && y[j] == 0) {
          pairs++;
          wins += p[i] > p[j] ? 1 : p[i] == p[j] ? 0.5 : 0;
        }
      }
    }
    double merged = parts[0].merge(parts[1]).merge(parts[2]).auc();
    assertEquals(wins / pairs, merged, 1e-12);
    double[][] roc = parts[0].roc(50);
    assertArrayEquals(new double[] {0, 0}, roc[0], 0);
    assertArrayEquals(new double[] {1, 1}, roc[roc.length - 1], 1e-12);
  }

  @Test
  void loglossNormalizedEntropyAndCalibrationByHand() {
    MetricsReport r = new CtrMetrics(1.0, 10).add(1, 0.8, null, DAY0).add(0, 0.4, null, DAY0).report();
    assertEquals((-Math.log(0.8) - Math.log(0.6)) / 2, r.logloss(), 1e-15);
    assertEquals(r.logloss() / Math.log(2), r.normalizedEntropy(), 1e-15); // base rate 1/2: entropy ln 2
    assertEquals(0.6 / 0.5, r.calibration(), 1e-15);
    assertEquals(1.0, r.auc());
    assertTrue(Double.isNaN(r.gauc()));
    assertEquals(2, r.reliability().size());            // quantile bins: one row each
    assertEquals(1, r.reliability().get(1).count());
    assertEquals(1.0, r.reliability().get(1).observedRate());
    assertTrue(r.undefined().containsKey("gauc"), r.undefined().toString());
  }

  @Test
  void gaucWeighsGroupsByImpressionsAndSkipsOneClassGroups() {
    CtrMetrics m = new CtrMetrics(1.0, 10);
    m.add(1, 0.9, "a", DAY0).add(0, 0.2, "a", DAY0).add(0, 0.1, "a", DAY0);   // AUC 1, 3 impressions
    m.add(1, 0.3, "b", DAY0).add(0, 0.3, "b", DAY0);                          // AUC 0.5, 2 impressions
    m.add(1, 0.7, "c", DAY0).add(1, 0.6, "c", DAY0);                          // one class: skipped
    MetricsReport r = m.report();
    assertEquals((3 * 1.0 + 2 * 0.5) / 5, r.gauc(), 1e-15);
    assertEquals(2, r.gaucGroups());
    assertEquals(1, r.gaucSkippedGroups());
    assertEquals(2, r.gaucSkippedRows());
    assertEquals(1.0 / 3, r.gaucSkippedShare(), 1e-15);
  }

  @Test
  void predictionsFromDownsampledTrainingAreRecalibratedFirst() {
    // trained with negatives kept at rate 0.5, the model says 0.5: the true odds are half, p = 1/3
    assertEquals(1.0 / 3, CtrMetrics.recalibrate(0.5, 0.5), 1e-15);
    MetricsReport r = new CtrMetrics(0.5, 10).add(1, 0.5, null, DAY0).add(0, 0.5, null, DAY0)
        .add(0, 0.5, null, DAY0).report();
    assertEquals(1.0, r.calibration(), 1e-12);   // mean 1/3 over an observed rate of 1/3
    assertEquals(-Math.log(1.0 / 3) / 3 - 2 * Math.log(2.0 / 3) / 3, r.logloss(), 1e-12);
  }

  @Test
  void perDayAucAndMergeEqualOnePass() {
    Random rnd = new Random(5);
    CtrMetrics whole = new CtrMetrics(0.7, 5);
    CtrMetrics a = new CtrMetrics(0.7, 5);
    CtrMetrics b = new CtrMetrics(0.7, 5);
    for (int i = 0; i < 2000; i++) {
      double p = rnd.nextDouble();
      int y = rnd.nextDouble() < p ? 1 : 0;
      long ts = DAY0 + (i % 3) * 86_400L + 5;
      String g = "u" + (i % 17);
      whole.add(y, p, g, ts);
      (i % 2 == 0 ? a : b).add(y, p, g, ts);
    }
    MetricsReport one = whole.report();
    MetricsReport merged = a.merge(b).report();
    assertEquals(one.count(), merged.count());
    assertEquals(one.positives(), merged.positives());
    assertEquals(one.auc(), merged.auc());           // counts only: exact
    assertEquals(one.gauc(), merged.gauc());
    assertEquals(one.perDayAuc(), merged.perDayAuc());
    assertEquals(one.logloss(), merged.logloss(), 1e-12); // sums in another order
    assertEquals(one.calibration(), merged.calibration(), 1e-12);
    assertEquals(one.reliability(), merged.reliability());
    one.perDay().forEach((d, s) -> assertEquals(s.count(), merged.perDay().get(d).count()));
    Map<String, Double> perDay = one.perDayAuc();
    assertEquals(3, perDay.size());
    assertTrue(perDay.containsKey("2026-01-03"), perDay.toString());
  }
}
