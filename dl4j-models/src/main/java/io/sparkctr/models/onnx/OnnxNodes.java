package io.sparkctr.models.onnx;

import onnx.Onnx.AttributeProto;
import onnx.Onnx.GraphProto;
import onnx.Onnx.NodeProto;
import onnx.Onnx.TensorProto;
import onnx.Onnx.TensorShapeProto;
import onnx.Onnx.TypeProto;
import onnx.Onnx.ValueInfoProto;

/**
 * A thin writer of an ONNX {@link GraphProto}: nodes with generated output names, small constants as
 * initializers, and the graph's inputs and outputs with a dynamic batch dimension ({@value #BATCH}).
 * Every node is of the default domain; the ops used exist since opset 13 with the signatures of opset 17.
 */
final class OnnxNodes {
  /** The name of the dynamic first dimension of every input and of the output. */
  static final String BATCH = "batch";
  private final GraphProto.Builder graph;
  private int next;

  OnnxNodes(String name) {
    this.graph = GraphProto.newBuilder().setName(name);
  }

  GraphProto.Builder graph() {
    return graph;
  }

  /** Adds node {@code op} over {@code inputs}; returns its one output's name (prefixed by {@code hint}). */
  String op(String op, String hint, String... inputs) {
    return op(op, hint, new AttributeProto[0], inputs);
  }

  /** As {@link #op(String, String, String...)}, with attributes. */
  String op(String op, String hint, AttributeProto[] attributes, String... inputs) {
    String out = hint + "/" + op + "_" + next++;
    NodeProto.Builder n = NodeProto.newBuilder().setOpType(op).setName(out).addOutput(out);
    for (String in : inputs) {
      n.addInput(in);
    }
    for (AttributeProto a : attributes) {
      n.addAttribute(a);
    }
    graph.addNode(n);
    return out;
  }

  /** Adds an initializer; returns its name. */
  String initializer(TensorProto t) {
    graph.addInitializer(t);
    return t.getName();
  }

  /** A constant int64 vector (e.g. axes, shapes, column positions). */
  String longs(String name, long... values) {
    return initializer(OnnxTensors.longs(name + "_" + next++, values));
  }

  /** A constant float scalar of shape [1] (broadcast by the arithmetic ops). */
  String scalar(String name, float value) {
    return initializer(OnnxTensors.floats(name + "_" + next++, new long[] {1}, new float[] {value}));
  }

  /** A graph input of {@code [batch, width]} elements of ONNX type {@code elemType}. */
  void input(String name, int elemType, long width) {
    graph.addInput(value(name, elemType, width));
  }

  /** Makes {@code from} the graph output {@code name} ({@code [batch, width]} floats), through an Identity. */
  void output(String from, String name, long width) {
    graph.addNode(NodeProto.newBuilder().setOpType("Identity").setName(name).addInput(from).addOutput(name));
    graph.addOutput(value(name, TensorProto.DataType.FLOAT_VALUE, width));
  }

  private static ValueInfoProto value(String name, int elemType, long width) {
    TensorShapeProto shape = TensorShapeProto.newBuilder()
        .addDim(TensorShapeProto.Dimension.newBuilder().setDimParam(BATCH))
        .addDim(TensorShapeProto.Dimension.newBuilder().setDimValue(width)).build();
    TypeProto type = TypeProto.newBuilder().setTensorType(TypeProto.Tensor.newBuilder().setElemType(elemType)
        .setShape(shape)).build();
    return ValueInfoProto.newBuilder().setName(name).setType(type).build();
  }

  static AttributeProto intAttr(String name, long v) {
    return AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.INT).setI(v).build();
  }

  static AttributeProto intsAttr(String name, long... v) {
    AttributeProto.Builder a = AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.INTS);
    for (long x : v) {
      a.addInts(x);
    }
    return a.build();
  }

  static AttributeProto floatAttr(String name, float v) {
    return AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.FLOAT).setF(v).build();
  }
}
