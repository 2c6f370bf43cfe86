package io.sparkctr.models.onnx;

import io.sparkctr.models.graph.CrossNetwork;
import io.sparkctr.models.graph.CrossStructure;
import java.util.List;
import java.util.Locale;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.activations.Activation;

/**
 * The dense layers of a trained graph as ONNX nodes, by the layer names {@code CtrGraphBuilder} and
 * {@code CrossGraph} give them: x·W + b with DL4J's W [nIn, nOut] (an 'f'-order view, copied row-major),
 * the MLP's activation, and DCN-v2's cross layers x_{l+1} = x0 ⊙ (W_l x_l + b_l) + x_l.
 */
final class DenseParts {
  private final OnnxNodes g;
  private final ComputationGraph net;

  DenseParts(OnnxNodes g, ComputationGraph net) {
    this.g = g;
    this.net = net;
  }

  /** x·W (+ b when the layer has one) of DL4J layer {@code layer}. */
  String linear(String layer, String x) {
    var params = net.getLayer(layer).paramTable();
    String w = g.initializer(OnnxTensors.parameter(layer + ".W", params.get("W"), false));
    String y = g.op("MatMul", layer, x, w);
    if (!params.containsKey("b")) {
      return y;
    }
    String b = g.initializer(OnnxTensors.parameter(layer + ".b", params.get("b"), true));
    return g.op("Add", layer, y, b);
  }

  /** The MLP ("mlp-i" hidden layers, then the logit "deep") over {@code x}. */
  String mlp(String x, int hidden, String activation) {
    Activation act = Activation.fromString(activation);
    for (int i = 0; i < hidden; i++) {
      x = activate(act, "mlp-" + i, linear("mlp-" + i, x));
    }
    return linear("deep", x);
  }

  /** The cross layers over x0; returns x_L. */
  String cross(String x0, CrossNetwork c) {
    String x = x0;
    for (int l = 0; l < c.layers(); l++) {
      String name = "cross-" + l;
      String wx = c.rank() == 0 ? linear(name + "-w", x) : linear(name + "-u", linear(name + "-v", x));
      x = g.op("Add", name, g.op("Mul", name, x0, wx), x);
    }
    return x;
  }

  /** DCN-v2's logits over x0: the cross network then the MLP (stacked), or both over x0 (parallel). */
  List<String> dcn(String x0, CrossNetwork c, int hidden, String activation) {
    String last = cross(x0, c);
    if (c.structure() == CrossStructure.STACKED) {
      return List.of(mlp(last, hidden, activation));
    }
    return List.of(mlp(x0, hidden, activation), linear("cross-out", last));
  }

  private String activate(Activation act, String hint, String x) {
    return switch (act) {
      case IDENTITY -> x;
      case RELU -> g.op("Relu", hint, x);
      case TANH -> g.op("Tanh", hint, x);
      case SIGMOID -> g.op("Sigmoid", hint, x);
      case SOFTPLUS -> g.op("Softplus", hint, x);
      case SELU -> g.op("Selu", hint, x);
      case ELU -> g.op("Elu", hint, new onnx.Onnx.AttributeProto[] {OnnxNodes.floatAttr("alpha", 1f)}, x);
      case LEAKYRELU -> g.op("LeakyRelu", hint, new onnx.Onnx.AttributeProto[] {OnnxNodes.floatAttr("alpha", 0.01f)}, x);
      case SWISH -> g.op("Mul", hint, x, g.op("Sigmoid", hint, x));
      default -> throw new IllegalArgumentException("Cannot export to ONNX: activation "
          + act.name().toLowerCase(Locale.ROOT) + " has no mapping (relu, tanh, sigmoid, softplus, selu, elu, "
          + "leakyrelu, swish, identity have)");
    };
  }
}
