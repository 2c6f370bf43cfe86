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
 */
public record TimestampSpec(String field, String format, String zone, String fileDayPattern) implements Serializable {
  public static final String EPOCH_SECONDS = "epoch-seconds";
  public static final String EPOCH_MILLIS = "epoch-millis";
  public static final String ISO = "iso";
  public static final String FILE_DAY = "file-day";

  public TimestampSpec {
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
}
