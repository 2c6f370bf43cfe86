package io.sparkctr.jobs.bench;

import io.sparkctr.models.data.Batches;
import io.sparkctr.models.data.FeatureRow;
import io.sparkctr.models.data.PlantedRows;
import io.sparkctr.models.graph.CrossNetwork;
import io.sparkctr.models.graph.CtrGraphBuilder;
import io.sparkctr.models.graph.ModelSpec;
import io.sparkctr.models.graph.ModelType;
import io.sparkctr.models.metrics.CtrMetrics;
import io.sparkctr.models.tables.TableOptimizer;
import io.sparkctr.models.train.LocalTrainer;
import io.sparkctr.models.train.TrainSchedule;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.dataset.DataSet;

/**
 * {@code sparkctr bench-models [--types lr,fm,wide-deep,deepfm,dcn-v2] [--batches 1024,4096]
 * [--bits 18,20,22] [--seconds S] [--emb-optimizer adagrad|adam|sgd] [--emb-lr R] [--auc-rows N]
 * [--auc-epochs E] [--auc-cardinality C] [--auc-bits B] [--auc-lr R] [--emb-l2 L] [--emb-decay D [--emb-adaptive]]
 * [--auc-interactions adjacent-pairs|all-pairs] [--cross-layers L] [--cross-rank R] [--structure stacked|parallel]
 * [--phases]}:
 * single-JVM training speed of each
 * model at 26 fields, 16-dim embeddings, MLP 400-400 (dcn-v2: with the given cross network, default 3
 * full-rank layers stacked before the MLP; dense part: Adam; tables: FTRL for the
 * first-order weights, the given optimizer for the embeddings), over batch sizes and hash spaces (after
 * 8 warm-up steps, steps for S seconds, resident memory after; speed rows use 100,000 values per
 * field), then the validation AUC each model reaches on planted rows at 2^B (default 18) with C values per field
 * ({@link PlantedRows.Interactions}) next to the best achievable (the AUC of the true probabilities), trained with Adam at rate R for up
 * to E epochs with early stopping on validation AUC (patience 1, rate halved on a plateau). L is the
 * embedding table's L2, applied to the rows each minibatch touches (0: none). With {@code --phases}, each speed
 * row also gets the milliseconds per step of each phase of the step ({@link StepPhases}).
 * Runs without Spark.
 */
public final class ModelBenchmark {
  static final int FIELDS = 26;

  /** @param cross the cross network of the dcn-v2 rows (other types have none) */
  public record Params(List<ModelType> types, List<Integer> batches, List<Integer> bits, int seconds, int aucRows,
                       int aucEpochs, int aucCardinality, int aucBits, double aucLearningRate, String embOptimizer,
                       double embLearningRate, double embL2, PlantedRows.Interactions aucInteractions,
                       double embDecay, boolean embAdaptive, CrossNetwork cross, boolean phases) {
    public Params(List<ModelType> types, List<Integer> batches, List<Integer> bits, int seconds, int aucRows,
                  int aucEpochs, int aucCardinality, int aucBits, double aucLearningRate, String embOptimizer,
                  double embLearningRate, double embL2, PlantedRows.Interactions aucInteractions,
                  double embDecay, boolean embAdaptive, CrossNetwork cross) {
      this(types, batches, bits, seconds, aucRows, aucEpochs, aucCardinality, aucBits, aucLearningRate, embOptimizer,
          embLearningRate, embL2, aucInteractions, embDecay, embAdaptive, cross, false);
    }

    public Params(List<ModelType> types, List<Integer> batches, List<Integer> bits, int seconds, int aucRows,
                  int aucEpochs, int aucCardinality, int aucBits, double aucLearningRate, String embOptimizer,
                  double embLearningRate, double embL2, PlantedRows.Interactions aucInteractions) {
      this(types, batches, bits, seconds, aucRows, aucEpochs, aucCardinality, aucBits, aucLearningRate, embOptimizer,
          embLearningRate, embL2, aucInteractions, 0, false, CrossNetwork.DEFAULT, false);
    }
  }

