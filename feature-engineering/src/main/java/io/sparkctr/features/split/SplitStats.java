package io.sparkctr.features.split;

import java.io.Serializable;

/**
 * Mergeable per-split tallies: rows, positives and the time range. Immutable. (A class, not a
 * record: Spark's Kryo serializer cannot rebuild Java records.)
 */
public final class SplitStats implements Serializable {
  public static final SplitStats EMPTY = new SplitStats(0, 0, Long.MAX_VALUE, Long.MIN_VALUE);
  private final long rows;
  private final long positives;
  private final long minTimestamp;
  private final long maxTimestamp;

  public SplitStats(long rows, long positives, long minTimestamp, long maxTimestamp) {
    this.rows = rows;
    this.positives = positives;
    this.minTimestamp = minTimestamp;
    this.maxTimestamp = maxTimestamp;
  }

  public long rows() {
    return rows;
  }

  public long positives() {
    return positives;
  }

  public long minTimestamp() {
    return minTimestamp;
  }

  public long maxTimestamp() {
    return maxTimestamp;
  }

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

  @Override
  public String toString() {
    return "SplitStats[rows=" + rows + ", positives=" + positives + ", min=" + minTimestamp + ", max=" + maxTimestamp
        + "]";
  }
}
