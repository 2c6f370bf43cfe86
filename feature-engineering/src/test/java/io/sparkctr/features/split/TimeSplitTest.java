package io.sparkctr.features.split;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparkctr.features.config.SplitMode;
import io.sparkctr.features.config.SplitSpec;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class TimeSplitTest {
  static final long DAY0 = Instant.parse("2026-01-01T00:00:00Z").getEpochSecond();
  static final long DAY = 86_400;

  @Test
  void fractionsOfTheTimeRange() {
    SplitSpec spec = new SplitSpec(SplitMode.FRACTIONS, 0.1, 0.1, 0, 0, Optional.empty(), Optional.empty());
    TimeSplit s = TimeSplit.resolve(spec, ZoneOffset.UTC, DAY0, DAY0 + 10 * DAY - 1);
    assertEquals(DAY0 + 8 * DAY, s.validationStart());
    assertEquals(DAY0 + 9 * DAY, s.testStart());
    assertEquals(Split.TRAIN, s.assign(DAY0 + 8 * DAY - 1));
    assertEquals(Split.VALIDATION, s.assign(DAY0 + 8 * DAY));
    assertEquals(Split.TEST, s.assign(DAY0 + 9 * DAY));
  }

  @Test
  void lastDaysInTheConfiguredZone() {
    SplitSpec spec = new SplitSpec(SplitMode.LAST_DAYS, 0, 0, 2, 1, Optional.empty(), Optional.empty());
    TimeSplit utc = TimeSplit.resolve(spec, ZoneOffset.UTC, DAY0, DAY0 + 7 * DAY - 1);
    assertEquals(DAY0 + 4 * DAY, utc.validationStart());
    assertEquals(DAY0 + 6 * DAY, utc.testStart());
    TimeSplit tokyo = TimeSplit.resolve(spec, ZoneId.of("Asia/Tokyo"), DAY0, DAY0 + 7 * DAY - 1);
    // the last event, 2026-01-07T23:59:59Z, is on 2026-01-08 in Tokyo; that day starts at 2026-01-07T15:00Z
    assertEquals(DAY0 + 7 * DAY - 9 * 3600, tokyo.testStart());
  }

  @Test
  void instantsAndEmptyTrainingSplit() {
    SplitSpec spec = new SplitSpec(SplitMode.INSTANTS, 0, 0, 0, 0, Optional.of(Instant.ofEpochSecond(DAY0 + DAY)),
        Optional.of(Instant.ofEpochSecond(DAY0 + 2 * DAY)));
    assertEquals(DAY0 + DAY, TimeSplit.resolve(spec, ZoneOffset.UTC, DAY0, DAY0 + 3 * DAY).validationStart());
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> TimeSplit.resolve(spec, ZoneOffset.UTC, DAY0 + DAY, DAY0 + 3 * DAY));
    assertTrue(e.getMessage().contains("no training rows"), e.getMessage());
  }

  @Test
  void leakageCheckFailsWhenAnEvaluationRowIsNotStrictlyLater() {
    TimeSplit s = new TimeSplit(DAY0 + DAY, DAY0 + 2 * DAY);
    Map<Split, SplitStats> ok = new EnumMap<>(Split.class);
    ok.put(Split.TRAIN, new SplitStats(10, 1, DAY0, DAY0 + DAY - 1));
    ok.put(Split.VALIDATION, new SplitStats(5, 1, DAY0 + DAY, DAY0 + 2 * DAY - 1));
    ok.put(Split.TEST, new SplitStats(5, 1, DAY0 + 2 * DAY, DAY0 + 3 * DAY));
    LeakageCheck.verify(ok, s);

    Map<Split, SplitStats> tie = new EnumMap<>(ok);
    tie.put(Split.TEST, new SplitStats(5, 1, DAY0 + DAY - 1, DAY0 + 3 * DAY)); // same second as latest train row
    IllegalStateException e = assertThrows(IllegalStateException.class, () -> LeakageCheck.verify(tie, s));
    assertTrue(e.getMessage().contains("leaks the future into train"), e.getMessage());
    assertTrue(e.getMessage().contains("earliest test row (2026-01-01T23:59:59Z)"), e.getMessage());
  }
}
