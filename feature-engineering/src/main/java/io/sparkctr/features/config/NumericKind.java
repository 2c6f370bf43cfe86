package io.sparkctr.features.config;

import java.util.Locale;

/** How a numeric field becomes a feature. */
public enum NumericKind {
  /** Criteo-style: v > 2 becomes bucket floor(ln(v)^2), smaller values their integer part; hashed as an index. */
  LOG_BUCKET,
  /** Bucket number between quantile edges fitted on the training split; hashed as an index. */
  QUANTILE,
  /** (v - mean) / std with mean and std of the training split; goes into the dense array, missing = 0. */
  STANDARDIZE;

  public static NumericKind parse(String value, String key) {
    try {
      return valueOf(value.trim().toUpperCase(Locale.ROOT).replace('-', '_'));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("Cannot read " + key + ": '" + value
          + "' is not one of log-bucket, quantile, standardize");
    }
  }

  public String configName() {
    return name().toLowerCase(Locale.ROOT).replace('_', '-');
  }

  /** Whether the field contributes an index (true) or a dense value (false). */
  public boolean isIndexed() {
    return this != STANDARDIZE;
  }
}
