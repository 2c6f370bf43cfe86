package io.sparkctr.features.parse;

import io.sparkctr.features.config.TimestampSpec;
import java.io.Serializable;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.temporal.ChronoField;
import java.time.temporal.TemporalAccessor;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads an event time as epoch seconds, per {@link TimestampSpec}. Throws on anything unreadable. */
public final class TimestampParser implements Serializable {
  private static final long SECONDS_PER_DAY = 86_400L;
  private final TimestampSpec spec;
  private transient DateTimeFormatter formatter;
  private transient ZoneId zone;
  private transient Pattern fileDay;

  public TimestampParser(TimestampSpec spec) {
    this.spec = spec;
  }

  /**
   * Epoch seconds of a field value. Strict: epoch formats take an optional minus sign and ASCII
   * digits only (see {@link FieldSyntax#isInteger}); no format takes surrounding whitespace.
   */
  public long parse(String v) {
    switch (spec.format()) {
      case TimestampSpec.EPOCH_SECONDS:
        return Long.parseLong(integer(v));
      case TimestampSpec.EPOCH_MILLIS:
        return Math.floorDiv(Long.parseLong(integer(v)), 1000L);
      case TimestampSpec.ISO: {
        TemporalAccessor t = DateTimeFormatter.ISO_DATE_TIME.parseBest(v, ZonedDateTime::from, LocalDateTime::from);
        return t instanceof ZonedDateTime z ? z.toEpochSecond() : ((LocalDateTime) t).atZone(zone()).toEpochSecond();
      }
      default: {
        TemporalAccessor t = formatter().parse(v);
        LocalDate date = LocalDate.from(t);
        return date.atTime(t.get(ChronoField.HOUR_OF_DAY), t.get(ChronoField.MINUTE_OF_HOUR),
            t.get(ChronoField.SECOND_OF_MINUTE)).atZone(zone()).toEpochSecond();
      }
    }
  }

  private static String integer(String v) {
    if (!FieldSyntax.isInteger(v)) {
      throw new IllegalArgumentException("'" + v + "' is not an integer");
    }
    return v;
  }

  /** Epoch seconds of the start of the day numbered in the file name (format file-day). */
  public long parseFileDay(String fileName) {
    if (fileDay == null) {
      fileDay = Pattern.compile(spec.fileDayPattern());
    }
    Matcher m = fileDay.matcher(fileName);
    if (!m.find()) {
      throw new IllegalArgumentException("file name '" + fileName + "' does not match file-day-pattern '"
          + spec.fileDayPattern() + "'");
    }
    return Long.parseLong(m.group(1)) * SECONDS_PER_DAY;
  }

  private ZoneId zone() {
    if (zone == null) {
      zone = ZoneId.of(spec.zone());
    }
    return zone;
  }

  private DateTimeFormatter formatter() {
    if (formatter == null) {
      formatter = new DateTimeFormatterBuilder().appendPattern(spec.format())
          .parseDefaulting(ChronoField.HOUR_OF_DAY, 0)
          .parseDefaulting(ChronoField.MINUTE_OF_HOUR, 0)
          .parseDefaulting(ChronoField.SECOND_OF_MINUTE, 0)
          .toFormatter();
    }
    return formatter;
  }
}
