package io.sparkctr.features.parse;

import java.util.Locale;

/** Why a raw row was quarantined. The config name is what the manifest and the quarantine output show. */
public enum BadRowReason {
  EMPTY_LINE, WRONG_FIELD_COUNT, BAD_LABEL, BAD_TIMESTAMP, BAD_NUMBER;

  public String configName() {
    return name().toLowerCase(Locale.ROOT).replace('_', '-');
  }
}
