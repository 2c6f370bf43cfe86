package io.sparkctr.features.split;

import java.util.Locale;

/** The three time-ordered parts of the data. */
public enum Split {
  TRAIN, VALIDATION, TEST;

  /** Directory name under the feature output: train, validation, test. */
  public String dirName() {
    return name().toLowerCase(Locale.ROOT);
  }
}
