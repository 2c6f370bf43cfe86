package io.sparkctr.features.config;

import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.Locale;

/**
 * A categorical feature computed from the event time in a configured zone ({@code time-features}):
 * its slot is named by {@link #configName()} and its value is a small integer as text.
 */
public enum TimeFeature {
  /** 0 .. 23, the local hour. */
  HOUR_OF_DAY,
  /** 1 (Monday) .. 7 (Sunday), ISO-8601. */
  DAY_OF_WEEK;

  public static TimeFeature parse(String value, String key) {
    try {
      return valueOf(value.trim().toUpperCase(Locale.ROOT).replace('-', '_'));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("Cannot read " + key + ": '" + value + "' is not one of hour-of-day, "
          + "day-of-week");
    }
  }

  /** The kebab-case name, e.g. {@code hour-of-day}: also the name of its slot. */
  public String configName() {
    return name().toLowerCase(Locale.ROOT).replace('_', '-');
  }

  /** The feature's value at {@code epochSeconds} in {@code zone}. */
  public String value(long epochSeconds, ZoneId zone) {
    ZonedDateTime t = Instant.ofEpochSecond(epochSeconds).atZone(zone);
    return switch (this) {
      case HOUR_OF_DAY -> Integer.toString(t.getHour());
      case DAY_OF_WEEK -> Integer.toString(t.getDayOfWeek().getValue());
    };
  }
}
