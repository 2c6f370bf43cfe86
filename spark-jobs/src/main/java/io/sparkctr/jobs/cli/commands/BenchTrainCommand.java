package io.sparkctr.jobs.cli.commands;

import io.sparkctr.jobs.TrainJob;
import io.sparkctr.jobs.bench.TrainBenchmark;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code sparkctr bench-train}: the train job per training master on the current Spark master. */
@Command(name = "bench-train", sortOptions = false,
    description = "Run the train job on the current Spark master once per training master (examples/s, "
        + "validation AUC, bytes exchanged per epoch), optionally next to one-JVM training.")
public final class BenchTrainCommand extends JobCommand {
  @Mixin
  ConfigOptions.Required config;

  // required unless --print-config: checked in params()
  @Option(names = "--features", paramLabel = "DIR",
      description = "Output of the features job. Required (not with --print-config).")
  String features;

  @Option(names = "--workdir", paramLabel = "DIR",
      description = "Where the trained bundles go. Required (not with --print-config).")
  String workdir;

  @Option(names = "--masters", paramLabel = "a,b", split = ",",
      description = "Training masters to compare: parameter-averaging, gradient-sharing (default: the configured one).")
  List<String> masters = new ArrayList<>();

  @Option(names = "--single-jvm", description = "Also train with LocalTrainer in this JVM on the same rows and epochs.")
  boolean singleJvm;

  @Override
  public Integer call() {
    TrainBenchmark.Params p = params();
    if (config.printed(p.config(), out())) {
      return ExitCodes.OK;
    }
    out().println(TrainBenchmark.run(session(), p));
    return ExitCodes.OK;
  }

  /** The options and the validated config (the training and model sections), before a Spark session exists. */
  TrainBenchmark.Params params() {
    if (!config.printing()) {
      requireOptions("--features", "--workdir");
    }
    var c = config.load();
    return new TrainBenchmark.Params(c, config.source(), TrainJob.checkConfig(c, config.source()), features, workdir,
        masters, singleJvm);
  }
}
