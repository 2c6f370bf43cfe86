package io.sparkctr.features.parse;

import java.io.Serializable;

/**
 * A raw row that could not be used: the file, where in it (byte offset of the line for text,
 * partition and row for Parquet), the reason and its detail (field and value), and the raw text.
 * Immutable. (A class, not a record: Spark's Kryo serializer cannot rebuild Java records.)
 */
public final class QuarantinedRow implements Serializable {
  /** Raw text longer than this is cut in the quarantine output. */
  public static final int MAX_RAW_CHARS = 4096;
  private final String file;
  private final String location;
  private final BadRowReason reason;
  private final String detail;
  private final String raw;

  public QuarantinedRow(String file, String location, BadRowReason reason, String detail, String raw) {
    this.file = file;
    this.location = location;
    this.reason = reason;
    this.detail = detail;
    this.raw = raw.length() > MAX_RAW_CHARS ? raw.substring(0, MAX_RAW_CHARS) + "..." : raw;
  }

  public String file() {
    return file;
  }

  public String location() {
    return location;
  }

  public BadRowReason reason() {
    return reason;
  }

  public String detail() {
    return detail;
  }

  public String raw() {
    return raw;
  }

  @Override
  public String toString() {
    return file + " (" + location + "): " + reason.configName() + ": " + detail;
  }
}
