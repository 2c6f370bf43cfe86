package io.sparkctr.jobs.cli.commands;

import io.sparkctr.features.config.FeatureConfig;
import io.sparkctr.features.manifest.FeatureManifest;
import io.sparkctr.jobs.FeatureJob;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code sparkctr features}: raw logs to time-split, hashed training data. */
@Command(name = "features", sortOptions = false,
    description = "Turn raw logs into train/ validation/ test/ Parquet, quarantine/ and manifest.json "
        + "(sparkctr.features in the config).")
public final class FeaturesCommand extends JobCommand {
  @Mixin
  ConfigOptions.Required config;

  @Option(names = "--input", paramLabel = "PATH",
      description = "Raw logs (file, directory or glob); overrides sparkctr.features.input.path.")
  String input;

  @Option(names = "--output", paramLabel = "DIR",
      description = "Output directory; overrides sparkctr.features.output.path.")
  String output;

  @Option(names = "--overwrite",
      description = "Replace an existing output (atomically); the same as sparkctr.features.output.overwrite = true.")
  boolean overwrite;

  @Override
  public Integer call() {
    var c = config.load();
    FeatureConfig cfg = FeatureConfig.from(c, config.source()).withPaths(input, output);
    if (config.printed(c, out())) {
      return ExitCodes.OK;
    }
    FeatureManifest m = FeatureJob.run(session(), overwrite ? cfg.withOverwrite() : cfg);
    m.counts().warnings().forEach(w -> out().println("sparkctr features: warning: " + w));
    return ExitCodes.OK;
  }
}
