package io.sparkctr.jobs.cli.commands;

import io.sparkctr.features.split.Split;
import io.sparkctr.jobs.EvaluateJob;
import io.sparkctr.jobs.cli.JobCommand;
import io.sparkctr.jobs.cli.Main;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code sparkctr evaluate}: metrics and an HTML report for a bundle on a feature split. */
@Command(name = "evaluate", sortOptions = false,
    description = "Score a feature split with a bundle on the executors; write metrics.json and a self-contained "
        + "report.html (optionally against a baseline bundle).")
public final class EvaluateCommand extends JobCommand {
  @Option(names = "--model", required = true, paramLabel = "DIR", description = "Model bundle to evaluate.")
  String model;

  @Option(names = "--features", required = true, paramLabel = "DIR", description = "Output of the features job.")
  String features;

  @Option(names = "--report-out", required = true, paramLabel = "DIR", description = "Report directory.")
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
    Split s = switch (split) {
      case "test" -> Split.TEST;
      case "validation" -> Split.VALIDATION;
      default -> throw new IllegalArgumentException("Cannot parse evaluate: --split '" + split
          + "' is not test or validation");
    };
    EvaluateJob.Params p = new EvaluateJob.Params(model, features, baseline, reportOut, s, overwrite);
    EvaluateJob.Result r = EvaluateJob.run(session(), p);
    out().printf("sparkctr evaluate: AUC %.4f, logloss %.4f on %s; report %s/%s%n",
        r.models().get(0).metrics().auc(), r.models().get(0).metrics().logloss(), p.split().dirName(),
        p.reportOut(), EvaluateJob.REPORT);
    return Main.EXIT_OK;
  }
}
