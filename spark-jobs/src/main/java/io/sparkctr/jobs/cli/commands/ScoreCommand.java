package io.sparkctr.jobs.cli.commands;

import io.sparkctr.jobs.ScoreJob;
import io.sparkctr.jobs.cli.JobCommand;
import io.sparkctr.jobs.cli.Main;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code sparkctr score}: raw logs scored with a bundle. */
@Command(name = "score", sortOptions = false,
    description = "Parse raw logs with the bundle's own manifest and write scores/ (key, recalibrated "
        + "probability), quarantine/ and summary.json.")
public final class ScoreCommand extends JobCommand {
  @Option(names = "--model", required = true, paramLabel = "DIR", description = "Model bundle.")
  String model;

  @Option(names = "--input", required = true, paramLabel = "PATH", description = "Raw logs (file, directory or glob).")
  String input;

  @Option(names = "--output", required = true, paramLabel = "DIR", description = "Output directory.")
  String output;

  @Option(names = "--max-bad-fraction", paramLabel = "F", defaultValue = "" + ScoreJob.DEFAULT_MAX_BAD_FRACTION,
      description = "Fail, publishing nothing, when more than this fraction of rows cannot be parsed "
          + "(default: ${DEFAULT-VALUE}).")
  String maxBadFraction;

  @Option(names = "--overwrite", description = "Replace an existing output (atomically).")
  boolean overwrite;

  @Override
  public Integer call() {
    double max;
    try {
      max = Double.parseDouble(maxBadFraction);
    } catch (NumberFormatException e) {
      max = -1;
    }
    if (!(max >= 0 && max <= 1)) {
      throw new IllegalArgumentException("Cannot parse score: --max-bad-fraction '" + maxBadFraction
          + "' is not in [0, 1]");
    }
    ScoreJob.Params p = new ScoreJob.Params(model, input, output, overwrite, max);
    ScoreJob.Result r = ScoreJob.run(session(), p);
    out().printf("sparkctr score: %,d rows read, %,d scored, %,d quarantined; %s/%s%n", r.read(), r.scored(),
        r.quarantined(), p.output(), ScoreJob.SCORES);
    return Main.EXIT_OK;
  }
}
