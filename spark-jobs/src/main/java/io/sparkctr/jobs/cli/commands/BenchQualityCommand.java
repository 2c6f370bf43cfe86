package io.sparkctr.jobs.cli.commands;

import io.sparkctr.features.synthetic.PlantedShape;
import io.sparkctr.jobs.bench.QualityBenchmark;
import io.sparkctr.jobs.cli.Counts;
import io.sparkctr.jobs.cli.JobCommand;
import io.sparkctr.jobs.cli.Main;
import io.sparkctr.models.graph.ModelType;
import java.io.File;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code sparkctr bench-quality}: each model's AUC by epoch on real-like planted logs, next to the truth's. */
@Command(name = "bench-quality", sortOptions = false,
    description = "Generate planted logs that look like real ones, run the feature job, train each model with the "
        + "packaged defaults on Spark and print each epoch's validation AUC and logloss next to the true "
        + "probabilities', then the test metrics of the kept epoch (docs/benchmarks.md). The logs and features stay "
        + "in --workdir and are reused by a run with the same shape, rows, days and seed.")
public final class BenchQualityCommand extends JobCommand {
  @Option(names = "--shape", paramLabel = "NAME", defaultValue = "realistic",
      description = "Planted shape: realistic or demo (default: ${DEFAULT-VALUE}).")
  String shape;

  @Option(names = "--rows", paramLabel = "N", defaultValue = "500000", converter = Counts.class,
      description = "Impressions to generate (default: ${DEFAULT-VALUE}).")
  long rows;

  @Option(names = "--days", paramLabel = "D", defaultValue = "10",
      description = "Days they span; the last two are the validation and test days (default: ${DEFAULT-VALUE}).")
  int days;

  @Option(names = "--seed", paramLabel = "S", defaultValue = "1", description = "Random seed (default: ${DEFAULT-VALUE}).")
  long seed;

  @Option(names = "--types", paramLabel = "a,b", split = ",", defaultValue = "lr,fm,wide-deep,deepfm",
      description = "Models (default: ${DEFAULT-VALUE}).")
  List<String> types;

  @Option(names = "--workdir", paramLabel = "DIR", defaultValue = "bench-quality-work",
      description = "Working directory for logs, features and models (default: ${DEFAULT-VALUE}).")
  String workdir;

  @Option(names = "--conf", paramLabel = "FILE",
      description = "Config over the shape's preset and the packaged defaults (model and training sections).")
  File conf;

  @Option(names = "--set", paramLabel = "KEY=VALUE",
      description = "Override one config value (repeatable); the model type is set per run.")
  List<String> overrides = new ArrayList<>();

  @Override
  public Integer call() {
    if (days < 3) {
      throw new IllegalArgumentException("Cannot run bench-quality: --days " + days + " must be at least 3");
    }
    out().println(QualityBenchmark.run(session(), new QualityBenchmark.Params(PlantedShape.named(shape), rows, days,
        seed, types.stream().map(ModelType::parse).toList(), workdir, conf, overrides)));
    return Main.EXIT_OK;
  }
}
