package io.sparkctr.features.config;

import java.time.Instant;
import java.util.Optional;

/**
 * The configured time split. The boundaries themselves are resolved against the data's time
 * range by {@code io.sparkctr.features.split.TimeSplit}.
 *
 * <p>{@code minTrainRows}, {@code minValidationRows} and {@code minTestRows} ({@code split.min-rows})
 * are the fewest rows each split may hold: the job fails before publishing when a split has fewer.
 * Training needs at least 1; a split configured to be empty (fraction or days 0) needs a minimum of 0.
 */
public record SplitSpec(SplitMode mode, double validationFraction, double testFraction, int validationDays,
                        int testDays, Optional<Instant> validationStart, Optional<Instant> testStart,
                        long minTrainRows, long minValidationRows, long minTestRows) {
  /** A split with the default minimum of 1 row per split. */
  public SplitSpec(SplitMode mode, double validationFraction, double testFraction, int validationDays, int testDays,
                   Optional<Instant> validationStart, Optional<Instant> testStart) {
    this(mode, validationFraction, testFraction, validationDays, testDays, validationStart, testStart, 1, 1, 1);
  }

  public SplitSpec {
    switch (mode) {
      case FRACTIONS -> {
        if (!(validationFraction >= 0 && testFraction >= 0 && validationFraction + testFraction < 1)) {
          throw new IllegalArgumentException("Cannot configure split: validation-fraction " + validationFraction
              + " and test-fraction " + testFraction + " must be >= 0 and sum to less than 1");
        }
        requireZeroMinimum(validationFraction == 0, "validation-fraction = 0", "validation", minValidationRows);
        requireZeroMinimum(testFraction == 0, "test-fraction = 0", "test", minTestRows);
      }
      case LAST_DAYS -> {
        if (validationDays < 0 || testDays < 0) {
          throw new IllegalArgumentException("Cannot configure split: validation-days " + validationDays
              + " and test-days " + testDays + " must be >= 0");
        }
        requireZeroMinimum(validationDays == 0, "validation-days = 0", "validation", minValidationRows);
        requireZeroMinimum(testDays == 0, "test-days = 0", "test", minTestRows);
      }
      case INSTANTS -> {
        if (validationStart.isEmpty() || testStart.isEmpty()) {
          throw new IllegalArgumentException(
              "Cannot configure split: mode instants needs split.validation-start and split.test-start");
        }
        if (testStart.get().isBefore(validationStart.get())) {
          throw new IllegalArgumentException("Cannot configure split: test-start " + testStart.get()
              + " is before validation-start " + validationStart.get()
              + ": validation would hold rows later than the test rows and leak the test period into model selection");
        }
        requireZeroMinimum(testStart.get().equals(validationStart.get()), "validation-start = test-start",
            "validation", minValidationRows);
      }
      default -> throw new AssertionError(mode);
    }
    if (minTrainRows < 1 || minValidationRows < 0 || minTestRows < 0) {
      throw new IllegalArgumentException("Cannot configure split.min-rows: train " + minTrainRows + ", validation "
          + minValidationRows + ", test " + minTestRows + ": train must be >= 1, validation and test >= 0");
    }
  }

  private static void requireZeroMinimum(boolean empty, String setting, String split, long min) {
    if (empty && min > 0) {
      throw new IllegalArgumentException("Cannot configure split: " + setting + " leaves the " + split
          + " split empty, but split.min-rows." + split + " = " + min + " requires rows there; set it to 0");
    }
  }
}
