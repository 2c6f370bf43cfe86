package io.sparkctr.models.onnx;

import io.sparkctr.models.graph.ModelSpec;
import io.sparkctr.models.graph.TableGroup;
import io.sparkctr.models.tables.EmbeddingTable;
import io.sparkctr.models.tables.ModelTables;
import io.sparkctr.models.tables.Quantization;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import onnx.Onnx.AttributeProto;
import onnx.Onnx.GraphProto;
import org.deeplearning4j.nn.graph.ComputationGraph;

/**
 * The ONNX graph of a trained model, built from its spec (the shape of {@code CtrGraphBuilder}'s graph)
 * and its named parameters: the first-order sum through "linear", the dense values' "dense-linear",
 * FM's pairwise term, the MLP over the flattened field vectors (each group's [k, fields] flattened k-major,
 * as DL4J's reshape of [batch, k, fields]) and dense values, DCN-v2's cross network; the logits added,
 * the sigmoid, then the recalibration p / (p + (1 − p) / r) of the scorer. Dropout is the identity at
 * inference and has no node. Output {@value #OUTPUT}: float [batch, 1].
 */
final class CtrOnnxGraph {
  static final String OUTPUT = "probability";

  private CtrOnnxGraph() {}

  /**
   * @param factor the recalibration factor r ({@code ModelSpec#recalibrationFactor})
   * @param external the model's directory when the tables go beside the model, else null
   */
  static GraphProto build(ModelSpec spec, ComputationGraph net, ModelTables tables, double factor,
                          Quantization quantization, Path external) {
    OnnxNodes g = new OnnxNodes("sparkctr-" + spec.type().configName());
    FieldVectors in = new FieldVectors(g, spec.fields(), spec.layout().bagLengths(), spec.denseFeatures());
    DenseParts dense = new DenseParts(g, net);
    List<TableGroup> groups = spec.groups();
    List<String> firstOrder = new ArrayList<>();
    List<String> vectors = new ArrayList<>();
    for (TableGroup t : groups) {
      EmbeddingTable l = tables.table(t.linearTable());
      var s = TableTensors.add(g, l, t.linearTable(), quantization.quantizes(l), external);
      firstOrder.add(sum(g, in.lookup(t, s), 1, false));
    }
    if (spec.type().hasEmbeddings()) {
      for (TableGroup t : groups) {
        var e = tables.table(t.embeddingTable());
        vectors.add(in.lookup(t, TableTensors.add(g, e, t.embeddingTable(), quantization.quantizes(e), external)));
      }
    }
    List<String> logits = new ArrayList<>();
    logits.add(dense.linear("linear", add(g, "linear-sum", firstOrder)));
    if (spec.denseFeatures() > 0) {
      logits.add(dense.linear("dense-linear", FieldVectors.DENSE));
    }
    if (spec.type().hasFmTerm()) {
      logits.add(fm(g, vectors));
    }
    if (spec.type().hasMlp()) {
      String x0 = deepInput(g, groups, vectors, spec.denseFeatures() > 0);
      int hidden = spec.hidden().size();
      logits.addAll(spec.type().hasCross() ? dense.dcn(x0, spec.cross(), hidden, spec.activation())
          : List.of(dense.mlp(x0, hidden, spec.activation())));
    }
    String p = g.op("Sigmoid", "out", add(g, "logit", logits));
    g.output(recalibrate(g, p, factor), OUTPUT, 1);
    return g.graph().build();
  }

  /** FM's ½ Σ_k ((Σ_f v_fk)² − Σ_f v_fk²), the sums over every group's fields: [batch, 1]. */
  private static String fm(OnnxNodes g, List<String> vectors) {
    List<String> sums = new ArrayList<>();
    List<String> squares = new ArrayList<>();
    for (String v : vectors) {
      sums.add(sum(g, v, 1, false));
      squares.add(sum(g, g.op("Mul", "fm", v, v), 1, false));
    }
    String s = add(g, "fm", sums);
    String diff = g.op("Sub", "fm", g.op("Mul", "fm", s, s), add(g, "fm", squares));
    return g.op("Mul", "fm", sum(g, diff, 1, true), g.scalar("half", 0.5f));
  }

  /** x0: each group's [batch, n, k] as [batch, k·n] (k-major, as DL4J flattens [batch, k, n]), then dense. */
  private static String deepInput(OnnxNodes g, List<TableGroup> groups, List<String> vectors, boolean dense) {
    List<String> flats = new ArrayList<>();
    for (int i = 0; i < groups.size(); i++) {
      TableGroup t = groups.get(i);
      String kn = g.op("Transpose", "flat", new AttributeProto[] {OnnxNodes.intsAttr("perm", 0, 2, 1)}, vectors.get(i));
      flats.add(g.op("Reshape", "flat", kn, g.longs("shape", 0, (long) t.dim() * t.fields().size())));
    }
    if (dense) {
      flats.add(FieldVectors.DENSE);
    }
    return flats.size() == 1 ? flats.get(0)
        : g.op("Concat", "deep-in", new AttributeProto[] {OnnxNodes.intAttr("axis", 1)}, flats.toArray(new String[0]));
  }

  /** p / (p + (1 − p) / r); p itself when r = 1, as {@code CtrMetrics#recalibrate}. */
  private static String recalibrate(OnnxNodes g, String p, double factor) {
    if (factor == 1) {
      return p;
    }
    String rest = g.op("Mul", "recalibrate", g.op("Sub", "recalibrate", g.scalar("one", 1f), p),
        g.scalar("inverse_factor", (float) (1 / factor)));
    return g.op("Div", "recalibrate", p, g.op("Add", "recalibrate", p, rest));
  }

  /** Σ over {@code axis}, which is kept (as 1) when {@code keep}. */
  private static String sum(OnnxNodes g, String x, long axis, boolean keep) {
    return g.op("ReduceSum", "sum", new AttributeProto[] {OnnxNodes.intAttr("keepdims", keep ? 1 : 0)}, x,
        g.longs("axes", axis));
  }

  private static String add(OnnxNodes g, String hint, List<String> xs) {
    String acc = xs.get(0);
    for (int i = 1; i < xs.size(); i++) {
      acc = g.op("Add", hint, acc, xs.get(i));
    }
    return acc;
  }
}
