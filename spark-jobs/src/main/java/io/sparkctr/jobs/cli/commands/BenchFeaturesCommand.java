package io.sparkctr.jobs.cli.commands;

import io.sparkctr.features.config.FeatureConfig;
import io.sparkctr.jobs.bench.FeatureBenchmark;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code sparkctr bench-features}: the feature job next to the equivalent MLlib pipeline. */
@Command(name = "bench-features", sortOptions = false,
    description = "Time the feature job against the equivalent Spark MLlib pipelines on the same input "
        + "(docs/benchmarks.md); prints a Markdown table.")
public final class BenchFeaturesCommand extends JobCommand {
  @Mixin
  ConfigOptions.Required config;

  // required unless --print-config: checked in params()
  @Option(names = "--input", paramLabel = "PATH", description = "Raw logs. Required (not with --print-config).")
  String input;

  @Option(names = "--repeat", paramLabel = "N", defaultValue = "3",
      description = "Runs of each pipeline; the median is reported (default: ${DEFAULT-VALUE}).")
  int repeat;

  @Override
  public Integer call() {
    var c = config.load();
    FeatureBenchmark.Params p = params(c);
    if (config.printed(c, out())) {
      return ExitCodes.OK;
    }
    out().println(FeatureBenchmark.run(session(), p).toMarkdown());
    return ExitCodes.OK;
  }

  /** The options and the feature config read from {@code c} (sparkctr.features), before a Spark session exists. */
  FeatureBenchmark.Params params(com.typesafe.config.Config c) {
    if (!config.printing()) {
      requireOptions("--input");
      if (repeat <= 0) {
        throw new IllegalArgumentException("Cannot run bench-features: --repeat " + repeat + " must be positive");
      }
    }
    return new FeatureBenchmark.Params(input, FeatureConfig.from(c, config.source()), repeat);
  }
}
