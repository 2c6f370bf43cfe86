package io.sparkctr.features.config;

import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;

/**
 * Reads one end of the plausible event-time range ({@code schema.timestamp.min} / {@code max}):
 * an ISO-8601 instant such as {@code 2000-01-01T00:00:00Z}, or {@code now}, optionally followed
 * by {@code +} or {@code -} and an ISO-8601 duration ({@code now+P1D}, {@code now-PT6H}), where
 * {@code now} is the time the configuration is read (once per job run, on the driver).
 */
public final class TimeBound {
  private TimeBound() {}

  /**
   * @return epoch seconds of the bound
   * @throws IllegalArgumentException naming the key and the accepted forms
   */
  public static long parse(String text, String key, Instant now) {
    String s = text.strip();
    try {
      if (s.equals("now")) {
        return now.getEpochSecond();
      }
      if (s.startsWith("now+") || s.startsWith("now-")) {
        Duration d = Duration.parse(s.substring(4));
        return (s.charAt(3) == '+' ? now.plus(d) : now.minus(d)).getEpochSecond();
      }
      return Instant.parse(s).getEpochSecond();
    } catch (DateTimeParseException | ArithmeticException e) {
      throw new IllegalArgumentException("Cannot configure " + key + ": '" + text + "' is neither an ISO-8601 instant"
          + " such as 2000-01-01T00:00:00Z nor now, now+P1D, now-PT6H (now plus or minus an ISO-8601 duration)");
    }
  }

  /** An epoch second as an instant, or as the plain number where it lies beyond what an instant can show. */
  public static String show(long epochSecond) {
    try {
      return Instant.ofEpochSecond(epochSecond).toString();
    } catch (java.time.DateTimeException e) {
      return epochSecond + " s";
    }
  }
}
