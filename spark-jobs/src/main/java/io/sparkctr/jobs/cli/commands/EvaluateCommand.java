package io.sparkctr.jobs.cli.commands;

import com.typesafe.config.Config;
import io.sparkctr.common.config.ConfigLoader;
import io.sparkctr.common.output.OutputGuard;
import io.sparkctr.features.split.Split;
import io.sparkctr.jobs.EvaluateJob;
import io.sparkctr.jobs.cli.JobCommand;
import io.sparkctr.jobs.cli.Main;
import io.sparkctr.models.metrics.MetricsOptions;
import java.io.File;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code sparkctr evaluate}: metrics and an HTML report for a bundle on a feature split. */
@Command(name = "evaluate", sortOptions = false,
    description = "Score a feature split (or labelled raw logs) with a bundle on the executors; write metrics.json "
        + "(typed, with confidence intervals) and a self-contained report.html (optionally against a baseline "
        + "bundle, paired on the same rows).")
public final class EvaluateCommand extends JobCommand {
  @Option(names = "--model", required = true, paramLabel = "DIR", description = "Model bundle to evaluate.")
  String model;

  @Option(names = "--features", paramLabel = "DIR",
      description = "Output of the features job (evaluate one of its splits); or give --logs.")
  String features;

  @Option(names = "--logs", paramLabel = "PATH",
      description = "Labelled raw logs instead of a feature split: each model parses them with its own manifest, the "
          + "two are paired by row key, and the metrics are sliced by sparkctr.evaluation.slices.")
  String logs;

  @Option(names = "--report-out", required = true, paramLabel = "DIR", description = "Report directory.")
  String reportOut;

  @Option(names = "--baseline-model", paramLabel = "DIR", description = "A second bundle: its column and the deltas.")
  String baseline;

  @Option(names = "--split", paramLabel = "test|validation", defaultValue = "test",
      description = "Split to evaluate (default: ${DEFAULT-VALUE}).")
  String split;

  @Option(names = "--conf", paramLabel = "FILE",
      description = "Config file whose sparkctr.evaluation section (bins, confidence, slices, bootstrap) applies; "
          + "default: the packaged defaults.")
  String conf;

  @Option(names = "--overwrite", description = "Replace an existing report directory (atomically).")
  boolean overwrite;

  @Override
  public Integer call() {
    Split s = switch (split) {
      case "test" -> Split.TEST;
      case "validation" -> Split.VALIDATION;
      default -> throw new IllegalArgumentException("Cannot parse evaluate: --split '" + split
          + "' is not test or validation");
    };
    Config config = conf == null ? ConfigLoader.defaults() : ConfigLoader.load(new File(conf));
    MetricsOptions options = MetricsOptions.from(config, conf == null ? "defaults" : conf);
    // the report may not replace the configuration file or its includes
    OutputGuard.check(reportOut, session().sparkContext().hadoopConfiguration(),
        OutputGuard.Read.configs(ConfigLoader.filesRead(config)));
    EvaluateJob.Params p = new EvaluateJob.Params(model, features, baseline, reportOut, s, overwrite, options, logs);
    EvaluateJob.Result r = EvaluateJob.run(session(), p);
    out().printf("sparkctr evaluate: AUC %.4f, logloss %.4f on %s; report %s/%s%n",
        r.models().get(0).metrics().auc(), r.models().get(0).metrics().logloss(), logs != null ? logs : p.split().dirName(),
        p.reportOut(), EvaluateJob.REPORT);
    return Main.EXIT_OK;
  }
}