  private ModelBenchmark() {}


  /**
   * The benchmarks' embedding rate for a non-Adam table when none is given: row-wise AdaGrad's 0.01 (the
   * embeddings' default before lazy Adam's 0.002, and what the benchmarks' figures used).
   */
  static final double NON_ADAM_RATE = 0.01;

  /** Embedding table: {@code embLr} when > 0, else the dense rate for adam and {@link #NON_ADAM_RATE} otherwise. */
  static ModelSpec spec(ModelType type, int bits, double learningRate, Params p) {
    boolean adam = TableOptimizer.Kind.parse(p.embOptimizer()) == TableOptimizer.Kind.ADAM;
    double rate = p.embLearningRate() > 0 ? p.embLearningRate() : adam ? learningRate : NON_ADAM_RATE;
    TableOptimizer emb = new TableOptimizer(p.embOptimizer(), rate, 0, p.embL2(), p.embDecay(), 0, p.embAdaptive());
    return ModelSpec.builder(type, FIELDS, 1 << bits).embeddingDim(16).hidden(400, 400).optimizer("adam")
        .learningRate(learningRate).seed(42).embeddingTable(emb).cross(type.hasCross() ? p.cross() : CrossNetwork.DEFAULT)
        .build();
  }

  public static String run(Params p) {
    StringBuilder out = new StringBuilder(String.format(Locale.ROOT,
        "### Training speed (%d fields, k = 16, MLP 400-400, Adam; tables FTRL + %s; %d s of steps each)%n%n"
            + "| model | hash space | batch | examples/s | steps | RSS after (MB) |%n|---|---|---|---|---|---|%n",
        FIELDS, p.embOptimizer(), p.seconds()));
    StringBuilder phases = new StringBuilder();
    int maxBatch = p.batches().stream().mapToInt(Integer::intValue).max().orElse(1024);
    for (int bits : p.bits()) {
      List<FeatureRow> rows = speedRows(Math.max(64 * maxBatch, 100_000), bits);
      for (ModelType type : p.types()) {
        for (int batch : p.batches()) {
          Timing r = time(spec(type, bits, 1e-3, p), rows, batch, p.seconds(), p.phases());
          out.append(String.format(Locale.ROOT, "| %s | 2^%d | %d | %,.0f | %d | %d |%n", type, bits, batch,
              r.examplesPerSecond(), r.steps(), rssMb("VmRSS")));
          System.out.print(out.substring(out.lastIndexOf("| " + type)));
          if (r.phases() != null) {
            phases.append(r.phases().table(String.format(Locale.ROOT, "%s 2^%d b%d", type, bits, batch)));
          }
        }
      }
    }
    out.append(String.format(Locale.ROOT, "%nPeak resident memory of the whole run: %d MB%n", rssMb("VmHWM")));
    if (p.phases()) {
      out.append(String.format(Locale.ROOT, "%n### Where a step's time goes (ms per step, after warm-up)%n%n"
          + "| run | phase | ms per step | share |%n|---|---|---|---|%n")).append(phases);
    }
    if (p.aucRows() > 0) { // --auc-rows 0: speed only
      out.append(accuracy(p));
    }
    return out.toString();
  }

  /** The rows the speed part trains on: {@value #FIELDS} fields of 100,000 Zipf values each, hashed into 2^bits. */
  static List<FeatureRow> speedRows(int n, int bits) {
    return PlantedRows.generate(n, FIELDS, 1 << bits, 100_000, 0.8, 1, 7).rows();
  }

  /** A speed row: examples/s and steps over the timed seconds, and where the time went (null unless asked). */
  record Timing(double examplesPerSecond, long steps, StepPhases phases) {}

