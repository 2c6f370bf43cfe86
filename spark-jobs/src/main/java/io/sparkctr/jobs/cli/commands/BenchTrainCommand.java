package io.sparkctr.jobs.cli.commands;

import io.sparkctr.jobs.bench.TrainBenchmark;
import io.sparkctr.jobs.cli.JobCommand;
import io.sparkctr.jobs.cli.Main;
import java.io.File;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code sparkctr bench-train}: the train job per training master on the current Spark master. */
@Command(name = "bench-train", sortOptions = false,
    description = "Run the train job on the current Spark master once per training master (examples/s, "
        + "validation AUC, bytes exchanged per epoch), optionally next to one-JVM training.")
public final class BenchTrainCommand extends JobCommand {
  @Option(names = "--conf", required = true, paramLabel = "FILE", description = "Config file.")
  File conf;

  @Option(names = "--features", required = true, paramLabel = "DIR", description = "Output of the features job.")
  String features;

  @Option(names = "--workdir", required = true, paramLabel = "DIR", description = "Where the trained bundles go.")
  String workdir;

  @Option(names = "--masters", paramLabel = "a,b", split = ",",
      description = "Training masters to compare: parameter-averaging, gradient-sharing (default: the configured one).")
  List<String> masters = new ArrayList<>();

  @Option(names = "--single-jvm", description = "Also train with LocalTrainer in this JVM on the same rows and epochs.")
  boolean singleJvm;

  @Override
  public Integer call() {
    out().println(TrainBenchmark.run(session(), new TrainBenchmark.Params(conf, features, workdir, masters, singleJvm)));
    return Main.EXIT_OK;
  }
}
