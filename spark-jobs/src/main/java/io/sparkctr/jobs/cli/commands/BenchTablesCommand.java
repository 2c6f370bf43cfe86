package io.sparkctr.jobs.cli.commands;

import io.sparkctr.jobs.bench.TableBenchmark;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code sparkctr bench-tables}: the embedding tables' gather and update per step, without the graph; no Spark. */
@Command(name = "bench-tables", sortOptions = false,
    description = "The embedding tables' part of a DeepFM step (gather the minibatch's distinct rows, update them) "
        + "per table size and optimizer, without the graph: what a table costs on this machine and JVM, e.g. with "
        + "and without huge pages (docs/benchmarks.md). Runs without Spark.")
public final class BenchTablesCommand extends JobCommand {
  @Option(names = "--bits", paramLabel = "a,b", split = ",", defaultValue = "18,24",
      description = "Table sizes as powers of two (default: ${DEFAULT-VALUE}).")
  List<Integer> bits;

  @Option(names = "--optimizers", paramLabel = "a,b", split = ",", defaultValue = "adagrad",
      description = "Embedding table optimizers: adam, adagrad, ftrl, sgd (default: ${DEFAULT-VALUE}).")
  List<String> optimizers;

  @Option(names = "--dim", paramLabel = "K", defaultValue = "16",
      description = "Embedding dimension (default: ${DEFAULT-VALUE}).")
  int dim;

  @Option(names = "--batch", paramLabel = "N", defaultValue = "1024",
      description = "Examples per minibatch (default: ${DEFAULT-VALUE}).")
  int batch;

  @Option(names = "--seconds", paramLabel = "S", defaultValue = "10",
      description = "Seconds of steps per row (default: ${DEFAULT-VALUE}).")
  int seconds;

  @Option(names = "--between-mb", paramLabel = "M", defaultValue = "32",
      description = "MB of other memory written between gather and update, standing in for the dense part of a "
          + "step (default: ${DEFAULT-VALUE}; 0: none).")
  int betweenMb;

  @Override
  public Integer call() {
    TableBenchmark.Params params;
    try {
      params = new TableBenchmark.Params(bits, optimizers, dim, batch, seconds, betweenMb);
    } catch (IllegalArgumentException e) {
      throw new picocli.CommandLine.ParameterException(spec.commandLine(), e.getMessage());
    }
    out().println(TableBenchmark.run(params));
    return ExitCodes.OK;
  }
}
