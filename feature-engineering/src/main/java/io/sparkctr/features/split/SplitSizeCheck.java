package io.sparkctr.features.split;

import io.sparkctr.features.config.SplitSpec;
import java.time.Instant;
import java.util.Map;

/**
 * Verifies on the data as split that every split holds at least its configured minimum of rows
 * ({@code split.min-rows}, at least 1 training row). The job runs it before fitting or writing
 * anything, so a failing split leaves nothing at the output path.
 */
public final class SplitSizeCheck {
  private SplitSizeCheck() {}

  /**
   * @param dataFrom epoch second of the earliest good row
   * @param dataTo epoch second of the latest good row
   * @throws IllegalArgumentException naming each short split, its minimum, the boundaries and all counts
   */
  public static void verify(Map<Split, SplitStats> stats, TimeSplit split, SplitSpec spec, long dataFrom,
                            long dataTo) {
    StringBuilder shortSplits = new StringBuilder();
    for (Split s : Split.values()) {
      long rows = rows(stats, s);
      long min = minRows(spec, s);
      if (rows < min) {
        shortSplits.append(shortSplits.length() == 0 ? "" : "; ").append("the ").append(s.dirName())
            .append(" split has ").append(rows).append(rows == 1 ? " row" : " rows").append(", below split.min-rows.")
            .append(s.dirName()).append(" = ").append(min);
      }
    }
    if (shortSplits.length() > 0) {
      throw new IllegalArgumentException("Cannot build features: " + shortSplits + ". Split (mode "
          + spec.mode().configName() + ") of the events " + Instant.ofEpochSecond(dataFrom) + " .. "
          + Instant.ofEpochSecond(dataTo) + ": train before " + Instant.ofEpochSecond(split.validationStart())
          + ", validation from " + Instant.ofEpochSecond(split.validationStart()) + ", test from "
          + Instant.ofEpochSecond(split.testStart()) + "; rows: train " + rows(stats, Split.TRAIN) + ", validation "
          + rows(stats, Split.VALIDATION) + ", test " + rows(stats, Split.TEST));
    }
  }

  /** The configured minimum number of rows of split {@code s}. */
  public static long minRows(SplitSpec spec, Split s) {
    return switch (s) {
      case TRAIN -> spec.minTrainRows();
      case VALIDATION -> spec.minValidationRows();
      case TEST -> spec.minTestRows();
    };
  }

  private static long rows(Map<Split, SplitStats> stats, Split s) {
    return stats.getOrDefault(s, SplitStats.EMPTY).rows();
  }
}
