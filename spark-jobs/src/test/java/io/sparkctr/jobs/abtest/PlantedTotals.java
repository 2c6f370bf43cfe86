package io.sparkctr.jobs.abtest;

import io.sparkctr.features.arms.ArmSplit;
import io.sparkctr.features.synthetic.PlantedAbTest;
import java.util.List;

/** A planted A/B test's {@link DailyTotals} built in the JVM, unit by unit, without writing a row. */
final class PlantedTotals {
  static final ArmSplit HALF = ArmSplit.parse("control=0.5,treatment=0.5", "test");

  private PlantedTotals() {}

  static PlantedAbTest planted(long units, int days, long seed, double lift, double drift) {
    return new PlantedAbTest(HALF, new double[] {0, lift},
        new PlantedAbTest.Settings(units, days, seed, 0.05, 20, 2, 0, drift));
  }

  static DailyTotals of(PlantedAbTest t) {
    int days = t.settings().days();
    DailyTotals totals = new DailyTotals(t.split().arms().size(), days);
    double[] n = new double[days];
    double[] c = new double[days];
    double[] v = new double[days];
    for (long u = 0; u < t.settings().units(); u++) {
      double[] rates = t.unitRates(u);
      for (int d = 0; d < days; d++) {
        PlantedAbTest.Day day = t.day(u, d, rates);
        n[d] = day.impressions();
        c[d] = 0;
        v[d] = 0;
        for (int i = 0; i < day.impressions(); i++) {
          c[d] += day.clicked()[i] ? 1 : 0;
          v[d] += day.value()[i];
        }
      }
      totals.addUnit(t.arm(u), n, c, v);
    }
    return totals;
  }

  static List<String> dayNames(int days) {
    return java.util.stream.IntStream.range(0, days).mapToObj(d -> "day" + d).toList();
  }
}
