package io.sparkctr.features.split;

import io.sparkctr.features.config.SplitSpec;
import java.io.Serializable;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;

/**
 * Resolved split boundaries, in epoch seconds: train = [.., validationStart),
 * validation = [validationStart, testStart), test = [testStart, ..). Because every row goes by
 * its own timestamp, each validation and test row is strictly later than every training row.
 *
 * <p>Example (mode fractions, 0.1 / 0.1): events from day 0 00:00 to day 9 23:59:59 span 10 days;
 * validation starts at day 8 00:00, test at day 9 00:00.
 */
public record TimeSplit(long validationStart, long testStart) implements Serializable {
  public TimeSplit {
    if (testStart < validationStart) {
      throw new IllegalArgumentException("Cannot split: test start " + Instant.ofEpochSecond(testStart)
          + " is before validation start " + Instant.ofEpochSecond(validationStart));
    }
  }

  public Split assign(long timestamp) {
    if (timestamp >= testStart) {
      return Split.TEST;
    }
    return timestamp >= validationStart ? Split.VALIDATION : Split.TRAIN;
  }

  /**
   * Resolves the configured split against the data's time range [minTs, maxTs].
   *
   * @throws IllegalArgumentException if the training split would be empty
   */
  public static TimeSplit resolve(SplitSpec spec, ZoneId zone, long minTs, long maxTs) {
    TimeSplit split = switch (spec.mode()) {
      case FRACTIONS -> {
        double range = (double) (maxTs - minTs + 1);
        long test = minTs + (long) Math.ceil(range * (1 - spec.testFraction()));
        long validation = minTs + (long) Math.ceil(range * (1 - spec.testFraction() - spec.validationFraction()));
        yield new TimeSplit(validation, test);
      }
      case LAST_DAYS -> {
        LocalDate lastDay = Instant.ofEpochSecond(maxTs).atZone(zone).toLocalDate();
        LocalDate testDay = lastDay.plusDays(1 - (long) spec.testDays());
        LocalDate validationDay = testDay.minusDays(spec.validationDays());
        yield new TimeSplit(validationDay.atStartOfDay(zone).toEpochSecond(), testDay.atStartOfDay(zone).toEpochSecond());
      }
      case INSTANTS -> new TimeSplit(spec.validationStart().orElseThrow().getEpochSecond(),
          spec.testStart().orElseThrow().getEpochSecond());
    };
    if (split.validationStart <= minTs) {
      throw new IllegalArgumentException("Cannot split: no training rows: validation starts at "
          + Instant.ofEpochSecond(split.validationStart) + ", at or before the first event "
          + Instant.ofEpochSecond(minTs) + " (split mode " + spec.mode().configName() + ")");
    }
    return split;
  }
}
