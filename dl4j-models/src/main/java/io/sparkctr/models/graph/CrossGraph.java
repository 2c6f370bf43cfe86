package io.sparkctr.models.graph;

import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.graph.ElementWiseVertex;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.nd4j.linalg.activations.Activation;

/**
 * DCN-v2's cross network ({@link CrossNetwork}) in a ComputationGraph, from built-in layers and vertices
 * only, as the FM term is (see {@link CtrGraphBuilder}): layer l is
 * <pre>
 *   x_l ─ cross-l-w (W×W + b, identity) ──────┐            full rank
 *   x_l ─ cross-l-v (W×r) ─ cross-l-u (r×W + b) ┤          rank r
 *   x0 ───────────────────────── cross-l-x0-wx (product) ─ cross-l (add x_l) = x_{l+1}
 * </pre>
 * Parallel structure adds {@value #OUTPUT}, a W→1 projection of x_L without bias (the global bias is
 * the linear term's), as one more logit.
 */
final class CrossGraph {
  /** The parallel structure's logit. */
  static final String OUTPUT = "cross-out";

  private CrossGraph() {}

  /**
   * Adds the cross layers over the vertex {@code x0} of width {@code width}.
   *
   * @return the name of the last layer's output x_L (width {@code width})
   */
  static String addLayers(ComputationGraphConfiguration.GraphBuilder g, CrossNetwork c, L2Mode mode, String x0,
                           int width) {
    String x = x0;
    for (int l = 0; l < c.layers(); l++) {
      String name = "cross-" + l;
      String wx = addMatrix(g, c, mode, name, x, width);
      g.addVertex(name + "-x0-wx", new ElementWiseVertex(ElementWiseVertex.Op.Product), x0, wx);
      g.addVertex(name, new ElementWiseVertex(ElementWiseVertex.Op.Add), name + "-x0-wx", x);
      x = name;
    }
    return x;
  }

  /** The parallel structure's logit {@value #OUTPUT} over x_L. */
  static void addOutput(ComputationGraphConfiguration.GraphBuilder g, CrossNetwork c, L2Mode mode, String last,
                        int width) {
    g.addLayer(OUTPUT, linear(width, 1, false, c.l2(), mode), last);
  }

  /** W_l x_l + b_l of layer {@code name}: one W×W layer, or V^T then U (rank r); returns the vertex's name. */
  private static String addMatrix(ComputationGraphConfiguration.GraphBuilder g, CrossNetwork c, L2Mode mode,
                                  String name, String x, int width) {
    if (c.rank() == 0) {
      g.addLayer(name + "-w", linear(width, width, true, c.l2(), mode), x);
      return name + "-w";
    }
    g.addLayer(name + "-v", linear(width, c.rank(), false, c.l2(), mode), x);
    g.addLayer(name + "-u", linear(c.rank(), width, true, c.l2(), mode), name + "-v");
    return name + "-u";
  }

  private static DenseLayer linear(int nIn, int nOut, boolean bias, double l2, L2Mode mode) {
    return mode.apply(new DenseLayer.Builder().nIn(nIn).nOut(nOut).hasBias(bias).activation(Activation.IDENTITY), l2)
        .build();
  }
}
