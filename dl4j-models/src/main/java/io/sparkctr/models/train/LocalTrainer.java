package io.sparkctr.models.train;

import io.sparkctr.models.data.Batches;
import io.sparkctr.models.data.FeatureRow;
import io.sparkctr.models.graph.CtrGraphBuilder;
import io.sparkctr.models.graph.ModelSpec;
import io.sparkctr.models.layers.TableBinding;
import io.sparkctr.models.tables.LocalTable;
import io.sparkctr.models.tables.ModelTables;
import io.sparkctr.models.metrics.MetricsReport;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Trains a graph on one JVM: seeded shuffle per epoch, validation AUC/logloss after every epoch
 * (recalibrated for downsampling), learning rate cut on a plateau of validation AUC, early
 * stopping with the best epoch's parameters restored — the dense parameters and a snapshot of the
 * embedding tables (weights and optimizer state; the snapshot doubles the tables' memory). The
 * tables' learning rates follow the same schedule (scaled like the dense rate). The same spec,
 * data and options give the same model.
 *
 * <p>The epoch's training loss is the logloss on a fixed sample of up to 20,000 training rows
 * measured after the epoch: DL4J's {@code score()} after {@code fit()} does not match the loss of
 * the batch on M2.1.
 */
public final class LocalTrainer {
  private static final Logger LOG = LoggerFactory.getLogger(LocalTrainer.class);
  private static final int LOSS_SAMPLE = 20_000;

  /**
   * @param model the trained graph with the best epoch's parameters
   * @param bestEpoch 1-based epoch whose parameters were kept
   * @param epochs per-epoch statistics, in order
   * @param validation metrics of the kept parameters on the validation rows
   */
  public record Result(ComputationGraph model, int bestEpoch, List<EpochStats> epochs, MetricsReport validation) {}

  private LocalTrainer() {}

  public static Result train(ModelSpec spec, List<FeatureRow> train, List<FeatureRow> validation, TrainOptions o) {
    if (train.isEmpty() || validation.isEmpty()) {
      throw new IllegalArgumentException("Cannot train: " + train.size() + " training and " + validation.size()
          + " validation rows");
    }
    Nd4j.getRandom().setSeed(spec.seed());
    ComputationGraph net = CtrGraphBuilder.build(spec, DataType.FLOAT);
    ModelTables tables = TableBinding.tablesOf(net);
    int f = spec.fields();
    int d = spec.denseFeatures();
    List<FeatureRow> lossSample = train.subList(0, Math.min(LOSS_SAMPLE, train.size()));
    int[] order = new int[train.size()];
    for (int i = 0; i < order.length; i++) {
      order[i] = i;
    }
    double lr = spec.learningRate();
    double bestAuc = Double.NEGATIVE_INFINITY;
    INDArray best = null;
    Map<String, LocalTable> bestTables = null;
    int bestEpoch = 0;
    int sinceBest = 0;
    int sinceCut = 0;
    List<EpochStats> stats = new ArrayList<>();
    long started = System.nanoTime();
    for (int epoch = 1; epoch <= o.epochs(); epoch++) {
      long t0 = System.nanoTime();
      shuffle(order, new Random(o.shuffleSeed() * 1_000_003L + epoch));
      for (int from = 0; from < order.length; from += o.batchSize()) {
        net.fit(Batches.of(train, order, from, Math.min(order.length, from + o.batchSize()), f, d));
      }
      double seconds = (System.nanoTime() - t0) / 1e9;
      double loss = Predictions.evaluate(net, lossSample, f, d, 1.0).report().logloss();
      MetricsReport val = Predictions.evaluate(net, validation, f, d, spec.recalibrationFactor(o.negativeRate())).report();
      if (!Double.isFinite(loss) || !Double.isFinite(val.logloss())) {
        throw new IllegalStateException("Cannot train: loss became " + loss + " (validation logloss "
            + val.logloss() + ") in epoch " + epoch);
      }
      stats.add(new EpochStats(epoch, loss, val.auc(), val.logloss(), train.size() / seconds, lr, seconds));
      double elapsed = (System.nanoTime() - started) / 1e9;
      LOG.info(String.format("epoch %d/%d  loss %.5f  val AUC %.5f  val logloss %.5f  %.0f ex/s  lr %.2g  ETA %.0f s",
          epoch, o.epochs(), loss, val.auc(), val.logloss(), train.size() / seconds, lr,
          elapsed / epoch * (o.epochs() - epoch)));
      if (val.auc() > bestAuc) {
        bestAuc = val.auc();
        best = net.params().dup();
        if (bestTables == null) {
          bestTables = tables.snapshot();
        } else {
          bestTables.forEach((name, copy) -> copy.restoreFrom(tables.local(name)));
        }
        bestEpoch = epoch;
        sinceBest = 0;
        sinceCut = 0;
      } else {
        sinceBest++;
        sinceCut++;
        if (sinceBest >= o.earlyStoppingPatience()) {
          LOG.info("Early stop after epoch {}: no better validation AUC for {} epochs; keeping epoch {} (AUC {})",
              epoch, sinceBest, bestEpoch, bestAuc);
          break;
        }
        if (sinceCut >= o.lrPatience() && o.lrFactor() < 1) {
          lr *= o.lrFactor();
          net.setLearningRate(lr);
          tables.setLearningRateScale(lr / spec.learningRate());
          sinceCut = 0;
        }
      }
    }
    net.setParams(best);
    tables.restore(bestTables);
    MetricsReport kept = Predictions.evaluate(net, validation, f, d, spec.recalibrationFactor(o.negativeRate())).report();
    return new Result(net, bestEpoch, List.copyOf(stats), kept);
  }

  private static void shuffle(int[] a, Random rnd) {
    for (int i = a.length - 1; i > 0; i--) {
      int j = rnd.nextInt(i + 1);
      int t = a[i];
      a[i] = a[j];
      a[j] = t;
    }
  }
}
