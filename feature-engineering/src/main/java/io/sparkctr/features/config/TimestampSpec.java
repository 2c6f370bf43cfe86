package io.sparkctr.features.config;

import java.io.Serializable;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * How an event time is read: a column and its format, or the day number in the file name.
 *
 * <p>{@code format} is {@code epoch-seconds}, {@code epoch-millis}, {@code iso}, {@code file-day},
 * or any {@link DateTimeFormatter} pattern (e.g. Avazu's {@code yyMMddHH}), read in {@code zone}.
 *
 * <p>{@code min} and {@code max} ({@code schema.timestamp.min} / {@code max}, read by
 * {@link TimeBound}; epoch seconds, both inclusive) bound the plausible event times:
 * a row whose timestamp column lies outside them is quarantined. They do not apply to
 * {@code file-day}, whose day numbers are relative (Criteo's day_0 is 1970-01-01).
 */
public record TimestampSpec(String field, String format, String zone, String fileDayPattern, long min, long max)
    implements Serializable {
  public static final String EPOCH_SECONDS = "epoch-seconds";
  public static final String EPOCH_MILLIS = "epoch-millis";
  public static final String ISO = "iso";
  public static final String FILE_DAY = "file-day";

  /** A spec with no plausible range (every time accepted): for scoring with a manifest, and for tests. */
  public TimestampSpec(String field, String format, String zone, String fileDayPattern) {
    this(field, format, zone, fileDayPattern, Long.MIN_VALUE, Long.MAX_VALUE);
  }

  public TimestampSpec {
    if (min >= max) {
      throw new IllegalArgumentException("Cannot configure schema.timestamp: min " + TimeBound.show(min)
          + " is not before max " + TimeBound.show(max));
    }
    try {
      ZoneId.of(zone);
    } catch (DateTimeException e) {
      throw new IllegalArgumentException("Cannot configure schema.timestamp.zone: unknown zone '" + zone + "'");
    }
    if (format.equals(FILE_DAY)) {
      try {
        if (Pattern.compile(fileDayPattern).matcher("").groupCount() < 1) {
          throw new IllegalArgumentException("Cannot configure schema.timestamp.file-day-pattern: '"
              + fileDayPattern + "' has no capturing group for the day number");
        }
      } catch (PatternSyntaxException e) {
        throw new IllegalArgumentException("Cannot configure schema.timestamp.file-day-pattern: " + e.getMessage());
      }
    } else {
      if (field.isEmpty()) {
        throw new IllegalArgumentException("Cannot configure schema.timestamp: field is empty and format is '"
            + format + "' (only file-day needs no field)");
      }
      if (!format.equals(EPOCH_SECONDS) && !format.equals(EPOCH_MILLIS) && !format.equals(ISO)) {
        try {
          DateTimeFormatter.ofPattern(format);
        } catch (IllegalArgumentException e) {
          throw new IllegalArgumentException("Cannot configure schema.timestamp.format: '" + format
              + "' is neither epoch-seconds, epoch-millis, iso, file-day nor a valid date-time pattern: "
              + e.getMessage());
        }
      }
    }
  }

  public boolean isFileDay() {
    return format.equals(FILE_DAY);
  }

  /** Whether an event time read from the timestamp column lies in [min, max]. */
  public boolean isPlausible(long epochSecond) {
    return epochSecond >= min && epochSecond <= max;
  }

  /** The plausible range for messages, e.g. {@code [2000-01-01T00:00:00Z, 2026-12-02T00:00:00Z]}. */
  public String plausibleRange() {
    return "[" + TimeBound.show(min) + ", " + TimeBound.show(max) + "] (schema.timestamp.min / max)";
  }

  /** A copy with another format (a Parquet timestamp column arrives as epoch seconds). */
  public TimestampSpec withFormat(String newFormat) {
    return new TimestampSpec(field, newFormat, zone, fileDayPattern, min, max);
  }
}
