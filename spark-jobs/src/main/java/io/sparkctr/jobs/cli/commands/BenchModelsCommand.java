package io.sparkctr.jobs.cli.commands;

import io.sparkctr.jobs.bench.ModelBenchmark;
import io.sparkctr.models.data.PlantedRows;
import io.sparkctr.models.graph.CrossNetwork;
import io.sparkctr.models.graph.CrossStructure;
import io.sparkctr.models.graph.ModelType;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code sparkctr bench-models}: single-JVM speed and accuracy per model; no Spark. */
@Command(name = "bench-models", sortOptions = false,
    description = "Single-JVM training speed per model, batch size and hash space, then the AUC each model "
        + "reaches on planted rows next to the best achievable (docs/benchmarks.md). Runs without Spark.")
public final class BenchModelsCommand extends JobCommand {
  @Option(names = "--types", paramLabel = "a,b", split = ",", defaultValue = "lr,fm,wide-deep,deepfm,dcn-v2",
      description = "Models (default: ${DEFAULT-VALUE}).")
  List<String> types;

  @Option(names = "--batches", paramLabel = "a,b", split = ",", defaultValue = "1024,4096",
      description = "Minibatch sizes (default: ${DEFAULT-VALUE}).")
  List<Integer> batches;

  @Option(names = "--bits", paramLabel = "a,b", split = ",", defaultValue = "18,20,22",
      description = "Hash spaces as powers of two (default: ${DEFAULT-VALUE}).")
  List<Integer> bits;

  @Option(names = "--seconds", paramLabel = "S", defaultValue = "15",
      description = "Seconds of steps per speed row (default: ${DEFAULT-VALUE}).")
  int seconds;

  @Option(names = "--auc-rows", paramLabel = "N", defaultValue = "400000",
      description = "Planted rows for the accuracy part (default: ${DEFAULT-VALUE}).")
  int aucRows;

  @Option(names = "--auc-epochs", paramLabel = "E", defaultValue = "6",
      description = "Most epochs of the accuracy part (default: ${DEFAULT-VALUE}).")
  int aucEpochs;

  @Option(names = "--auc-cardinality", paramLabel = "C", defaultValue = "1000",
      description = "Values per field of the planted rows (default: ${DEFAULT-VALUE}).")
  int aucCardinality;

  @Option(names = "--auc-bits", paramLabel = "B", defaultValue = "18",
      description = "Hash space of the accuracy part as a power of two (default: ${DEFAULT-VALUE}).")
  int aucBits;

  @Option(names = "--auc-lr", paramLabel = "R", defaultValue = "3e-3",
      description = "Dense learning rate of the accuracy part (default: ${DEFAULT-VALUE}).")
  double aucLr;

  @Option(names = "--emb-optimizer", paramLabel = "NAME", defaultValue = "adagrad",
      description = "Embedding table optimizer: adam, adagrad, ftrl, sgd (default: ${DEFAULT-VALUE}).")
  String embOptimizer;

  @Option(names = "--emb-lr", paramLabel = "R", defaultValue = "0",
      description = "Embedding learning rate; 0 = the dense rate for adam, else 0.01 (row-wise AdaGrad's rate).")
  double embLr;

  @Option(names = "--emb-l2", paramLabel = "L", defaultValue = "0",
      description = "L2 of the embedding table, applied to the rows a minibatch touches (default: ${DEFAULT-VALUE}).")
  double embL2;

  @Option(names = "--emb-decay", paramLabel = "D", defaultValue = "0",
      description = "Decay of every embedding row per step (tables.embedding.decay; default: ${DEFAULT-VALUE}).")
  double embDecay;

  @Option(names = "--emb-adaptive", description = "Scale --emb-decay by each row's own rate (tables.embedding.adaptive).")
  boolean embAdaptive;

  @Option(names = "--auc-interactions", paramLabel = "KIND", defaultValue = "adjacent-pairs",
      description = "Planted interactions: adjacent-pairs (13 field pairs, each with its own vectors) or all-pairs "
          + "(every pair, one rank-4 vector per value: an FM's model class) (default: ${DEFAULT-VALUE}).")
  String aucInteractions;

  @Option(names = "--cross-layers", paramLabel = "L", defaultValue = "3",
      description = "dcn-v2: cross layers (model.cross-layers; default: ${DEFAULT-VALUE}).")
  int crossLayers;

  @Option(names = "--cross-rank", paramLabel = "R", defaultValue = "32",
      description = "dcn-v2: rank of the cross weights, 0 = full (model.cross-rank; default: ${DEFAULT-VALUE}).")
  int crossRank;

  @Option(names = "--structure", paramLabel = "S", defaultValue = "stacked",
      description = "dcn-v2: stacked or parallel (model.structure; default: ${DEFAULT-VALUE}).")
  String structure;

  @Option(names = "--phases", description = "Also time each phase of the speed rows' steps (gather, forward, backward, "
      + "updater, table update) and print ms per step per phase (docs/design/step-profile.md).")
  boolean phases;

  @Override
  public Integer call() {
    CrossNetwork cross = new CrossNetwork(crossLayers, crossRank, CrossStructure.parse(structure), 0);
    out().println(ModelBenchmark.run(new ModelBenchmark.Params(types.stream().map(ModelType::parse).toList(), batches,
        bits, seconds, aucRows, aucEpochs, aucCardinality, aucBits, aucLr, embOptimizer, embLr, embL2, interactions(),
        embDecay, embAdaptive, cross, phases)));
    return ExitCodes.OK;
  }

  private PlantedRows.Interactions interactions() {
    try {
      return PlantedRows.Interactions.valueOf(aucInteractions.toUpperCase(java.util.Locale.ROOT).replace('-', '_'));
    } catch (IllegalArgumentException e) {
      throw new picocli.CommandLine.ParameterException(spec.commandLine(), "Cannot use --auc-interactions "
          + aucInteractions + ": expected adjacent-pairs or all-pairs");
    }
  }
}
