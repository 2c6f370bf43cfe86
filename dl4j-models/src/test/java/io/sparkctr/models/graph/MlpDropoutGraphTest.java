package io.sparkctr.models.graph;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.sparkctr.models.RestoreNd4jDefaults;
import io.sparkctr.models.layers.FieldDropoutVertex;
import io.sparkctr.models.layers.TableBinding;
import java.util.List;
import org.deeplearning4j.nn.conf.dropout.Dropout;
import org.deeplearning4j.nn.conf.dropout.IDropout;
import org.deeplearning4j.nn.conf.graph.LayerVertex;
import org.deeplearning4j.nn.conf.layers.BaseLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Where each dropout acts: {@code input-dropout} on the MLP's input (the first hidden layer's),
 * {@code dropout} on the later hidden layers' (and the first's when {@code input-dropout} is unset, as
 * before the split), {@code output-dropout} on the output layer's, {@code field-dropout} on the field
 * vectors every consumer reads ({@link FieldDropoutVertex}).
 */
@ExtendWith(RestoreNd4jDefaults.class)
class MlpDropoutGraphTest {
  static final ModelSpec TWO_GROUPS = TableGroupsGraphTest.spec(ModelType.DEEPFM, 3).toBuilder().hidden(5, 4).build();

  @Test
  void eachDropoutActsWhereItsKeySays() {
    ModelSpec s = TWO_GROUPS.toBuilder().dropout(0.1).inputDropout(0.05).fieldDropout(0.2).outputDropout(0.3).build();
    ComputationGraph net = CtrGraphBuilder.build(s, DataType.FLOAT);
    assertEquals(0.95, assertInstanceOf(Dropout.class, dropout(net, "mlp-0")).getP(), 1e-12, "retain probability");
    assertEquals(0.9, assertInstanceOf(Dropout.class, dropout(net, "mlp-1")).getP(), 1e-12);
    assertEquals(0.7, assertInstanceOf(Dropout.class, dropout(net, "deep")).getP(), 1e-12);
    var vertices = net.getConfiguration().getVertices();
    var inputs = net.getConfiguration().getVertexInputs();
    for (String emb : List.of("emb-items", "emb")) {
      assertEquals(new FieldDropoutVertex(0.2), vertices.get(emb + "-field-dropout"));
      assertEquals(List.of(emb), inputs.get(emb + "-field-dropout"));
    }
    // every consumer of the field vectors reads them after the field dropout: the FM term and the MLP
    assertEquals(List.of("emb-items-field-dropout"), inputs.get("fm-items-sum"));
    assertEquals(List.of("emb-field-dropout"), inputs.get("flat-default"));
  }

  /** In training a field's k values are all kept (scaled by 1/(1 − p)) or all dropped; at inference all pass. */
  @Test
  void aFieldIsDroppedWholeInTrainingOnly() {
    Nd4j.setDefaultDataTypes(DataType.DOUBLE, DataType.DOUBLE);
    ComputationGraph net = CtrGraphBuilder.build(TWO_GROUPS.toBuilder().fieldDropout(0.5).build(), DataType.DOUBLE);
    CtrGraphGradientTest.randomizeRows(TableBinding.tablesOf(net));
    INDArray in = CtrGraphGradientTest.input(200, 3);
    var train = net.feedForward(in, true);
    INDArray emb = train.get("emb-items");
    INDArray dropped = train.get("emb-items-field-dropout");
    int zero = 0;
    for (int r = 0; r < 200; r++) {
      for (int f = 0; f < 2; f++) {
        boolean gone = dropped.getDouble(r, 0, f) == 0;
        zero += gone ? 1 : 0;
        for (int c = 0; c < 3; c++) {
          assertEquals(gone ? 0 : 2 * emb.getDouble(r, c, f), dropped.getDouble(r, c, f), 1e-12, r + "," + c + "," + f);
        }
      }
    }
    assertEquals(200, zero, 4 * Math.sqrt(100), "about half the fields dropped");
    var inference = net.feedForward(in, false);
    assertEquals(inference.get("emb-items"), inference.get("emb-items-field-dropout"));
  }

  @Test
  void theFieldDropoutVertexSurvivesTheConfigurationsJson() {
    var conf = CtrGraphBuilder.build(TWO_GROUPS.toBuilder().fieldDropout(0.2).build(), DataType.FLOAT)
        .getConfiguration();
    assertEquals(conf, org.deeplearning4j.nn.conf.ComputationGraphConfiguration.fromJson(conf.toJson()));
  }

  @Test
  void dropoutAloneActsOnEveryHiddenLayersInputAsBefore() {
    ComputationGraph net = CtrGraphBuilder.build(TWO_GROUPS.toBuilder().dropout(0.25).build(), DataType.FLOAT);
    assertEquals(0.75, assertInstanceOf(Dropout.class, dropout(net, "mlp-0")).getP(), 1e-12);
    assertEquals(0.75, assertInstanceOf(Dropout.class, dropout(net, "mlp-1")).getP(), 1e-12);
    assertNull(dropout(net, "deep"));
    ComputationGraph none = CtrGraphBuilder.build(TWO_GROUPS, DataType.FLOAT);
    assertNull(dropout(none, "mlp-0"));
    assertNull(dropout(none, "mlp-1"));
  }

  private static IDropout dropout(ComputationGraph net, String layer) {
    LayerVertex v = (LayerVertex) net.getConfiguration().getVertices().get(layer);
    return ((BaseLayer) v.getLayerConf().getLayer()).getIDropout();
  }
}
