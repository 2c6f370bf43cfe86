package io.sparkctr.models.graph;

import io.sparkctr.models.data.InputLayout;
import io.sparkctr.models.layers.FieldDropoutVertex;
import io.sparkctr.models.layers.IndexColumnsVertex;
import io.sparkctr.models.layers.ReusingDenseLayer;
import io.sparkctr.models.layers.SparseEmbeddingLayer;
import io.sparkctr.models.layers.TableBinding;
import io.sparkctr.models.layers.WeightedBinaryXent;
import io.sparkctr.models.tables.LocalTable;
import io.sparkctr.models.tables.ModelTables;
import io.sparkctr.models.tables.TableOptimizer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.GradientNormalization;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.dropout.Dropout;
import org.deeplearning4j.nn.conf.dropout.IDropout;
import org.deeplearning4j.nn.conf.graph.ElementWiseVertex;
import org.deeplearning4j.nn.conf.graph.MergeVertex;
import org.deeplearning4j.nn.conf.graph.ReshapeVertex;
import org.deeplearning4j.nn.conf.graph.ScaleVertex;
import org.deeplearning4j.nn.conf.graph.SubsetVertex;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.GlobalPoolingLayer;
import org.deeplearning4j.nn.conf.layers.LossLayer;
import org.deeplearning4j.nn.conf.layers.PoolingType;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/**
 * Builds the ComputationGraph of a {@link ModelSpec} and its tables. One input array per example,
 * {@code [ids as two floats each | dense values]} (see {@code Batches}), split inside the graph,
 * because DL4J's gradient-sharing trainer misbehaves with multiple inputs:
 * <pre>
 *   in ─ idx ─┬─ linear-emb (table H×1) ─ field-sum ─ linear (a·x + b) ┐
 *             │                                                     ├─ add ─ sigmoid / XENT
 *             └─ emb (table H×k) ─┬─ fm-2nd-order ──────────────────┤   (FM, DeepFM)
 *                                 └─ flatten ─ [⊕ dense] ─ MLP ─ 1 ─┤   (Wide&amp;Deep, DeepFM)
 *                                       x0 ─ cross ─ MLP ─ 1 ───────┤   (DCN-v2 stacked)
 *                                       x0 ┬ cross ─ 1 ─────────────┤   (DCN-v2 parallel)
 *                                          └ MLP ─ 1 ───────────────┘
 *      └ dense ─ dense-linear (D×1) ───────────────────────────────────┘   (when D &gt; 0)
 * </pre>
 * A multi-valued field is pooled by the sparse layers into one field vector (and one first-order
 * weight), so FM's pairwise term and the MLP see it as one more field (as DeepCTR's VarLenSparseFeat).
 * LR uses the linear part only; FM adds the pairwise term; Wide&amp;Deep adds the MLP to the linear
 * (wide) part; DeepFM shares the k-dim embedding between the FM term and the MLP; DCN-v2 runs the cross
 * network of {@link CrossNetwork} ({@link CrossGraph}) over the MLP's input x0, before the MLP or beside
 * it, with L2 {@code cross-l2} on its weights. The two tables
 * live outside DL4J ({@link SparseEmbeddingLayer}) with their own sparse optimizers
 * ({@link ModelSpec#linearTable()}, {@link ModelSpec#embeddingTable()}); everything else is dense
 * and trained by DL4J's updater, with wide L1/L2 on the dense-linear weights and deep L1/L2 on the
 * MLP (each L2 as {@link ModelSpec#l2Mode()} says). The global bias is the bias of "linear", a 1×1
 * dense layer whose weight (a learned scale of the first-order sum, initialized to 1) is the only
 * other parameter there.
 *
 * <p>With per-field tables ({@link ModelSpec#groups()}, one {@link TableGroup} per index space of the
 * features) each group has its own pair of tables and sparse layers over its fields ("linear-emb-g",
 * "emb-g"; the group "default" keeps the names above): the first-order sums are added, FM's two sums
 * over fields are the sums of the groups' sums (one dimension, checked by the spec), and the MLP
 * reads the groups' flattened embeddings side by side, each at its own dimension.
 *
 * <p>Apart from the sparse layers, only built-in layers and vertices (plus {@link IndexColumnsVertex})
 * are used: on M2.1 a SameDiff lambda layer after an embedding passes back twice the true input
 * gradient (its own gradient check fails by exactly a factor 2), so sums, the FM term and the
 * flattening are GlobalPooling(SUM), element-wise and reshape vertices.
 */
