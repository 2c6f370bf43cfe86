package io.sparkctr.features.config;

import java.time.Instant;
import java.util.Optional;

/**
 * The configured time split. The boundaries themselves are resolved against the data's time
 * range by {@code io.sparkctr.features.split.TimeSplit}.
 */
public record SplitSpec(SplitMode mode, double validationFraction, double testFraction, int validationDays,
                        int testDays, Optional<Instant> validationStart, Optional<Instant> testStart) {
  public SplitSpec {
    switch (mode) {
      case FRACTIONS -> {
        if (!(validationFraction >= 0 && testFraction >= 0 && validationFraction + testFraction < 1)) {
          throw new IllegalArgumentException("Cannot configure split: validation-fraction " + validationFraction
              + " and test-fraction " + testFraction + " must be >= 0 and sum to less than 1");
        }
      }
      case LAST_DAYS -> {
        if (validationDays < 0 || testDays < 0) {
          throw new IllegalArgumentException("Cannot configure split: validation-days " + validationDays
              + " and test-days " + testDays + " must be >= 0");
        }
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
      }
      default -> throw new AssertionError(mode);
    }
  }
}
