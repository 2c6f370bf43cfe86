package io.sparkctr.jobs.cli.commands;

import com.typesafe.config.Config;
import io.sparkctr.common.output.OutputGuard;
import io.sparkctr.jobs.ScoreArms;
import io.sparkctr.jobs.ScoreJob;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code sparkctr score}: raw logs scored with a bundle. */
@Command(name = "score", sortOptions = false,
    description = {"Parse raw logs with the bundle's own manifest and write scores/ (key, recalibrated "
        + "probability), quarantine/ and summary.json.",
        "Its config: " + ScoreJob.MAX_BAD_FRACTION_KEY + " of --conf, else of the packaged defaults (the feature "
            + "job's bad-row limit), is the default of --max-bad-fraction."})
public final class ScoreCommand extends JobCommand {
  @Mixin
  ConfigOptions.Optional config;

  // required unless --print-config: checked in call()
  @Option(names = "--model", paramLabel = "DIR", description = "Model bundle. Required unless --arm is given (not with "
      + "--print-config).")
  String model;

  @Option(names = "--arm", paramLabel = "NAME=MODEL:FRACTION", description = "Instead of --model, repeatable (two or "
      + "more): an arm of an A/B test, its model bundle and its share of units. Each row is scored by the model of its "
      + "unit's arm (a salted murmur3 hash of the unit, the same every day); scores/ gains the column arm and "
      + "summary.json the assignment a service needs to reproduce it.")
  List<String> arms;

  @Option(names = "--unit", paramLabel = "FIELD", description = "With --arm: the raw field holding the unit (e.g. "
      + "user_id): the id, the group or a categorical field of every arm's manifest.")
  String unit;

  @Option(names = "--salt", paramLabel = "S", description = "With --arm: the salt of the split; give each test its own "
      + "(default: " + ScoreArms.DEFAULT_SALT + ").")
  String salt;

  @Option(names = "--input", paramLabel = "PATH",
      description = "Raw logs (file, directory or glob). Required (not with --print-config).")
  String input;

  @Option(names = "--output", paramLabel = "DIR", description = "Output directory. Required (not with --print-config).")
  String output;

  @Option(names = "--max-bad-fraction", paramLabel = "F",
      description = "Fail, publishing nothing, when more than this fraction of rows cannot be parsed (default: "
          + ScoreJob.MAX_BAD_FRACTION_KEY + " of the config, " + ScoreJob.DEFAULT_MAX_BAD_FRACTION
          + " in the packaged defaults).")
  String maxBadFraction;

  @Option(names = "--overwrite", description = "Replace an existing output (atomically).")
  boolean overwrite;

  @Override
  public Integer call() {
    if (!config.printing()) {
      if (arms == null || arms.isEmpty()) {
        requireOptions("--model", "--input", "--output");
      } else {
        requireOptions("--input", "--output");
      }
    }
    Config c = config.load();
    if (config.printing()) {
      maxBadFraction(c); // validated before printing
      config.printed(c, out());
      return ExitCodes.OK;
    }
    ScoreJob.Params p = params(c);
    // the scores may not replace the configuration file or its includes
    OutputGuard.check(output, session().sparkContext().hadoopConfiguration(), ConfigOptions.reads(c));
    ScoreJob.Result r = ScoreJob.run(session(), p);
    out().printf("sparkctr score: %,d rows read, %,d scored, %,d quarantined; %s/%s%n", r.read(), r.scored(),
        r.quarantined(), p.output(), ScoreJob.SCORES);
    return ExitCodes.OK;
  }

  /** The options, the bad-row limit defaulting to the config's ({@code c}), before a Spark session exists. */
  ScoreJob.Params params(Config c) {
    return new ScoreJob.Params(model, input, output, overwrite, maxBadFraction(c), scoreArms());
  }

  private double maxBadFraction(Config c) {
    double configured = ScoreJob.maxBadFraction(c, config.source());
    return maxBadFraction == null ? configured : maxBad();
  }

  /** The arms of --arm, --unit and --salt; null without --arm (--unit and --salt then refused). */
  ScoreArms scoreArms() {
    if (arms == null || arms.isEmpty()) {
      if (unit != null || salt != null) {
        throw new IllegalArgumentException("Cannot parse score: --unit and --salt need --arm");
      }
      return null;
    }
    if (unit == null) {
      throw new IllegalArgumentException("Cannot parse score: --arm needs --unit FIELD (the randomization unit)");
    }
    return ScoreArms.parse(arms, unit, salt);
  }

  private double maxBad() {
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
    return max;
  }
}
