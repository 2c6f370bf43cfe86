package io.sparkctr.jobs.nightly;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparkctr.common.config.ConfigLoader;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** A backfill night gated against a model whose window held its held-out day says so. */
class BackfillNotesTest {
  static final NightlySettings SEVEN_DAYS = NightlySettings.from(ConfigLoader.loadString(
      "sparkctr.nightly { input = \"/logs/{date}\", registry = \"/r\", workdir = \"/w\", window-days = 7 }", "t"), "t");

  @Test
  void aNightInsideThePublishedModelsWindowIsNoted() {
    LocalDate d = LocalDate.parse("2026-01-07");
    List<String> notes = BackfillNote.of(SEVEN_DAYS, d, Optional.of("2026-01-08"));
    assertEquals(1, notes.size());
    assertTrue(notes.get(0).contains("used 2026-01-07 (this night's held-out day) as its validation day"), notes.get(0));
    assertTrue(BackfillNote.of(SEVEN_DAYS, d, Optional.of("2026-01-10")).get(0).contains("training data"));
    assertEquals(List.of(), BackfillNote.of(SEVEN_DAYS, d, Optional.of("2026-01-20")), "outside its window");
    assertEquals(List.of(), BackfillNote.of(SEVEN_DAYS, d, Optional.of("2026-01-06")), "not a backfill");
    assertEquals(List.of(), BackfillNote.of(SEVEN_DAYS, d, Optional.empty()));
    assertEquals(List.of(), BackfillNote.of(SEVEN_DAYS, d, Optional.of("hand-made")));
  }

  @Test
  void theGateFloorsAreReadFromTheConfig() {
    GateSpec g = NightlySettings.from(ConfigLoader.loadString("sparkctr.nightly { input = \"/l/{date}\", registry = "
        + "\"/r\", workdir = \"/w\", gate { min-auc-lower-bound = 0.6, min-auc = 0.7, max-logloss = 0.4 } }", "t"),
        "t").gate();
    assertEquals(0.6, g.minAucLowerBound());
    assertEquals(0.7, g.minAuc());
    assertEquals(0.4, g.maxLogloss());
    assertEquals(GateSpec.CHANCE, SEVEN_DAYS.gate().minAucLowerBound(), "the default floor");
  }
}
