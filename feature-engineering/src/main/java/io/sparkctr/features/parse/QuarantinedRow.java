package io.sparkctr.features.parse;

import java.io.Serializable;

/**
 * A raw row that could not be used: the file, where in it (byte offset of the line for text,
 * partition and row for Parquet), the reason and its detail (field and value), and the raw text.
 */
public record QuarantinedRow(String file, String location, BadRowReason reason, String detail, String raw)
    implements Serializable {
  /** Raw text longer than this is cut in the quarantine output. */
  public static final int MAX_RAW_CHARS = 4096;

  public QuarantinedRow {
    if (raw.length() > MAX_RAW_CHARS) {
      raw = raw.substring(0, MAX_RAW_CHARS) + "...";
    }
  }

  @Override
  public String toString() {
    return file + " (" + location + "): " + reason.configName() + ": " + detail;
  }
}