  /**
   * The speed of a new graph of {@code spec} over {@code seconds} after 8 warm-up steps (JIT,
   * workspaces), timing each phase of the steps when {@code phases}; the graph and its tables are
   * garbage when this returns.
   */
  static Timing time(ModelSpec spec, List<FeatureRow> rows, int batch, int seconds, boolean phases) {
    ComputationGraph net = CtrGraphBuilder.build(spec, DataType.FLOAT);
    int from = 0;
    for (int i = 0; i < 8; i++) {
      net.fit(next(rows, from, batch));
      from = (from + batch) % (rows.size() - batch);
    }
    StepPhases timer = phases ? new StepPhases(net, batch) : null;
    long t0 = System.nanoTime();
    long steps = 0;
    while (System.nanoTime() - t0 < seconds * 1_000_000_000L || steps < 5) {
      if (timer == null) {
        net.fit(next(rows, from, batch));
      } else {
        timer.batchStart();
        DataSet ds = next(rows, from, batch);
        timer.batchBuilt();
        net.fit(ds);
        timer.fitDone();
      }
      from = (from + batch) % (rows.size() - batch);
      steps++;
    }
    double s = (System.nanoTime() - t0) / 1e9;
    return new Timing(steps * batch / s, steps, timer);
  }

  private static DataSet next(List<FeatureRow> rows, int from, int batch) {
    return Batches.of(rows, null, from, from + batch, FIELDS, 0);
  }

  static String accuracy(Params p) {
    PlantedRows train = PlantedRows.generate(p.aucRows(), FIELDS, 1 << p.aucBits(), p.aucCardinality(), 0.8, 1, 7,
        p.aucInteractions());
    PlantedRows val = PlantedRows.generate(100_000, FIELDS, 1 << p.aucBits(), p.aucCardinality(), 0.8, 2, 7,
        p.aucInteractions());
    CtrMetrics truth = new CtrMetrics(1.0, 10);
    for (int i = 0; i < val.truth().length; i++) {
      truth.add(val.rows().get(i).label, val.truth()[i], null, 0);
    }
    double best = truth.report().auc();
    StringBuilder sb = new StringBuilder(String.format(Locale.ROOT,
        "%n### Accuracy on planted rows (2^%d, %,d values per field, %s interactions, %,d training rows, up to %d "
            + "epochs, batch 1024, Adam %.3g, tables %s, 100,000 validation rows)%n%n"
            + "Best achievable validation AUC (true probabilities): %.4f%n%n| model | validation AUC | gap to best | "
            + "validation logloss | best epoch | examples/s |%n|---|---|---|---|---|---|%n", p.aucBits(), p.aucCardinality(),
        p.aucInteractions().name().toLowerCase(Locale.ROOT).replace('_', '-'), p.aucRows(),
        p.aucEpochs(), p.aucLearningRate(), tables(spec(ModelType.DEEPFM, p.aucBits(), p.aucLearningRate(), p)), best));
    for (ModelType type : p.types()) {
      ModelSpec spec = spec(type, p.aucBits(), p.aucLearningRate(), p);
      LocalTrainer.Result r = LocalTrainer.train(spec, train.rows(), val.rows(),
          new TrainSchedule(p.aucEpochs(), 1024, 1, 1, 0.5, 3), 1.0);
      double speed = r.epochs().stream().mapToDouble(e -> e.examplesPerSecond()).average().orElse(0);
      sb.append(String.format(Locale.ROOT, "| %s | %.4f | %.4f | %.4f | %d | %,.0f |%n", type, r.validation().auc(),
          best - r.validation().auc(), r.validation().logloss(), r.bestEpoch(), speed));
      System.out.print(sb.substring(sb.lastIndexOf("| " + type)));
    }
    return sb.toString();
  }

  private static String tables(ModelSpec s) {
    return String.format(Locale.ROOT, "%s %.3g + %s %.3g (L2 on touched rows %.3g)", s.linearTable().name(),
        s.linearTable().learningRate(), s.embeddingTable().name(), s.embeddingTable().learningRate(),
        s.embeddingTable().l2());
  }

  static long rssMb(String key) {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
        if (line.startsWith(key + ":")) {
          return Long.parseLong(line.replaceAll("\\D", "")) / 1024;
        }
      }
    } catch (IOException | NumberFormatException e) {
      return -1;
    }
    return -1;
  }
}
