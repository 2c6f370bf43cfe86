package io.sparkctr.jobs.cli.commands;

import com.typesafe.config.Config;
import io.sparkctr.common.output.OutputGuard;
import io.sparkctr.features.split.Split;
import io.sparkctr.jobs.EvaluateJob;
import io.sparkctr.models.metrics.MetricsOptions;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code sparkctr evaluate}: metrics and an HTML report for a bundle on a feature split. */
@Command(name = "evaluate", sortOptions = false,
    description = {"Score a feature split (or labelled raw logs) with a bundle on the executors; write metrics.json "
        + "(typed, with confidence intervals) and a self-contained report.html (optionally against a baseline "
        + "bundle, paired on the same rows).",
        "Its config: the sparkctr.evaluation section (bins, confidence, slices, bootstrap) of --conf, else of the "
            + "packaged defaults."})
public final class EvaluateCommand extends JobCommand {
  @Mixin
  ConfigOptions.Optional config;

  // required unless --print-config: checked in call()
  @Option(names = "--model", paramLabel = "DIR",
      description = "Model bundle to evaluate. Required (not with --print-config).")
  String model;

  @Option(names = "--features", paramLabel = "DIR",
      description = "Output of the features job (evaluate one of its splits); or give --logs.")
  String features;

  @Option(names = "--logs", paramLabel = "PATH",
      description = "Labelled raw logs instead of a feature split: each model parses them with its own manifest, the "
          + "two are paired by row key, and the metrics are sliced by sparkctr.evaluation.slices.")
  String logs;

  @Option(names = "--report-out", paramLabel = "DIR",
      description = "Report directory. Required (not with --print-config).")
  String reportOut;

  @Option(names = "--baseline-model", paramLabel = "DIR", description = "A second bundle: its column and the deltas.")
  String baseline;

  @Option(names = "--split", paramLabel = "test|validation", defaultValue = "test",
      description = "Split to evaluate (default: ${DEFAULT-VALUE}).")
  String split;

  @Option(names = "--overwrite", description = "Replace an existing report directory (atomically).")
  boolean overwrite;

  @Override
  public Integer call() {
    if (!config.printing()) {
      requireOptions("--model", "--report-out");
    }
    Config c = config.load();
    if (config.printing()) {
      MetricsOptions.from(c, config.source()); // validated before printing
      config.printed(c, out());
      return ExitCodes.OK;
    }
    EvaluateJob.Params p = params(c);
    // the report may not replace the configuration file or its includes
    OutputGuard.check(reportOut, session().sparkContext().hadoopConfiguration(), ConfigOptions.reads(c));
    EvaluateJob.Result r = EvaluateJob.run(session(), p);
    out().printf("sparkctr evaluate: AUC %.4f, logloss %.4f on %s; report %s/%s%n",
        r.models().get(0).metrics().auc(), r.models().get(0).metrics().logloss(), logs != null ? logs : p.split().dirName(),
        p.reportOut(), EvaluateJob.REPORT);
    return ExitCodes.OK;
  }

  /** The options and the metrics options read from {@code c} (sparkctr.evaluation), before a Spark session exists. */
  EvaluateJob.Params params(Config c) {
    Split s = switch (split) {
      case "test" -> Split.TEST;
      case "validation" -> Split.VALIDATION;
      default -> throw new IllegalArgumentException("Cannot parse evaluate: --split '" + split
          + "' is not test or validation");
    };
    MetricsOptions options = MetricsOptions.from(c, config.source());
    return new EvaluateJob.Params(model, features, baseline, reportOut, s, overwrite, options, logs);
  }
}