public final class CtrGraphBuilder {
  public static final String INPUT = "in";
  public static final String OUTPUT = "out";

  private CtrGraphBuilder() {}

  /** Names of the tables: the first-order weights (k = 1) and the k-dim embeddings. */
  public static final String LINEAR_TABLE = "linear-emb";
  public static final String EMBEDDING_TABLE = "emb";

  /** The graph, initialized, bound to new tables ({@link #newTables}). */
  public static ComputationGraph build(ModelSpec spec, DataType dataType) {
    return build(spec, dataType, false);
  }

  /** As {@link #build(ModelSpec, DataType)}, with {@link #newTables(ModelSpec, boolean) deferred} tables. */
  public static ComputationGraph build(ModelSpec spec, DataType dataType, boolean deferredTables) {
    NativeBackend.logOnce();
    ComputationGraph net = new ComputationGraph(configure(spec, dataType));
    net.init();
    TableBinding.bind(net, newTables(spec, deferredTables));
    return net;
  }

  /**
   * Fresh tables of a spec: first-order weights at 0 (FTRL's start), embeddings N(0, 0.01²)
   * seeded by the spec's seed.
   */
  public static ModelTables newTables(ModelSpec spec) {
    return newTables(spec, false);
  }

  /**
   * As {@link #newTables(ModelSpec)}; {@code deferred}: the rows are allocated only when first used
   * ({@link LocalTable#deferred}), e.g. by a driver whose executors own them.
   */
  public static ModelTables newTables(ModelSpec spec, boolean deferred) {
    Map<String, LocalTable> tables = new LinkedHashMap<>();
    for (TableGroup g : spec.groups()) {
      tables.put(g.linearTable(), table(g.linearTable(), g.rows(), 1, spec.linearTable(g), deferred));
    }
    if (spec.type().hasEmbeddings()) {
      for (TableGroup g : spec.groups()) {
        LocalTable emb = table(g.embeddingTable(), g.rows(), g.dim(), spec.embeddingTable(g), deferred);
        emb.initialize(0.01, TableGroup.DEFAULT.equals(g.name()) ? spec.seed() : spec.seed() ^ g.name().hashCode());
        tables.put(g.embeddingTable(), emb);
      }
    }
    return new ModelTables(tables);
  }

  private static LocalTable table(String name, long rows, int dim, TableOptimizer o, boolean deferred) {
    return deferred ? LocalTable.deferred(name, rows, dim, o) : new LocalTable(name, rows, dim, o);
  }

