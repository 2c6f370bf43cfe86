package io.sparkctr.jobs.cli.commands;

import io.sparkctr.jobs.NightlyJob;
import io.sparkctr.jobs.nightly.NightlyResult;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code sparkctr nightly}: features, training, the gate and publishing for one date. */
@Command(name = "nightly", sortOptions = false,
    description = {"Features over the window ending at --date, train the candidate, gate it against the published "
        + "model on the held-out day, publish it to the registry (sparkctr.nightly).",
        "Exit 3 when the gate rejected the candidate (CURRENT unchanged)."})
public final class NightlyCommand extends JobCommand {
  @Mixin
  ConfigOptions.Required config;

  // required unless --print-config: checked in call()
  @Option(names = "--date", paramLabel = "YYYY-MM-DD",
      description = "The run's date (its last day). Required (not with --print-config).")
  String date;

  @Override
  public Integer call() {
    LocalDate d = config.printing() && date == null ? null : date();
    var c = config.load();
    NightlyJob.Settings settings = NightlyJob.checkConfig(c, config.source()); // the run's one parse
    if (config.printed(c, out())) {
      return ExitCodes.OK;
    }
    NightlyResult r = NightlyJob.run(session(), new NightlyJob.Params(c, config.source(), d, settings));
    out().printf("sparkctr nightly %s: %s%s%n", r.date(), r.published() ? "published" : "rejected",
        r.reasons().isEmpty() ? "" : " " + r.reasons());
    return ExitCodes.of(r);
  }

  private LocalDate date() {
    requireOptions("--date");
    try {
      return LocalDate.parse(date);
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException("Cannot parse nightly: --date '" + date + "' is not YYYY-MM-DD");
    }
  }
}
