package io.sparkctr.features.config;

import io.sparkctr.common.config.ConfigLoader;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The plausible time range, split minimum sizes and distinct column names: read and checked at construction. */
class PlausibilityConfigTest {
  static final String MINIMAL = ConfigLoaderTest.MINIMAL;

  private static FeatureConfig load(String hocon) {
    return FeatureConfig.from(ConfigLoader.loadString(hocon, "t.conf"), "t.conf");
  }

  private static void assertMessage(String hocon, String expected) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> load(hocon));
    assertTrue(e.getMessage().contains(expected) && e.getMessage().contains("t.conf"), e.getMessage());
  }

  @Test
  void defaultsAreASaneWindowAndOneRowPerSplit() {
    long before = Instant.now().getEpochSecond();
    FeatureConfig c = load(MINIMAL);
    TimestampSpec ts = c.schema().timestamp();
    assertEquals(Instant.parse("1990-01-01T00:00:00Z").getEpochSecond(), ts.min());
    assertTrue(ts.max() >= before + 86_400 && ts.max() <= Instant.now().getEpochSecond() + 86_400, "now + 1 day");
    assertEquals(1, c.split().minTrainRows());
    assertEquals(1, c.split().minValidationRows());
    assertEquals(1, c.split().minTestRows());
  }

  @Test
  void theDefaultFloorKeepsLateNinetiesLogsAndCatchesSecondsReadAsMilliseconds() {
    TimestampSpec ts = load(MINIMAL).schema().timestamp();
    long movieRatings1997 = Instant.parse("1997-09-20T03:05:10Z").getEpochSecond();
    assertTrue(movieRatings1997 >= ts.min(), "a public movie-ratings log of 1997-98 is plausible");
    long secondsAsMillis = 1_700_000_000L / 1000; // 1970-01-20: seconds parsed as epoch-millis
    assertTrue(secondsAsMillis < ts.min() && 0 < ts.min(), "zero, negative and 1970 times are caught");
  }

  @Test
  void boundsAreInstantsOrNowPlusMinusADuration() {
    Instant now = Instant.parse("2026-06-01T12:00:00Z");
    assertEquals(now.getEpochSecond(), TimeBound.parse("now", "k", now));
    assertEquals(now.getEpochSecond() + 6 * 3600, TimeBound.parse("now+PT6H", "k", now));
    assertEquals(now.getEpochSecond() - 86_400, TimeBound.parse("now-P1D", "k", now));
    assertEquals(0, TimeBound.parse("1970-01-01T00:00:00Z", "k", now));
    FeatureConfig c = load(MINIMAL + "sparkctr.features.schema.timestamp { min = \"2014-10-21T00:00:00Z\","
        + " max = \"2014-10-31T00:00:00Z\" }");
    assertEquals(Instant.parse("2014-10-31T00:00:00Z").getEpochSecond(), c.schema().timestamp().max());
    assertMessage(MINIMAL + "sparkctr.features.schema.timestamp.max = tomorrow", "Cannot configure schema.timestamp.max:"
        + " 'tomorrow' is neither an ISO-8601 instant");
    assertMessage(MINIMAL + "sparkctr.features.schema.timestamp.min = \"now+1d\"", "schema.timestamp.min");
    assertMessage(MINIMAL + "sparkctr.features.schema.timestamp { min = \"2020-01-01T00:00:00Z\","
        + " max = \"2019-01-01T00:00:00Z\" }", "min 2020-01-01T00:00:00Z is not before max 2019-01-01T00:00:00Z");
  }

  @Test
  void splitMinimumsAreCheckedAgainstTheSplitMode() {
    FeatureConfig c = load(MINIMAL + "sparkctr.features.split.min-rows { train = 1000, test = 50 }");
    assertEquals(1000, c.split().minTrainRows());
    assertEquals(50, c.split().minTestRows());
    assertMessage(MINIMAL + "sparkctr.features.split.min-rows.train = 0", "train must be >= 1");
    assertMessage(MINIMAL + "sparkctr.features.split.min-rows.test = -1", "split.min-rows");
    assertMessage(MINIMAL + "sparkctr.features.split.validation-fraction = 0", "validation-fraction = 0 leaves the"
        + " validation split empty, but split.min-rows.validation = 1 requires rows there; set it to 0");
    assertMessage(MINIMAL + "sparkctr.features.split { mode = last-days, test-days = 0 }", "split.min-rows.test = 1");
    assertMessage(MINIMAL + "sparkctr.features.split { mode = instants, validation-start = \"2026-01-04T00:00:00Z\","
        + " test-start = \"2026-01-04T00:00:00Z\" }", "validation-start = test-start");
    load(MINIMAL + "sparkctr.features.split { validation-fraction = 0, min-rows.validation = 0 }");
  }

  @Test
  void headerlessColumnsMustBeDistinct() {
    assertMessage(MINIMAL + "sparkctr.features.input { header = false, columns = [label, timestamp, c1, c2, n1, c1] }",
        "input.columns names column 'c1' twice");
  }
}
