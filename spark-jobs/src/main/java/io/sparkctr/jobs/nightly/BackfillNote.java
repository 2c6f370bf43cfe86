package io.sparkctr.jobs.nightly;

import java.time.LocalDate;
import java.util.List;
import java.util.Optional;

/** The note a nightly decision carries when its comparison is biased toward the published model. */
public final class BackfillNote {
  private BackfillNote() {}

  /**
   * A backfill night (a date before the published version's) compared with a model whose window held
   * this night's held-out day: the comparison favours the published model, and the decision says so.
   */
  public static List<String> of(NightlySettings n, LocalDate date, Optional<String> published) {
    if (published.isEmpty()) {
      return List.of();
    }
    LocalDate p;
    try {
      p = LocalDate.parse(published.get());
    } catch (java.time.format.DateTimeParseException e) {
      return List.of(); // a version named by hand, not by date
    }
    List<LocalDate> window = n.days(p);
    if (!date.isBefore(p) || !window.contains(date)) {
      return List.of();
    }
    String role = date.equals(p.minusDays(1)) ? "validation day" : "training data";
    return List.of("backfill: the published model " + p + " used " + date + " (this night's held-out day) as its "
        + role + ", so the comparison on it favours the published model");
  }

}
