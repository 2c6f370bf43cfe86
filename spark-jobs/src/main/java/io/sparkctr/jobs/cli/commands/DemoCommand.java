package io.sparkctr.jobs.cli.commands;

import io.sparkctr.jobs.DemoJob;
import java.io.File;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code sparkctr demo}: the whole product on planted data. */
@Command(name = "demo", sortOptions = false,
    description = {"Generate planted-truth logs, run the feature job, train the configured model and an LR "
        + "baseline, evaluate both on the held-out days and print their AUC and logloss next to those of the true "
        + "probabilities. Everything under the working directory is replaced.",
        "Its config: --conf, else " + DemoJob.DEFAULT_PRESET + " under the installation."})
public final class DemoCommand extends JobCommand {
  @Mixin
  ConfigOptions.Optional config;

  @Option(names = "--workdir", paramLabel = "DIR",
      description = "Working directory (default: work/demo under the installation).")
  String workdir;

  @Option(names = "--rows", paramLabel = "N", defaultValue = "200000", converter = Counts.class,
      description = "Impressions to generate (default: ${DEFAULT-VALUE}).")
  long rows;

  @Option(names = "--days", paramLabel = "D", defaultValue = "7",
      description = "Days they span; the last is the test day (default: ${DEFAULT-VALUE}).")
  int days;

  @Option(names = "--seed", paramLabel = "S", defaultValue = "1", description = "Random seed (default: ${DEFAULT-VALUE}).")
  long seed;

  @Override
  public Integer call() {
    String home = System.getProperty("sparkctr.home", ".");
    File preset = new File(home, DemoJob.DEFAULT_PRESET);
    String w = workdir != null ? workdir : new File(home, "work/demo").getPath();
    var c = config.load(preset);
    DemoJob.Settings settings = DemoJob.checkConfig(c, config.source(preset)); // the run's one parse
    if (config.printed(c, out())) {
      return ExitCodes.OK;
    }
    if (days < 2) {
      throw new IllegalArgumentException("Cannot run demo: --days " + days + " must be at least 2");
    }
    out().println(DemoJob.run(session(), new DemoJob.Params(w, rows, days, seed, settings)).table());
    return ExitCodes.OK;
  }
}
