package io.sparkctr.models.metrics;

/**
 * Model A minus model B on the same rows, with paired bootstrap intervals ({@link PairedBootstrap}).
 * A positive AUC delta favours A; a positive logloss delta favours B.
 *
 * @param rows rows both models scored
 * @param aucDelta AUC(A) − AUC(B) from the full-resolution histograms
 * @param aucDeltaStandardError the replicates' standard deviation of the AUC difference
 * @param aucDeltaCi aucDelta ± z·se; null when undefined
 * @param loglossDelta logloss(A) − logloss(B)
 * @param loglossDeltaStandardError the replicates' standard deviation of the logloss difference
 * @param loglossDeltaCi loglossDelta ± z·se; null when undefined
 * @param replicates bootstrap replicates
 * @param method how the intervals were computed
 */
public record ModelComparison(long rows, double aucDelta, double aucDeltaStandardError, Interval aucDeltaCi,
                              double loglossDelta, double loglossDeltaStandardError, Interval loglossDeltaCi,
                              int replicates, String method) {
  public static final String METHOD = "paired Poisson bootstrap on the executors, normal interval";

  public static ModelComparison of(CtrMetrics a, CtrMetrics b, PairedBootstrap paired, double level) {
    if (a.count() != b.count()) {
      throw new IllegalArgumentException("Cannot compare models: they scored " + a.count() + " and " + b.count()
          + " rows; a paired comparison needs the same rows");
    }
    double auc = a.scores().auc() - b.scores().auc();
    double se = PairedBootstrap.standardDeviation(paired.aucDifferences());
    double ll = a.overall().logloss() - b.overall().logloss();
    double llSe = PairedBootstrap.standardDeviation(paired.loglossDifferences());
    return new ModelComparison(a.count(), auc, se, Interval.normal(auc, se, level, -1, 1), ll, llSe,
        Interval.normal(ll, llSe, level, Double.NEGATIVE_INFINITY, Double.POSITIVE_INFINITY), paired.replicates(),
        METHOD);
  }
}
