package io.sparkctr.jobs.cli.commands;

import io.sparkctr.jobs.TrainJob;
import io.sparkctr.training.TrainSettings;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code sparkctr train}: trains on the executors and publishes the model bundle. */
@Command(name = "train", sortOptions = false,
    description = "Train sparkctr.model on the executors (sparkctr.training) and publish the serving bundle "
        + "atomically: no optimizer state; lineage in lineage.json.")
public final class TrainCommand extends JobCommand {
  @Mixin
  ConfigOptions.Required config;

  // required unless --print-config: checked in call()
  @Option(names = "--features", paramLabel = "DIR",
      description = "Output of the features job. Required (not with --print-config).")
  String features;

  @Option(names = "--model-out", paramLabel = "DIR",
      description = "Where to publish the bundle. Required (not with --print-config).")
  String modelOut;

  @Option(names = "--checkpoints", paramLabel = "DIR",
      description = "Per-epoch checkpoints (with optimizer state) for --resume (default: the hidden sibling "
          + ".<model-out>.checkpoints).")
  String checkpoints;

  @Option(names = "--resume", description = "Continue after the last complete checkpoint.")
  boolean resume;

  @Option(names = "--overwrite", description = "Replace an existing bundle at --model-out (atomically).")
  boolean overwrite;

  @Override
  public Integer call() {
    if (!config.printing()) {
      requireOptions("--features", "--model-out");
    }
    var c = config.load();
    TrainSettings settings = TrainJob.checkConfig(c, config.source()); // the one parse of sparkctr.training
    if (config.printed(c, out())) {
      return ExitCodes.OK;
    }
    TrainJob.Params p = new TrainJob.Params(c, config.source(), settings, features, modelOut,
        checkpoints != null ? checkpoints : TrainJob.defaultCheckpoints(modelOut), resume, overwrite);
    // the command's start: the JVM's (the Spark session's start included)
    long started = java.lang.management.ManagementFactory.getRuntimeMXBean().getStartTime();
    TrainJob.Result r = TrainJob.run(session(), p, java.util.Optional.empty(),
        io.sparkctr.training.DistributedTrainer.EpochListener.NONE, started);
    out().printf("sparkctr train: published %s (epoch %d kept, validation AUC %.4f, logloss %.4f)%n",
        p.modelOut(), r.training().state().bestEpoch(), r.training().validation().auc(),
        r.training().validation().logloss());
    out().printf("sparkctr train: %s%n", r.timing().line());
    return ExitCodes.OK;
  }
}
