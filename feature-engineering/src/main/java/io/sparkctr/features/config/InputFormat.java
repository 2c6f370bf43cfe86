package io.sparkctr.features.config;

import java.util.Locale;

/** Raw input file formats the feature job reads. */
public enum InputFormat {
  CSV, TSV, PARQUET;

  /** Parses a config value such as {@code csv}; the error lists the accepted values. */
  public static InputFormat parse(String value, String key) {
    try {
      return valueOf(value.trim().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("Cannot read " + key + ": '" + value + "' is not one of csv, tsv, parquet");
    }
  }

  public boolean isText() {
    return this != PARQUET;
  }
}
