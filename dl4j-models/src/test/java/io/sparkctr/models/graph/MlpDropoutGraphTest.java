package io.sparkctr.models.graph;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.sparkctr.models.RestoreNd4jDefaults;
import io.sparkctr.models.layers.FieldDropout;
import io.sparkctr.models.layers.TableBinding;
import io.sparkctr.models.tables.EmbeddingTable;
import io.sparkctr.models.tables.ModelTables;
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
 * Where each dropout acts: {@code input-dropout} and {@code field-dropout} on the MLP's input (the
 * first hidden layer's), {@code dropout} on the later hidden layers' (and the first's when
 * {@code input-dropout} is unset, as before the split), {@code output-dropout} on the output layer's;
 * and the MLP input's layout that {@link FieldDropout} assumes is the graph's.
 */
@ExtendWith(RestoreNd4jDefaults.class)
class MlpDropoutGraphTest {
  static final ModelSpec TWO_GROUPS = TableGroupsGraphTest.spec(ModelType.DEEPFM, 3).toBuilder().hidden(5, 4).build();

  @Test
  void eachDropoutActsWhereItsKeySays() {
    ModelSpec s = TWO_GROUPS.toBuilder().dropout(0.1).inputDropout(0.05).fieldDropout(0.2).outputDropout(0.3).build();
    ComputationGraph net = CtrGraphBuilder.build(s, DataType.FLOAT);
    assertEquals(new FieldDropout(0.2, 0.05, new int[] {3, 3}, new int[] {2, 2}, CtrGraphGradientTest.DENSE),
        dropout(net, "mlp-0"));
    assertEquals(0.9, assertInstanceOf(Dropout.class, dropout(net, "mlp-1")).getP(), 1e-12, "retain probability");
    assertEquals(0.7, assertInstanceOf(Dropout.class, dropout(net, "deep")).getP(), 1e-12);
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

  /** Value c of field f of a group sits at c · fields + f of the group's block, the blocks in group order. */
  @Test
  void theMlpInputIsEachGroupsBlockFlattenedRowMajor() {
    Nd4j.setDefaultDataTypes(DataType.DOUBLE, DataType.DOUBLE);
    ComputationGraph net = CtrGraphBuilder.build(TWO_GROUPS, DataType.DOUBLE);
    ModelTables tables = TableBinding.tablesOf(net);
    CtrGraphGradientTest.randomizeRows(tables);
    INDArray in = CtrGraphGradientTest.input(3, 5);
    INDArray flat = net.feedForward(in, false).get("flat");
    List<TableGroup> groups = TWO_GROUPS.groups();
    for (int r = 0; r < 3; r++) {
      int off = 0;
      for (TableGroup g : groups) {
        EmbeddingTable t = tables.table(g.embeddingTable());
        for (int f = 0; f < g.fields().size(); f++) {
          float[] row = new float[g.dim()];
          t.gather(new long[] {in.getInt(r, g.fields().get(f))}, 1, row);
          for (int c = 0; c < g.dim(); c++) {
            assertEquals(row[c], flat.getDouble(r, off + c * g.fields().size() + f), 1e-6,
                "group " + g.name() + " field " + f + " value " + c);
          }
        }
        off += g.dim() * g.fields().size();
      }
    }
  }

  private static IDropout dropout(ComputationGraph net, String layer) {
    LayerVertex v = (LayerVertex) net.getConfiguration().getVertices().get(layer);
    return ((BaseLayer) v.getLayerConf().getLayer()).getIDropout();
  }
}
