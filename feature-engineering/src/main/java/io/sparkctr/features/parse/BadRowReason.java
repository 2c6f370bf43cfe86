package io.sparkctr.features.parse;

import java.util.Locale;

/**
 * Why a raw row was quarantined. The config name (kebab-case, e.g. {@code bad-number}) is the one
 * spelling shown everywhere: the quarantine output, the manifest's reason counts, error messages
 * and {@link #toString()}.
 */
public enum BadRowReason {
  EMPTY_LINE, WRONG_FIELD_COUNT, BAD_LABEL, BAD_TIMESTAMP, BAD_NUMBER,
  /** A timestamp that parses but lies outside {@code schema.timestamp.min} .. {@code max}. */
  IMPLAUSIBLE_TIMESTAMP,
  /** A field holding a NUL character (U+0000). */
  NUL_BYTE,
  /** A text line whose bytes are not valid UTF-8. */
  INVALID_UTF8,
  /** RFC 4180 quoting that does not parse: an unterminated quote, or text after a closing quote. */
  BAD_QUOTING,
  /** A multi-valued field whose weight list does not match its items one for one. */
  BAD_LIST;

  /** The kebab-case name, e.g. {@code bad-number}. */
  public String configName() {
    return name().toLowerCase(Locale.ROOT).replace('_', '-');
  }

  /** The same as {@link #configName()}, so string concatenation shows the one spelling. */
  @Override
  public String toString() {
    return configName();
  }
}
