package io.sparkctr.jobs.cli.commands;

import io.sparkctr.jobs.bench.FeatureBenchmark;
import io.sparkctr.jobs.cli.JobCommand;
import io.sparkctr.jobs.cli.Main;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code sparkctr bench-features}: the feature job next to the equivalent MLlib pipeline. */
@Command(name = "bench-features", sortOptions = false,
    description = "Time the feature job against the equivalent Spark MLlib pipelines on the same input "
        + "(docs/benchmarks.md); prints a Markdown table.")
public final class BenchFeaturesCommand extends JobCommand {
  @Option(names = "--input", required = true, paramLabel = "PATH", description = "Raw logs.")
  String input;

  @Option(names = "--conf", required = true, paramLabel = "FILE", description = "Feature config file.")
  String conf;

  @Option(names = "--repeat", paramLabel = "N", defaultValue = "3",
      description = "Runs of each pipeline; the median is reported (default: ${DEFAULT-VALUE}).")
  int repeat;

  @Override
  public Integer call() {
    if (repeat <= 0) {
      throw new IllegalArgumentException("Cannot run bench-features: --repeat " + repeat + " must be positive");
    }
    out().println(FeatureBenchmark.run(session(), new FeatureBenchmark.Params(input, conf, repeat)).toMarkdown());
    return Main.EXIT_OK;
  }
}