  public static ComputationGraphConfiguration configure(ModelSpec spec, DataType dataType) {
    InputLayout layout = spec.layout();
    int[] bags = layout.bagLengths();
    int s = layout.fields();
    int ids = layout.idColumns();
    int d = spec.denseFeatures();
    List<TableGroup> groups = spec.groups();
    boolean one = groups.size() == 1;
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
    g.addVertex("idx", new IndexColumnsVertex(0, ids - 1), INPUT);
    List<String> logits = new ArrayList<>();
    List<String> linearSums = new ArrayList<>();
    for (TableGroup t : groups) {
      g.addLayer(t.linearTable(), lookup(t, t.linearTable(), 1, s, bags, one), "idx");
      String sum = one ? "linear-sum" : "linear-sum-" + t.name();
      g.addLayer(sum, sumOverFields(), t.linearTable());
      linearSums.add(sum);
    }
    if (!one) {
      g.addVertex("linear-sum", new ElementWiseVertex(ElementWiseVertex.Op.Add), linearSums.toArray(new String[0]));
    }
    g.addLayer("linear", new DenseLayer.Builder().nIn(1).nOut(1).hasBias(true).weightInit(WeightInit.ONES)
        .activation(Activation.IDENTITY).build(), "linear-sum");
    logits.add("linear");
    if (d > 0) {
      g.addVertex("dense", new SubsetVertex(ids, ids + d - 1), INPUT);
      g.addLayer("dense-linear", spec.l2Mode().apply(new DenseLayer.Builder().nIn(d).nOut(1).hasBias(false)
          .activation(Activation.IDENTITY).l1(spec.wideL1()), spec.wideL2()).build(), "dense");
      logits.add("dense-linear");
    }
    if (spec.type().hasEmbeddings()) {
      for (TableGroup t : groups) {
        g.addLayer(t.embeddingTable(), lookup(t, t.embeddingTable(), t.dim(), s, bags, one), "idx");
        if (spec.fieldDropout() > 0) {
          g.addVertex(embeddings(spec, t), new FieldDropoutVertex(spec.fieldDropout()), t.embeddingTable());
        }
      }
    }
    if (spec.type().hasFmTerm()) {
      addFmSecondOrder(g, spec, groups);
      logits.add("fm");
    }
    if (spec.type().hasMlp()) {
      logits.addAll(addDeep(g, spec, groups, d));
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

  /** DL4J's element-wise dropout of drop probability {@code p} (it takes the retain probability), or null for 0. */
  private static IDropout dropout(double p) {
    return p > 0 ? new Dropout(1 - p) : null;
  }

  /**
   * The vertex whose output is group {@code t}'s field vectors ({@code [batch, k, fields]}) for the FM
   * term, the MLP and the cross network: the embedding layer, or its {@link FieldDropoutVertex}.
   */
  private static String embeddings(ModelSpec spec, TableGroup t) {
    return spec.fieldDropout() > 0 ? t.embeddingTable() + "-field-dropout" : t.embeddingTable();
  }

  /**
   * The deep part over x0 = the flattened field vectors [⊕ dense values]: the MLP ending in the logit
   * "deep", with DCN-v2's cross network ({@link CrossGraph}) before it (stacked) or beside it (parallel,
   * its own logit). Returns the logits it added.
   */
  private static List<String> addDeep(ComputationGraphConfiguration.GraphBuilder g, ModelSpec spec,
                                      List<TableGroup> groups, int d) {
    boolean one = groups.size() == 1;
    List<String> flats = new ArrayList<>();
    for (TableGroup t : groups) {
      String flat = one ? "flat" : "flat-" + t.name();
      g.addVertex(flat, new ReshapeVertex(-1, t.dim() * t.fields().size()), embeddings(spec, t));
      flats.add(flat);
    }
    if (!one) {
      g.addVertex("flat", new MergeVertex(), flats.toArray(new String[0]));
    }
    String x0 = "flat";
    int width = spec.embeddingWidth() + d;
    if (d > 0) {
      g.addVertex("deep-in", new MergeVertex(), "flat", "dense");
      x0 = "deep-in";
    }
    if (!spec.type().hasCross()) {
      addMlp(g, spec, x0, width);
      return List.of("deep");
    }
    String crossed = CrossGraph.addLayers(g, spec.cross(), spec.l2Mode(), x0, width);
    if (spec.cross().structure() == CrossStructure.STACKED) {
      addMlp(g, spec, crossed, width);
      return List.of("deep");
    }
    CrossGraph.addOutput(g, spec.cross(), spec.l2Mode(), crossed, width);
    addMlp(g, spec, x0, width);
    return List.of("deep", CrossGraph.OUTPUT);
  }

  /**
   * The MLP over {@code in} (of width {@code width}): hidden layers "mlp-i", then the logit "deep"; its dropouts.
   * A layer whose output no dropout changes (the next layer has none) and whose activation allows it reuses its
   * forward pass's output in the backward pass ({@link ReusingDenseLayer}).
   */
  private static void addMlp(ComputationGraphConfiguration.GraphBuilder g, ModelSpec spec, String in, int width) {
    Activation act = Activation.fromString(spec.activation());
    String last = in;
    int n = spec.hidden().size();
    for (int i = 0; i < n; i++) {
      DenseLayer.Builder layer = spec.l2Mode().apply(new DenseLayer.Builder().nIn(width).nOut(spec.hidden().get(i))
          .activation(act).l1(spec.deepL1()), spec.deepL2());
      IDropout drop = dropout(i == 0 ? spec.mlpInputDropout() : spec.dropout());
      if (drop != null) {
        layer.dropOut(drop);
      }
      double nextDropout = i + 1 < n ? spec.dropout() : spec.outputDropout();
      g.addLayer("mlp-" + i, reusing(layer.build(), nextDropout == 0), last);
      last = "mlp-" + i;
      width = spec.hidden().get(i);
    }
    DenseLayer.Builder out = spec.l2Mode().apply(new DenseLayer.Builder().nIn(width).nOut(1)
        .activation(Activation.IDENTITY).l1(spec.deepL1()), spec.deepL2());
    if (spec.outputDropout() > 0) {
      out.dropOut(dropout(spec.outputDropout()));
    }
    g.addLayer("deep", reusing(out.build(), true), last); // its output goes to the logit's sum, never changed
  }

  /** {@code d} as a {@link ReusingDenseLayer} when {@code outputKept} and its activation allows, else as it is. */
  private static DenseLayer reusing(DenseLayer d, boolean outputKept) {
    return outputKept && ReusingDenseLayer.reusable(d) ? ReusingDenseLayer.of(d) : d;
  }

  /** [batch, c, fields] → [batch, c]. */
  private static GlobalPoolingLayer sumOverFields() {
    return new GlobalPoolingLayer.Builder(PoolingType.SUM).collapseDimensions(true).build();
  }

  /**
   * The sparse layer of table {@code name} of group {@code t}: over every field when the model has one
   * group (the configuration of models before groups), else over the group's fields.
   */
  private static SparseEmbeddingLayer lookup(TableGroup t, String name, int dim, int slots, int[] bags, boolean one) {
    return one ? new SparseEmbeddingLayer(name, dim, slots, bags)
        : new SparseEmbeddingLayer(name, dim, slots, bags, t.fieldArray());
  }

  /**
   * The FM pairwise term ½ Σ_k ((Σ_f v_fk)² − Σ_f v_fk²) from built-in vertices ("fm": [batch, 1]).
   * Squares are products with a ScaleVertex(1) copy, so each factor is its own graph edge. With
   * several groups (one dimension k, checked by {@link ModelSpec}) both sums over fields are sums of
   * the groups' sums.
   */
  private static void addFmSecondOrder(ComputationGraphConfiguration.GraphBuilder g, ModelSpec spec,
                                       List<TableGroup> groups) {
    boolean one = groups.size() == 1;
    List<String> sums = new ArrayList<>();
    List<String> squareSums = new ArrayList<>();
    for (TableGroup t : groups) {
      String emb = embeddings(spec, t);
      // one group: the names of models before groups; else "fm-<group>-..." (a group name has no '-', so
      // these never meet the fixed names such as fm-sum-copy)
      String prefix = one ? "fm-" : "fm-" + t.name() + "-";
      g.addLayer(prefix + "sum", sumOverFields(), emb);
      g.addVertex(prefix + "emb-copy", new ScaleVertex(1.0), emb);
      g.addVertex(prefix + "emb-squares", new ElementWiseVertex(ElementWiseVertex.Op.Product), emb,
          prefix + "emb-copy");
      g.addLayer(prefix + "sum-of-squares", sumOverFields(), prefix + "emb-squares");
      sums.add(prefix + "sum");
      squareSums.add(prefix + "sum-of-squares");
    }
    if (!one) {
      g.addVertex("fm-sum", new ElementWiseVertex(ElementWiseVertex.Op.Add), sums.toArray(new String[0]));
      g.addVertex("fm-sum-of-squares", new ElementWiseVertex(ElementWiseVertex.Op.Add),
          squareSums.toArray(new String[0]));
    }
    int k = groups.get(0).dim();
    g.addVertex("fm-sum-copy", new ScaleVertex(1.0), "fm-sum");
    g.addVertex("fm-square-of-sum", new ElementWiseVertex(ElementWiseVertex.Op.Product), "fm-sum", "fm-sum-copy");
    g.addVertex("fm-diff", new ElementWiseVertex(ElementWiseVertex.Op.Subtract), "fm-square-of-sum",
        "fm-sum-of-squares");
    g.addVertex("fm-diff-seq", new ReshapeVertex(-1, 1, k), "fm-diff");
    g.addLayer("fm-total", sumOverFields(), "fm-diff-seq");
    g.addVertex("fm", new ScaleVertex(0.5), "fm-total");
  }

  private static IUpdater updater(ModelSpec spec) {
    return DenseOptimizer.parse(spec.optimizer()).updater(spec.learningRate());
  }
}
