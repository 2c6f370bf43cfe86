package io.sparkctr.training.scoring;

import io.sparkctr.models.metrics.GaucSummary;
import io.sparkctr.models.metrics.ScoreCounts;
import org.apache.spark.api.java.JavaPairRDD;

/**
 * GAUC at scale: (group, {prediction, label}) pairs are shuffled by group, each group's exact
 * {@link ScoreCounts} is built where the group lands (Spark's aggregation spills to disk under
 * memory pressure), and only the {@link GaucSummary} sums are tree-aggregated to the driver. No
 * partial and not the driver holds the groups, whatever their number.
 */
public final class GroupAuc {
  private static final int TREE_DEPTH = 2;

  private GroupAuc() {}

  /** @param rows group → {recalibrated prediction, label} */
  public static GaucSummary of(JavaPairRDD<String, double[]> rows) {
    return rows.aggregateByKey(new ScoreCounts(), (c, v) -> {
      c.add(v[0], (int) v[1]);
      return c;
    }, ScoreCounts::merge).values().treeAggregate(new GaucSummary(), (s, c) -> s.merge(GaucSummary.of(c)),
        GaucSummary::merge, TREE_DEPTH);
  }
}
