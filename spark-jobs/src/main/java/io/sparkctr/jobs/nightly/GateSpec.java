package io.sparkctr.jobs.nightly;

import io.sparkctr.models.metrics.Interval;
import io.sparkctr.models.metrics.MetricsReport;
import io.sparkctr.models.metrics.ModelComparison;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The publication gate: a candidate is published only if, on the held-out day and against the
 * published model, its AUC is not lower by more than {@code maxAucDrop}, its logloss not higher by
 * more than {@code maxLoglossIncrease}, and its calibration lies in [{@code minCalibration},
 * {@code maxCalibration}]. Always, published model or not (the first night included): the lower
 * bound of the candidate's AUC interval on the held-out day (DeLong, at
 * {@code sparkctr.evaluation.confidence}; the point estimate where the interval is undefined) must be
 * above {@code minAucLowerBound} (0.5: better than chance, beyond the day's noise), its AUC at least
 * {@code minAuc} and its logloss at most {@code maxLogloss} (each 0 = not checked).
 *
 * <p>With {@code requireSignificance}, an AUC or logloss drop beyond its allowance rejects only when
 * it is also significant: the paired interval of candidate − published (same rows,
 * {@link ModelComparison}) lies entirely on the worse side of zero. A drop within the noise of the
 * held-out day then publishes; where the interval is undefined the point estimate decides. Off by
 * default (conservative): any drop past the allowance rejects,
 * so noise can cost a day of freshness but never publishes a regression the point estimate shows.
 */
public record GateSpec(double maxAucDrop, double maxLoglossIncrease, double minCalibration, double maxCalibration,
                       boolean requireSignificance, double minAucLowerBound, double minAuc, double maxLogloss) {
  /** The default floor: the AUC interval's lower bound above chance. */
  public static final double CHANCE = 0.5;

  public GateSpec {
    if (maxAucDrop < 0 || maxLoglossIncrease < 0 || !(minCalibration > 0 && minCalibration < 1 && maxCalibration > 1)) {
      throw new IllegalArgumentException("Cannot configure gate: max-auc-drop " + maxAucDrop
          + " and max-logloss-increase " + maxLoglossIncrease + " must be >= 0, min-calibration " + minCalibration
          + " in (0, 1), max-calibration " + maxCalibration + " > 1");
    }
    if (!(minAucLowerBound >= 0 && minAucLowerBound < 1 && minAuc >= 0 && minAuc < 1 && maxLogloss >= 0
        && Double.isFinite(maxLogloss))) {
      throw new IllegalArgumentException("Cannot configure gate: min-auc-lower-bound " + minAucLowerBound
          + " and min-auc " + minAuc + " must be in [0, 1), max-logloss " + maxLogloss + " finite and >= 0 (0 = off)");
    }
  }

  public GateSpec(double maxAucDrop, double maxLoglossIncrease, double minCalibration, double maxCalibration,
                  boolean requireSignificance) {
    this(maxAucDrop, maxLoglossIncrease, minCalibration, maxCalibration, requireSignificance, CHANCE, 0, 0);
  }

  public GateSpec(double maxAucDrop, double maxLoglossIncrease, double minCalibration, double maxCalibration) {
    this(maxAucDrop, maxLoglossIncrease, minCalibration, maxCalibration, false);
  }

  /** The reasons to reject {@code candidate} by the point estimates alone; empty = publish. */
  public List<String> failures(MetricsReport candidate, MetricsReport current) {
    return failures(candidate, current, null);
  }

  /**
   * The reasons to reject {@code candidate}; empty = publish.
   *
   * @param comparison candidate − published on the same rows, or null (then the significance option
   *     cannot apply and the point estimates decide)
   */
  public List<String> failures(MetricsReport candidate, MetricsReport current, ModelComparison comparison) {
    List<String> why = new ArrayList<>();
    if (!Double.isFinite(candidate.auc()) || !Double.isFinite(candidate.logloss())) {
      why.add("candidate AUC " + candidate.auc() + " / logloss " + candidate.logloss() + " not finite");
      return why;
    }
    double cal = candidate.calibration();
    if (!(cal >= minCalibration && cal <= maxCalibration)) {
      why.add(String.format(Locale.ROOT, "calibration %.4f outside [%.3f, %.3f]", cal, minCalibration,
          maxCalibration));
    }
    floors(candidate, why);
    if (current == null) {
      return why;
    }
    boolean judge = requireSignificance && comparison != null;
    if (candidate.auc() < current.auc() - maxAucDrop) {
      Interval ci = judge ? comparison.aucDeltaCi() : null;
      if (ci == null || ci.upper() < 0) {
        why.add(String.format(Locale.ROOT, "AUC %.5f is %.5f below the published model's %.5f (allowed %.5f)%s",
            candidate.auc(), current.auc() - candidate.auc(), current.auc(), maxAucDrop, significance(ci)));
      }
    }
    if (candidate.logloss() > current.logloss() + maxLoglossIncrease) {
      Interval ci = judge ? comparison.loglossDeltaCi() : null;
      if (ci == null || ci.lower() > 0) {
        why.add(String.format(Locale.ROOT, "logloss %.5f is %.5f above the published model's %.5f (allowed %.5f)%s",
            candidate.logloss(), candidate.logloss() - current.logloss(), current.logloss(), maxLoglossIncrease,
            significance(ci)));
      }
    }
    return why;
  }

  /** The absolute floors, applied whether or not a model is published. */
  private void floors(MetricsReport candidate, List<String> why) {
    Interval ci = candidate.aucCi();
    double lower = ci != null && Double.isFinite(ci.lower()) ? ci.lower() : candidate.auc();
    if (!(lower > minAucLowerBound)) {
      why.add(String.format(Locale.ROOT, "AUC %.5f: %s %.5f is not above %.3f (gate.min-auc-lower-bound; the "
          + "held-out day cannot tell it from %s)", candidate.auc(), ci != null ? String.format(Locale.ROOT,
          "the lower bound of its %.0f%% interval", 100 * ci.level()) : "its point estimate (no interval)", lower,
          minAucLowerBound, minAucLowerBound == CHANCE ? "chance" : "that floor"));
    }
    if (minAuc > 0 && candidate.auc() < minAuc) {
      why.add(String.format(Locale.ROOT, "AUC %.5f below gate.min-auc %.5f", candidate.auc(), minAuc));
    }
    if (maxLogloss > 0 && candidate.logloss() > maxLogloss) {
      why.add(String.format(Locale.ROOT, "logloss %.5f above gate.max-logloss %.5f", candidate.logloss(), maxLogloss));
    }
  }

  /** The interval that made a drop significant; without one (option off, or undefined) the point estimate decides. */
  private static String significance(Interval ci) {
    return ci == null ? "" : String.format(Locale.ROOT, "; significant: paired %.0f%% interval of the difference "
        + "[%+.5f, %+.5f]", 100 * ci.level(), ci.lower(), ci.upper());
  }
}
