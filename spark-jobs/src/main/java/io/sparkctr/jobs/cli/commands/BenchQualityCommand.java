package io.sparkctr.jobs.cli.commands;

import io.sparkctr.features.synthetic.PlantedShape;
import io.sparkctr.jobs.TrainJob;
import io.sparkctr.jobs.bench.QualityBenchmark;
import com.typesafe.config.Config;
import io.sparkctr.models.graph.ModelType;
import java.io.File;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code sparkctr bench-quality}: each model's AUC by epoch on real-like planted logs, next to the truth's. */
@Command(name = "bench-quality", sortOptions = false,
    description = "Generate planted logs that look like real ones, run the feature job, train each model with the "
        + "packaged defaults on Spark and print each epoch's validation AUC and logloss next to the true "
        + "probabilities', then the test metrics of the kept epoch (docs/benchmarks.md). The logs and features stay "
        + "in --workdir and are reused by a run with the same shape, rows, days and seed. Without --conf the model "
        + "and training sections are the shape's preset's (conf/presets/planted-realistic.conf: none, so the packaged "
        + "defaults; the demo's: conf/presets/synthetic.conf); the features section is always the preset's.")
public final class BenchQualityCommand extends JobCommand {
  @Option(names = "--shape", paramLabel = "NAME", defaultValue = "realistic",
      description = "Planted shape: realistic or demo (default: ${DEFAULT-VALUE}).")
  String shape;

  @Option(names = "--rows", paramLabel = "N", defaultValue = "300000", converter = Counts.class,
      description = "Impressions to generate (default: ${DEFAULT-VALUE}).")
  long rows;

  @Option(names = "--days", paramLabel = "D", defaultValue = "10",
      description = "Days they span; the last two are the validation and test days (default: ${DEFAULT-VALUE}).")
  int days;

  @Option(names = "--seed", paramLabel = "S", defaultValue = "1", description = "Random seed (default: ${DEFAULT-VALUE}).")
  long seed;

  @Option(names = "--types", paramLabel = "a,b", split = ",", defaultValue = "lr,fm,wide-deep,deepfm,dcn-v2",
      description = "Models (default: ${DEFAULT-VALUE}).")
  List<String> types;

  @Option(names = "--workdir", paramLabel = "DIR", defaultValue = "bench-quality-work",
      description = "Working directory for logs, features and models (default: ${DEFAULT-VALUE}).")
  String workdir;

  @Mixin
  ConfigOptions.Optional config;

  @Override
  public Integer call() {
    if (days < 3) {
      throw new IllegalArgumentException("Cannot run bench-quality: --days " + days + " must be at least 3");
    }
    PlantedShape s = PlantedShape.named(shape);
    File preset = new File(QualityBenchmark.preset(s));
    for (String o : config.overrides()) {
      if (o.startsWith("features.") || o.startsWith("sparkctr.features.")) {
        throw new IllegalArgumentException("Cannot run bench-quality with --set " + o + ": the features section is "
            + "always the shape's preset's (" + preset + "), which the generated columns need");
      }
    }
    Config c = QualityBenchmark.config(config.load(preset), preset);
    TrainJob.checkConfig(c, config.source(preset));
    if (config.printed(c, out())) {
      return ExitCodes.OK;
    }
    out().println(QualityBenchmark.run(session(), new QualityBenchmark.Params(s, rows, days, seed,
        types.stream().map(ModelType::parse).toList(), workdir, c, config.source(preset))));
    return ExitCodes.OK;
  }
}
