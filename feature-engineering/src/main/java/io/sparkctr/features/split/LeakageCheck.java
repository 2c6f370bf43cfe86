package io.sparkctr.features.split;

import java.time.Instant;
import java.util.Map;

/**
 * Verifies on the data as split (not on the config) that no validation or test row is at or
 * before the latest training row, and no test row at or before the latest validation row.
 * The job runs it before anything is published.
 */
public final class LeakageCheck {
  private LeakageCheck() {}

  /** @throws IllegalStateException naming the splits, the offending instants and the boundaries */
  public static void verify(Map<Split, SplitStats> stats, TimeSplit split) {
    check(stats, Split.TRAIN, Split.VALIDATION, split);
    check(stats, Split.TRAIN, Split.TEST, split);
    check(stats, Split.VALIDATION, Split.TEST, split);
  }

  private static void check(Map<Split, SplitStats> stats, Split earlier, Split later, TimeSplit split) {
    SplitStats e = stats.getOrDefault(earlier, SplitStats.EMPTY);
    SplitStats l = stats.getOrDefault(later, SplitStats.EMPTY);
    if (e.isEmpty() || l.isEmpty()) {
      return;
    }
    if (l.minTimestamp() <= e.maxTimestamp()) {
      throw new IllegalStateException("Cannot publish features: the split leaks the future into "
          + earlier.dirName() + ": the earliest " + later.dirName() + " row ("
          + Instant.ofEpochSecond(l.minTimestamp()) + ") is not strictly later than the latest "
          + earlier.dirName() + " row (" + Instant.ofEpochSecond(e.maxTimestamp()) + "); boundaries: validation from "
          + Instant.ofEpochSecond(split.validationStart()) + ", test from " + Instant.ofEpochSecond(split.testStart()));
    }
  }
}
