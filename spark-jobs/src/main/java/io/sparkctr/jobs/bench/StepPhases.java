package io.sparkctr.jobs.bench;

import io.sparkctr.models.layers.SparseLayerTimes;
import java.util.Locale;
import java.util.Map;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.conf.graph.GraphVertex;
import org.deeplearning4j.nn.conf.graph.LayerVertex;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.optimize.api.BaseTrainingListener;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Where the time of a graph's training steps goes ({@code bench-models --phases}): a listener on the
 * graph stamps the end of DL4J's forward pass, of its backward pass and of the updater, and the sparse
 * layers count their own parts ({@link SparseLayerTimes}). Per step:
 * <ul>
 *   <li>batch: rows to the input array ({@code Batches.of}, timed by the caller, {@link #batchBuilt});
 *   <li>sparse forward: the sparse layers' lookups, of which the tables' gather;
 *   <li>dense forward: the rest of DL4J's forward pass (the FM vertices, the MLP, the loss layer's input);
 *   <li>dense backward: DL4J's backward pass and loss less the sparse layers' backward;
 *   <li>sparse backward: the output gradient summed per row, of which the tables' update;
 *   <li>updater: DL4J's updater and step over the dense parameters;
 *   <li>other: the rest of {@code fit} (inputs set, workspaces opened and closed, bookkeeping).
 * </ul>
 * Single-threaded: one graph trained on the calling thread.
 */
final class StepPhases extends BaseTrainingListener {
  static final String[] NAMES = {"batch", "sparse forward", "  of which table gather", "dense forward",
      "dense backward + loss", "sparse backward", "  of which table update", "DL4J updater + step", "other (fit)"};
  private final ComputationGraph net;
  private final long[] sums = new long[NAMES.length];
  private final long denseFlops;
  private long steps;
  private long total;
  private long batchStart;
  private long fitStart;
  private long forwardEnd;
  private long backwardEnd;
  private long gradientEnd;
  private long iterationEnd;
  private SparseLayerTimes before;

  /** Starts listening to {@code net}'s steps (the graph keeps this listener). */
  StepPhases(ComputationGraph net, int batch) {
    this.net = net;
    net.addListeners(this);
    this.denseFlops = denseFlops(net, batch);
  }

  /**
   * Multiply-adds ×2 of a step's dense layers: forward, the weights' gradient and the input's
   * gradient, each 2·batch·nIn·nOut.
   */
  static long denseFlops(ComputationGraph net, int batch) {
    long macs = 0;
    for (GraphVertex v : net.getConfiguration().getVertices().values()) {
      if (v instanceof LayerVertex lv && lv.getLayerConf().getLayer() instanceof DenseLayer d) {
        macs += d.getNIn() * d.getNOut();
      }
    }
    return 6L * batch * macs;
  }

  void batchStart() {
    batchStart = System.nanoTime();
  }

  /** The batch is built and {@code fit} is about to start. */
  void batchBuilt() {
    fitStart = System.nanoTime();
    sums[0] += fitStart - batchStart;
    before = SparseLayerTimes.of(net);
  }

  @Override
  public void onForwardPass(Model model, Map<String, INDArray> activations) {
    forwardEnd = System.nanoTime();
  }

  @Override
  public void onBackwardPass(Model model) {
    backwardEnd = System.nanoTime();
  }

  @Override
  public void onGradientCalculation(Model model) {
    gradientEnd = System.nanoTime();
  }

  @Override
  public void iterationDone(Model model, int iteration, int epoch) {
    iterationEnd = System.nanoTime();
  }

  /** {@code fit} returned. */
  void fitDone() {
    long end = System.nanoTime();
    SparseLayerTimes s = SparseLayerTimes.of(net).since(before);
    long forward = forwardEnd - fitStart;
    long backward = backwardEnd - forwardEnd;
    long updater = iterationEnd - gradientEnd;
    sums[1] += s.lookup();
    sums[2] += s.gather();
    sums[3] += forward - s.lookup();
    sums[4] += backward - s.backward();
    sums[5] += s.backward();
    sums[6] += s.update();
    sums[7] += updater;
    sums[8] += end - fitStart - forward - backward - updater;
    total += end - batchStart;
    steps++;
  }

  /** The markdown rows of this run: ms per step and share of the step per phase, then the dense work's rate. */
  String table(String label) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < NAMES.length; i++) {
      sb.append(String.format(Locale.ROOT, "| %s | %s | %.2f | %.0f%% |%n", label, NAMES[i], sums[i] / 1e6 / steps,
          100.0 * sums[i] / total));
    }
    double stepSeconds = total / 1e9 / steps;
    double denseSeconds = (sums[3] + sums[4]) / 1e9 / steps;
    sb.append(String.format(Locale.ROOT, "| %s | **step** | **%.2f** | %.1f GFLOP of dense layers: %.1f GFLOP/s over "
            + "the step, %.1f GFLOP/s over dense forward + backward |%n", label, stepSeconds * 1e3, denseFlops / 1e9,
        denseFlops / 1e9 / stepSeconds, denseFlops / 1e9 / denseSeconds));
    return sb.toString();
  }
}
