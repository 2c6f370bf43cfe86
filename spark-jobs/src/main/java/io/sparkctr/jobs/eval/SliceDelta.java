package io.sparkctr.jobs.eval;

import io.sparkctr.models.metrics.Interval;
import io.sparkctr.models.metrics.SliceReport;

/**
 * Model minus baseline on one slice, with intervals built from the two slices' own intervals taken
 * as independent: se = √(se_model² + se_baseline²), each se read back from its interval's wider side
 * (an interval may be clipped at 0 or 1). Both models scored the same rows, so their errors are
 * positively correlated and a paired interval would be narrower: these intervals are conservative
 * (a difference whose interval excludes zero is clear of noise; one whose interval holds zero may
 * still be real).
 *
 * @param auc AUC(model) − AUC(baseline); NaN when either is undefined
 * @param aucCi its interval from the two DeLong intervals; null when either is missing
 * @param logloss logloss(model) − logloss(baseline)
 * @param loglossCi its interval from the two normal intervals; null when either is missing
 */
public record SliceDelta(double auc, Interval aucCi, double logloss, Interval loglossCi) {
  /** How the intervals are computed, for the report's text. */
  public static final String METHOD = "the two slices' own intervals (AUC: DeLong; logloss: normal) combined as if "
      + "independent, which is wider than a paired interval on the same rows: a difference coloured here is clear "
      + "of noise, one left grey may still be real";

  /** {@code model} − {@code baseline}; either may be null (a value one of them lacks), then all is undefined. */
  public static SliceDelta of(SliceReport model, SliceReport baseline) {
    if (model == null || baseline == null) {
      return new SliceDelta(Double.NaN, null, Double.NaN, null);
    }
    double auc = model.auc() - baseline.auc();
    double logloss = model.logloss() - baseline.logloss();
    return new SliceDelta(auc, independent(auc, model.auc(), model.aucCi(), baseline.auc(), baseline.aucCi(), 1),
        logloss, independent(logloss, model.logloss(), model.loglossCi(), baseline.logloss(), baseline.loglossCi(),
        Double.POSITIVE_INFINITY));
  }

  /** {@code d} ± z·√(se_a² + se_b²) clipped to [−bound, bound]; null when an interval is missing or differs in level. */
  static Interval independent(double d, double a, Interval ca, double b, Interval cb, double bound) {
    if (ca == null || cb == null || ca.level() != cb.level()) {
      return null;
    }
    return Interval.normal(d, Math.hypot(standardError(a, ca), standardError(b, cb)), ca.level(), -bound, bound);
  }

  /** The standard error behind a normal interval around {@code v}: its wider half-width over z. */
  static double standardError(double v, Interval ci) {
    return Math.max(v - ci.lower(), ci.upper() - v) / Interval.z(ci.level());
  }
}
