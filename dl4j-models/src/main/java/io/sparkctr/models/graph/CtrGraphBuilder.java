package io.sparkctr.models.graph;

import io.sparkctr.models.layers.IndexColumnsVertex;
import io.sparkctr.models.layers.RowSparseEmbeddingLayer;
import io.sparkctr.models.layers.WeightedBinaryXent;
import java.util.ArrayList;
import java.util.List;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.GradientNormalization;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.distribution.NormalDistribution;
import org.deeplearning4j.nn.conf.graph.ElementWiseVertex;
import org.deeplearning4j.nn.conf.graph.MergeVertex;
import org.deeplearning4j.nn.conf.graph.ReshapeVertex;
import org.deeplearning4j.nn.conf.graph.ScaleVertex;
import org.deeplearning4j.nn.conf.graph.SubsetVertex;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.EmbeddingSequenceLayer;
import org.deeplearning4j.nn.conf.layers.GlobalPoolingLayer;
import org.deeplearning4j.nn.conf.layers.LossLayer;
import org.deeplearning4j.nn.conf.layers.PoolingType;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.learning.config.AdaGrad;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.learning.config.Sgd;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/**
 * Builds the ComputationGraph of a {@link ModelSpec}. One input array per example,
 * {@code [indices (as floats) | dense values]}, split inside the graph, because DL4J's
 * gradient-sharing trainer misbehaves with multiple inputs:
 * <pre>
 *   in ─ idx ─┬─ linear-emb (H×1, bias) ─ field-sum ───────────────┐
 *             │                                                    ├─ add ─ sigmoid / XENT
 *             └─ emb (H×k) ─┬─ fm-2nd-order ───────────────────────┤   (FM, DeepFM)
 *                           └─ flatten ─ [⊕ dense] ─ MLP ─ 1 ──────┘   (Wide&amp;Deep, DeepFM)
 *      └ dense ─ dense-linear (D×1) ──────────────────────────────────┘   (when D &gt; 0)
 * </pre>
 * LR uses the linear part only; FM adds the pairwise term; Wide&amp;Deep adds the MLP to the linear
 * (wide) part; DeepFM shares the k-dim embedding between the FM term and the MLP. Wide L1/L2 apply
 * to the linear weights, deep L1/L2 to embeddings and MLP. Embedding layers get explicit nIn (no
 * setInputTypes: on M2.1 it would overwrite the embedding's nIn with the input width).
 *
 * <p>Only built-in layers and vertices (plus {@link IndexColumnsVertex}) are used: on M2.1 a
 * SameDiff lambda layer after an embedding passes back twice the true input gradient (its own
 * gradient check fails by exactly a factor 2), so sums, the FM term and the flattening are
 * GlobalPooling(SUM), element-wise and reshape vertices.
 */
public final class CtrGraphBuilder {
  public static final String INPUT = "in";
  public static final String OUTPUT = "out";

  private CtrGraphBuilder() {}

  public static ComputationGraph build(ModelSpec spec, DataType dataType) {
    ComputationGraph net = new ComputationGraph(configure(spec, dataType));
    net.init();
    return net;
  }

