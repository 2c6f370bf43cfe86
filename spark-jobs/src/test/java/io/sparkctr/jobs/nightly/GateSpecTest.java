package io.sparkctr.jobs.nightly;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparkctr.models.metrics.MetricsReport;
import java.util.List;
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

  @Test
  void invalidSettingsAreRefused() {
    assertThrows(IllegalArgumentException.class, () -> new GateSpec(-0.1, 0.01, 0.8, 1.25));
    assertThrows(IllegalArgumentException.class, () -> new GateSpec(0.01, 0.01, 1.1, 1.25));
    assertThrows(IllegalArgumentException.class, () -> new GateSpec(0.01, 0.01, 0.8, 0.9));
  }
}
