package io.sparkctr.features.config;

import java.util.Locale;

/** How the train/validation/test boundaries are chosen. */
public enum SplitMode {
  FRACTIONS, LAST_DAYS, INSTANTS;

  public static SplitMode parse(String value) {
    try {
      return valueOf(value.trim().toUpperCase(Locale.ROOT).replace('-', '_'));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("Cannot read split.mode: '" + value
          + "' is not one of fractions, last-days, instants");
    }
  }

  public String configName() {
    return name().toLowerCase(Locale.ROOT).replace('_', '-');
  }
}
