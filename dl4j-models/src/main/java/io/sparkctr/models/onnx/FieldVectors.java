package io.sparkctr.models.onnx;

import io.sparkctr.models.graph.TableGroup;
import java.util.ArrayList;
import java.util.List;
import onnx.Onnx.AttributeProto;
import onnx.Onnx.TensorProto;

/**
 * The graph's inputs and the table lookups over them, as the sparse layers compute them: for a table
 * group, its fields' rows as {@code [batch, fields, k]} in the group's field order, a pooled field's
 * rows summed with their weights into one field vector (padding has weight 0, so it adds nothing).
 * <pre>
 *   indices           int64 [batch, F]   the slots' indices (each in its group's table)
 *   bag_b_ids         int64 [batch, L_b] pooled field b's item indices, padded (with index 0)
 *   bag_b_weights     float [batch, L_b] their pooling weights, 0 at the padding
 *   dense             float [batch, D]   the dense values
 * </pre>
 */
final class FieldVectors {
  static final String INDICES = "indices";
  static final String DENSE = "dense";
  private final OnnxNodes g;
  private final int slots;

  FieldVectors(OnnxNodes g, int slots, int[] bagLengths, int dense) {
    this.g = g;
    this.slots = slots;
    if (slots > 0) {
      g.input(INDICES, TensorProto.DataType.INT64_VALUE, slots);
    }
    for (int b = 0; b < bagLengths.length; b++) {
      g.input(bagIds(b), TensorProto.DataType.INT64_VALUE, bagLengths[b]);
      g.input(bagWeights(b), TensorProto.DataType.FLOAT_VALUE, bagLengths[b]);
    }
    if (dense > 0) {
      g.input(DENSE, TensorProto.DataType.FLOAT_VALUE, dense);
    }
  }

  static String bagIds(int b) {
    return "bag_" + b + "_ids";
  }

  static String bagWeights(int b) {
    return "bag_" + b + "_weights";
  }

  /** Group {@code t}'s field vectors from table {@code s}: [batch, fields of t, s.dim()], in t's field order. */
  String lookup(TableGroup t, TableTensors.Stored s) {
    List<Integer> own = t.fields().stream().filter(f -> f < slots).toList();
    List<Integer> order = new ArrayList<>(own);
    List<String> parts = new ArrayList<>();
    if (!own.isEmpty()) {
      boolean all = own.size() == slots && own.equals(order.stream().sorted().toList());
      String idx = all ? INDICES : g.op("Gather", s.name(), new AttributeProto[] {OnnxNodes.intAttr("axis", 1)},
          INDICES, g.longs("columns", own.stream().mapToLong(Integer::longValue).toArray()));
      parts.add(rows(s, idx));
    }
    for (int f : t.fields()) {
      if (f >= slots) {
        order.add(f);
        parts.add(pooled(s, f - slots));
      }
    }
    String v = parts.size() == 1 ? parts.get(0)
        : g.op("Concat", s.name(), new AttributeProto[] {OnnxNodes.intAttr("axis", 1)}, parts.toArray(new String[0]));
    if (order.equals(t.fields())) {
      return v;
    }
    long[] perm = t.fields().stream().mapToLong(order::indexOf).toArray();
    return g.op("Gather", s.name(), new AttributeProto[] {OnnxNodes.intAttr("axis", 1)}, v, g.longs("order", perm));
  }

  /** Σ_j w_j · row(id_j) of pooled field b: [batch, 1, k]. */
  private String pooled(TableTensors.Stored s, int b) {
    String rows = rows(s, bagIds(b));
    String w = g.op("Unsqueeze", s.name(), bagWeights(b), g.longs("axes", 2));
    String weighted = g.op("Mul", s.name(), rows, w);
    return g.op("ReduceSum", s.name(), new AttributeProto[] {OnnxNodes.intAttr("keepdims", 1)}, weighted,
        g.longs("axes", 1));
  }

  /** The rows of {@code idx} ([batch, n] int64): [batch, n, k], dequantized when the table is int8. */
  private String rows(TableTensors.Stored s, String idx) {
    String n = s.name();
    if (!s.quantized()) {
      return g.op("Gather", n, n, idx);
    }
    AttributeProto[] toFloat = {OnnxNodes.intAttr("to", TensorProto.DataType.FLOAT_VALUE)};
    String q = g.op("Cast", n, toFloat, g.op("Gather", n, n + "_q", idx));
    String scale = g.op("Cast", n, toFloat, g.op("Gather", n, n + "_scale", idx));
    String bias = g.op("Cast", n, toFloat, g.op("Gather", n, n + "_bias", idx));
    return g.op("Add", n, g.op("Mul", n, q, scale), bias);
  }
}
