package io.sparkctr.features.split;

import java.io.Serializable;

/** Mergeable per-split tallies: rows, positives and the time range. */
public record SplitStats(long rows, long positives, long minTimestamp, long maxTimestamp) implements Serializable {
  public static final SplitStats EMPTY = new SplitStats(0, 0, Long.MAX_VALUE, Long.MIN_VALUE);

  public SplitStats add(int label, long timestamp) {
    return new SplitStats(rows + 1, positives + label, Math.min(minTimestamp, timestamp),
        Math.max(maxTimestamp, timestamp));
  }

  public SplitStats merge(SplitStats o) {
    return new SplitStats(rows + o.rows, positives + o.positives, Math.min(minTimestamp, o.minTimestamp),
        Math.max(maxTimestamp, o.maxTimestamp));
  }

  public boolean isEmpty() {
    return rows == 0;
  }
}