  public static ComputationGraphConfiguration configure(ModelSpec spec, DataType dataType) {
    int f = spec.fields();
    int d = spec.denseFeatures();
    int k = spec.embeddingDim();
    NeuralNetConfiguration.Builder base = new NeuralNetConfiguration.Builder()
        .seed(spec.seed())
        .dataType(dataType)
        .updater(updater(spec))
        .weightInit(WeightInit.XAVIER);
    if (spec.gradientClip() > 0) {
      base.gradientNormalization(GradientNormalization.ClipElementWiseAbsoluteValue)
          .gradientNormalizationThreshold(spec.gradientClip());
    }
    ComputationGraphConfiguration.GraphBuilder g = base.graphBuilder().addInputs(INPUT);
    g.addVertex("idx", new IndexColumnsVertex(0, f - 1), INPUT);
    List<String> logits = new ArrayList<>();
    g.addLayer("linear-emb", RowSparseEmbeddingLayer.of(new EmbeddingSequenceLayer.Builder().nIn(spec.hashSize()).nOut(1).inputLength(f)
        .hasBias(true).weightInit(new NormalDistribution(0, 1e-3)).l1(spec.wideL1()).l2(spec.wideL2())
        .l1Bias(0).l2Bias(0).build()), "idx");
    g.addLayer("linear", sumOverFields(), "linear-emb");
    logits.add("linear");
    if (d > 0) {
      g.addVertex("dense", new SubsetVertex(f, f + d - 1), INPUT);
      g.addLayer("dense-linear", new DenseLayer.Builder().nIn(d).nOut(1).hasBias(false).activation(Activation.IDENTITY)
          .l1(spec.wideL1()).l2(spec.wideL2()).build(), "dense");
      logits.add("dense-linear");
    }
    if (spec.type().hasEmbeddings()) {
      g.addLayer("emb", RowSparseEmbeddingLayer.of(new EmbeddingSequenceLayer.Builder().nIn(spec.hashSize()).nOut(k).inputLength(f)
          .hasBias(false).weightInit(new NormalDistribution(0, 0.01)).l1(spec.deepL1()).l2(spec.deepL2()).build()),
          "idx");
    }
    if (spec.type().hasFmTerm()) {
      addFmSecondOrder(g, k);
      logits.add("fm");
    }
    if (spec.type().hasMlp()) {
      g.addVertex("flat", new ReshapeVertex(-1, k * f), "emb");
      String last = "flat";
      int width = k * f;
      if (d > 0) {
        g.addVertex("deep-in", new MergeVertex(), "flat", "dense");
        last = "deep-in";
        width += d;
      }
      Activation act = Activation.fromString(spec.activation());
      for (int i = 0; i < spec.hidden().size(); i++) {
        DenseLayer.Builder layer = new DenseLayer.Builder().nIn(width).nOut(spec.hidden().get(i)).activation(act)
            .l1(spec.deepL1()).l2(spec.deepL2());
        if (spec.dropout() > 0) {
          layer.dropOut(1 - spec.dropout()); // DL4J takes the retain probability
        }
        g.addLayer("mlp-" + i, layer.build(), last);
        last = "mlp-" + i;
        width = spec.hidden().get(i);
      }
      g.addLayer("deep", new DenseLayer.Builder().nIn(width).nOut(1).activation(Activation.IDENTITY)
          .l1(spec.deepL1()).l2(spec.deepL2()).build(), last);
      logits.add("deep");
    }
    String logit = logits.get(0);
    if (logits.size() > 1) {
      g.addVertex("logit", new ElementWiseVertex(ElementWiseVertex.Op.Add), logits.toArray(new String[0]));
      logit = "logit";
    }
    LossLayer.Builder loss = spec.positiveWeight() == 1
        ? new LossLayer.Builder(LossFunctions.LossFunction.XENT)
        : new LossLayer.Builder(new WeightedBinaryXent(spec.positiveWeight()));
    g.addLayer(OUTPUT, loss.activation(Activation.SIGMOID).build(), logit);
    return g.setOutputs(OUTPUT).build();
  }

  /** [batch, c, fields] → [batch, c]. */
  private static GlobalPoolingLayer sumOverFields() {
    return new GlobalPoolingLayer.Builder(PoolingType.SUM).collapseDimensions(true).build();
  }

  /**
   * The FM pairwise term ½ Σ_k ((Σ_f v_fk)² − Σ_f v_fk²) from built-in vertices ("fm": [batch, 1]).
   * Squares are products with a ScaleVertex(1) copy, so each factor is its own graph edge.
   */
  private static void addFmSecondOrder(ComputationGraphConfiguration.GraphBuilder g, int k) {
    g.addLayer("fm-sum", sumOverFields(), "emb");
    g.addVertex("fm-sum-copy", new ScaleVertex(1.0), "fm-sum");
    g.addVertex("fm-square-of-sum", new ElementWiseVertex(ElementWiseVertex.Op.Product), "fm-sum", "fm-sum-copy");
    g.addVertex("fm-emb-copy", new ScaleVertex(1.0), "emb");
    g.addVertex("fm-emb-squares", new ElementWiseVertex(ElementWiseVertex.Op.Product), "emb", "fm-emb-copy");
    g.addLayer("fm-sum-of-squares", sumOverFields(), "fm-emb-squares");
    g.addVertex("fm-diff", new ElementWiseVertex(ElementWiseVertex.Op.Subtract), "fm-square-of-sum",
        "fm-sum-of-squares");
    g.addVertex("fm-diff-seq", new ReshapeVertex(-1, 1, k), "fm-diff");
    g.addLayer("fm-total", sumOverFields(), "fm-diff-seq");
    g.addVertex("fm", new ScaleVertex(0.5), "fm-total");
  }

  private static IUpdater updater(ModelSpec spec) {
    return switch (spec.optimizer()) {
      case "adam" -> new Adam(spec.learningRate());
      case "adagrad" -> new AdaGrad(spec.learningRate());
      case "sgd" -> new Sgd(spec.learningRate());
      default -> throw new IllegalArgumentException("Cannot build updater: " + spec.optimizer());
    };
  }
}
