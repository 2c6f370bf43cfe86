package io.sparkctr.jobs.abtest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparkctr.features.synthetic.PlantedAbTest;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The A/B statistics on planted tests, in the JVM (no Spark), over seeded repetitions: the interval by unit covers
 * the planted lift at its level, the always-valid p-value keeps its error rate under daily peeking, and the SRM check
 * flags a 49/51 drift. The rates these tests print are recorded in docs/design/ab-tests.md.
 */
class AbTestStatisticsTest {
  static final int REPS = 1_000;
  static final long UNITS = 2_000;
  /** Fewer units for the 14 daily looks, to keep the test fast. */
  static final long PEEK_UNITS = 1_000;
  static final int DAYS = 14;
  static final Map<String, Double> HALF = Map.of("control", 0.5, "treatment", 0.5);

  static AbTestAnalysis.Result analyse(DailyTotals totals) {
    return AbTestAnalysis.analyse(totals, List.of("control", "treatment"), PlantedTotals.dayNames(totals.days()),
        new LinkedHashMap<>(HALF), AbTestOptions.defaults("control"), false);
  }

  /** Three standard errors of a rate p estimated from REPS repetitions. */
  static double threeSe(double p) {
    return 3 * Math.sqrt(p * (1 - p) / REPS);
  }

  @Test
  void theIntervalByUnitCoversThePlantedLift() {
    double lift = 0.05;
    int byUnit = 0;
    int perImpression = 0;
    for (int rep = 0; rep < REPS; rep++) {
      PlantedAbTest t = PlantedTotals.planted(UNITS, DAYS, rep, lift, 0);
      DailyTotals totals = PlantedTotals.of(t);
      AbTestReport.Comparison c = analyse(totals).comparisons().get(0);
      double truth = t.trueLift(1);
      byUnit += c.lower() <= truth && truth <= c.upper() ? 1 : 0;
      perImpression += coversPerImpression(totals, truth) ? 1 : 0;
    }
    double coverage = (double) byUnit / REPS;
    System.out.printf(Locale.ROOT, "planted lift %.2f, %d units, %d days, %d repetitions: 95%% interval by unit covers "
            + "%.3f, per impression (the wrong unit) %.3f%n", lift, UNITS, DAYS, REPS, coverage,
        (double) perImpression / REPS);
    assertEquals(0.95, coverage, threeSe(0.95), "coverage of the interval by unit");
  }

  /** The interval that treats impressions as independent Bernoulli draws: too narrow on clustered data. */
  static boolean coversPerImpression(DailyTotals totals, double truth) {
    UnitMoments c = totals.total(0);
    UnitMoments x = totals.total(1);
    double rc = c.clicks() / c.impressions();
    double rx = x.clicks() / x.impressions();
    RatioEstimate lift = new RatioEstimate(rx, rx * (1 - rx) / x.impressions())
        .liftOver(new RatioEstimate(rc, rc * (1 - rc) / c.impressions()));
    double h = 1.959964 * Math.sqrt(lift.variance());
    return lift.mean() - h <= truth && truth <= lift.mean() + h;
  }

  @Test
  void dailyPeekingAtTheAlwaysValidPValueKeepsItsErrorRate() {
    int alwaysValid = 0;
    int naive = 0;
    int sequenceMissed = 0;
    for (int rep = 0; rep < REPS; rep++) {
      AbTestAnalysis.Result r = analyse(PlantedTotals.of(PlantedTotals.planted(PEEK_UNITS, DAYS, 10_000 + rep, 0, 0)));
      AbTestReport.Comparison end = r.comparisons().get(0);
      alwaysValid += end.alwaysValidP() < 0.05 ? 1 : 0;
      sequenceMissed += end.sequenceLower() > 0 || end.sequenceUpper() < 0 ? 1 : 0;
      naive += r.days().stream().anyMatch(d -> d.cumulative().get(0).pValue() < 0.05) ? 1 : 0;
    }
    double rate = (double) alwaysValid / REPS;
    System.out.printf(Locale.ROOT, "no lift, %d units, daily looks over %d days, %d repetitions: always-valid p < 0.05 "
            + "in %.3f, confidence sequence excludes 0 in %.3f, naive daily p < 0.05 on some day in %.3f%n", PEEK_UNITS, DAYS,
        REPS, rate, (double) sequenceMissed / REPS, (double) naive / REPS);
    assertTrue(rate <= 0.05 + threeSe(0.05), "always-valid rejection rate " + rate);
    assertEquals(alwaysValid, sequenceMissed, "the sequence excludes 0 exactly when p < alpha");
  }

  @Test
  void theSampleRatioCheckFlagsA49To51Drift() {
    long units = 100_000;
    SampleRatio drifted = SampleRatio.test(unitsPerArm(PlantedTotals.planted(units, 1, 7, 0, 0.01)), HALF, 0.001);
    SampleRatio planned = SampleRatio.test(unitsPerArm(PlantedTotals.planted(units, 1, 7, 0, 0)), HALF, 0.001);
    System.out.printf(Locale.ROOT, "SRM at %d units: drifted %s chi2 %.1f p %.2e; as planned %s chi2 %.2f p %.3f%n",
        units, drifted.units(), drifted.chiSquare(), drifted.pValue(), planned.units(), planned.chiSquare(),
        planned.pValue());
    assertTrue(drifted.mismatch(), drifted.toString());
    assertFalse(planned.mismatch(), planned.toString());
  }

  static Map<String, Long> unitsPerArm(PlantedAbTest t) {
    long[] n = new long[2];
    for (long u = 0; u < t.settings().units(); u++) {
      n[t.arm(u)]++;
    }
    Map<String, Long> m = new LinkedHashMap<>();
    m.put("control", n[0]);
    m.put("treatment", n[1]);
    return m;
  }
}
