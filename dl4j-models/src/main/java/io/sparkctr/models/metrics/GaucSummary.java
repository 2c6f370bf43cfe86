package io.sparkctr.models.metrics;

import java.io.Serializable;

/**
 * The mergeable sums behind GAUC: the impression-weighted sum of per-group AUC over groups with
 * both classes, their impressions, and the groups (and their impressions) skipped for having one
 * class. A few words whatever the number of groups, so per-group AUCs can be computed where the
 * groups are (after a shuffle by group) and only these sums reach the driver.
 */
public final class GaucSummary implements Serializable {
  private double weightedAuc;
  private long weight;
  private long groups;
  private long skipped;
  private long skippedRows;

  /** The contribution of one group's exact counts. */
  public static GaucSummary of(ScoreCounts group) {
    GaucSummary s = new GaucSummary();
    double a = group.auc();
    long n = group.positives() + group.negatives();
    if (Double.isNaN(a)) {
      s.skipped = 1;
      s.skippedRows = n;
    } else {
      s.weightedAuc = a * n;
      s.weight = n;
      s.groups = 1;
    }
    return s;
  }

  public GaucSummary merge(GaucSummary o) {
    weightedAuc += o.weightedAuc;
    weight += o.weight;
    groups += o.groups;
    skipped += o.skipped;
    skippedRows += o.skippedRows;
    return this;
  }

  /** Impression-weighted mean AUC of the groups with both classes; NaN without any. */
  public double gauc() {
    return weight == 0 ? Double.NaN : weightedAuc / weight;
  }

  public long groups() {
    return groups;
  }

  public long skipped() {
    return skipped;
  }

  public long skippedRows() {
    return skippedRows;
  }

  /** Whether any group was seen. */
  public boolean any() {
    return groups + skipped > 0;
  }
}
