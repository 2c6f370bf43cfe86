package io.sparkctr.models.train;

import io.sparkctr.models.data.Batches;
import io.sparkctr.models.data.FeatureRow;
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
import org.nd4j.linalg.api.ndarray.INDArray;
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

  /**
   * @param negativeRate the training negative keep-rate (manifest), for recalibrated validation metrics
   */
  public static Result train(ModelSpec spec, List<FeatureRow> train, List<FeatureRow> validation, TrainSchedule o,
                             double negativeRate) {
    if (train.isEmpty() || validation.isEmpty()) {
      throw new IllegalArgumentException("Cannot train: " + train.size() + " training and " + validation.size()
          + " validation rows");
    }
    if (!(negativeRate > 0 && negativeRate <= 1)) {
      throw new IllegalArgumentException("Cannot train: negative rate " + negativeRate + " outside (0, 1]");
    }
    ScheduledGraph schedule = ScheduledGraph.start(spec, o, "", false);
    ComputationGraph net = schedule.graph();
    ModelTables tables = TableBinding.tablesOf(net);
    int f = spec.fields();
    int d = spec.denseFeatures();
    double factor = spec.recalibrationFactor(negativeRate);
    List<FeatureRow> lossSample = train.subList(0, Math.min(LOSS_SAMPLE, train.size()));
    int[] order = new int[train.size()];
    for (int i = 0; i < order.length; i++) {
      order[i] = i;
    }
    TrainState state = schedule.state();
    INDArray best = null;
    Map<String, LocalTable> bestTables = null;
    long started = System.nanoTime();
    while (!state.stopped()) {
      int epoch = state.epoch() + 1;
      long t0 = System.nanoTime();
      shuffle(order, new Random(o.shuffleSeed() * 1_000_003L + epoch));
      for (int from = 0; from < order.length; from += o.batchSize()) {
        net.fit(Batches.of(train, order, from, Math.min(order.length, from + o.batchSize()), spec.layout()));
      }
      double seconds = (System.nanoTime() - t0) / 1e9;
      double loss = Predictions.evaluate(net, lossSample, f, d, 1.0).report().logloss();
      MetricsReport val = Predictions.evaluate(net, validation, f, d, factor).report();
      if (!Double.isFinite(loss) || !Double.isFinite(val.logloss())) {
        throw new IllegalStateException("Cannot train: loss became " + loss + " (validation logloss "
            + val.logloss() + ") in epoch " + epoch);
      }
      double lr = state.learningRate();
      // the next epoch's rate, on the dense part and the tables alike
      state = schedule.after(new EpochStats(epoch, loss, val.auc(), val.logloss(), train.size() / seconds, lr,
          seconds), net);
      double elapsed = (System.nanoTime() - started) / 1e9;
      LOG.info(String.format("epoch %d/%d  loss %.5f  val AUC %.5f  val logloss %.5f  %.0f ex/s  lr %.2g  ETA %.0f s%s",
          epoch, o.epochs(), loss, val.auc(), val.logloss(), train.size() / seconds, lr,
          state.stopped() ? 0 : elapsed / epoch * (o.epochs() - epoch),
          state.stopped() && epoch < o.epochs() ? "  (early stop: keeping epoch " + state.bestEpoch() + ")" : ""));
      if (state.improved()) {
        best = net.params().dup();
        if (bestTables == null) {
          bestTables = tables.snapshot();
        } else {
          bestTables.forEach((name, copy) -> copy.restoreFrom(tables.local(name)));
        }
      }
    }
    net.setParams(best);
    tables.restore(bestTables);
    MetricsReport kept = Predictions.evaluate(net, validation, f, d, factor).report();
    return new Result(net, state.bestEpoch(), state.epochs(), kept);
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
