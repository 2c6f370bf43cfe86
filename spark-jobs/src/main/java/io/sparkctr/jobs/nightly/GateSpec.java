package io.sparkctr.jobs.nightly;

import io.sparkctr.models.metrics.MetricsReport;
import java.util.ArrayList;
import java.util.List;

/**
 * The publication gate: a candidate is published only if, on the held-out day and against the
 * published model, its AUC is not lower by more than {@code maxAucDrop}, its logloss not higher by
 * more than {@code maxLoglossIncrease}, and its calibration lies in [{@code minCalibration},
 * {@code maxCalibration}]. Without a published model only calibration and a finite AUC are checked.
 */
public record GateSpec(double maxAucDrop, double maxLoglossIncrease, double minCalibration, double maxCalibration) {
  public GateSpec {
    if (maxAucDrop < 0 || maxLoglossIncrease < 0 || !(minCalibration > 0 && minCalibration < 1 && maxCalibration > 1)) {
      throw new IllegalArgumentException("Cannot configure gate: max-auc-drop " + maxAucDrop
          + " and max-logloss-increase " + maxLoglossIncrease + " must be >= 0, min-calibration " + minCalibration
          + " in (0, 1), max-calibration " + maxCalibration + " > 1");
    }
  }

  /** The reasons to reject {@code candidate}; empty = publish. */
  public List<String> failures(MetricsReport candidate, MetricsReport current) {
    List<String> why = new ArrayList<>();
    if (!Double.isFinite(candidate.auc()) || !Double.isFinite(candidate.logloss())) {
      why.add("candidate AUC " + candidate.auc() + " / logloss " + candidate.logloss() + " not finite");
      return why;
    }
    double cal = candidate.calibration();
    if (!(cal >= minCalibration && cal <= maxCalibration)) {
      why.add(String.format("calibration %.4f outside [%.3f, %.3f]", cal, minCalibration, maxCalibration));
    }
    if (current != null) {
      if (candidate.auc() < current.auc() - maxAucDrop) {
        why.add(String.format("AUC %.5f is %.5f below the published model's %.5f (allowed %.5f)", candidate.auc(),
            current.auc() - candidate.auc(), current.auc(), maxAucDrop));
      }
      if (candidate.logloss() > current.logloss() + maxLoglossIncrease) {
        why.add(String.format("logloss %.5f is %.5f above the published model's %.5f (allowed %.5f)",
            candidate.logloss(), candidate.logloss() - current.logloss(), current.logloss(), maxLoglossIncrease));
      }
    }
    return why;
  }
}
