package io.sparkctr.features.parse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.sparkctr.features.config.TimestampSpec;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class TimestampParserTest {
  private static long parse(String format, String zone, String value) {
    return new TimestampParser(new TimestampSpec("t", format, zone, "day_(\\d+)")).parse(value);
  }

  @Test
  void readsEveryFormat() {
    long expected = Instant.parse("2014-10-21T05:00:00Z").getEpochSecond();
    assertEquals(expected, parse("epoch-seconds", "UTC", String.valueOf(expected)));
    assertEquals(expected, parse("epoch-millis", "UTC", expected * 1000 + 999 + ""));
    assertEquals(expected, parse("iso", "UTC", "2014-10-21T05:00:00Z"));
    assertEquals(expected, parse("iso", "UTC", "2014-10-21T07:00:00+02:00"));
    assertEquals(expected, parse("iso", "Europe/Berlin", "2014-10-21T07:00:00"));
    assertEquals(expected, parse("yyMMddHH", "UTC", "14102105"));
    assertEquals(expected - 5 * 3600, parse("yyyy-MM-dd", "UTC", "2014-10-21"));
  }

  @Test
  void fileDayComesFromTheFileName() {
    TimestampParser p = new TimestampParser(new TimestampSpec("", "file-day", "UTC", "day_(\\d+)"));
    assertEquals(3 * 86_400L, p.parseFileDay("day_3.gz"));
    assertThrows(IllegalArgumentException.class, () -> p.parseFileDay("part-0000.tsv"));
  }

  @Test
  void garbageThrows() {
    assertThrows(RuntimeException.class, () -> parse("epoch-seconds", "UTC", "12x"));
    assertThrows(RuntimeException.class, () -> parse("yyMMddHH", "UTC", "141021"));
  }
}
