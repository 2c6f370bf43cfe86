package io.sparkctr.models.graph;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparkctr.models.RestoreNd4jDefaults;
import io.sparkctr.models.layers.SparseEmbeddingLayer;
import io.sparkctr.models.layers.TableBinding;
import io.sparkctr.models.tables.EmbeddingTable;
import io.sparkctr.models.tables.ModelTables;
import java.util.List;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.graph.LayerVertex;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Per-field tables: fields 0 and 2 look up in the group "items", fields 1 and 3 in "default"; each
 * group has its own first-order and embedding tables (and, for Wide&amp;Deep, its own dimension).
 * The graphs pass DL4J's gradient check, the FM term pairs fields across groups, the parameter
 * counts follow the per-group dimensions, and one dimension is enforced where FM pairs fields.
 */
@ExtendWith(RestoreNd4jDefaults.class)
class TableGroupsGraphTest {
  static final int FIELDS = CtrGraphGradientTest.FIELDS;
  static final int DENSE = CtrGraphGradientTest.DENSE;
  static final int HASH = CtrGraphGradientTest.HASH;

  /** Two groups; the items group has {@code itemsDim}, the default one 3. */
  static ModelSpec spec(ModelType type, int itemsDim) {
    return CtrGraphGradientTest.spec(type).toBuilder().tables(List.of(
        new TableGroup("items", HASH, itemsDim, List.of(0, 2)),
        new TableGroup(TableGroup.DEFAULT, HASH, 3, List.of(1, 3)))).build();
  }

  static int itemsDimFor(ModelType type) {
    return type.hasFmTerm() ? 3 : 2;
  }

  @ParameterizedTest
  @EnumSource(ModelType.class)
  void gradientsMatchFiniteDifferencesWithTwoGroups(ModelType type) {
    assertTrue(CtrGraphGradientTest.check(spec(type, itemsDimFor(type))), type + " gradient check with two table groups");
  }

  @Test
  void eachGroupHasItsOwnTablesAndTheDefaultGroupKeepsTheOriginalNames() {
    ModelTables t = TableBinding.tablesOf(CtrGraphBuilder.build(spec(ModelType.WIDE_DEEP, 2), DataType.FLOAT));
    assertEquals(List.of("linear-emb-items", "linear-emb", "emb-items", "emb"), List.copyOf(t.names()));
    assertEquals(2, t.table("emb-items").dim());
    assertEquals(3, t.table("emb").dim());
    assertEquals(1, t.table("linear-emb-items").dim());
  }

  @Test
  void fmTermPairsFieldsAcrossGroups() {
    Nd4j.setDefaultDataTypes(DataType.DOUBLE, DataType.DOUBLE);
    ComputationGraph net = CtrGraphBuilder.build(spec(ModelType.FM, 3), DataType.DOUBLE);
    ModelTables tables = TableBinding.tablesOf(net);
    CtrGraphGradientTest.randomizeRows(tables);
    EmbeddingTable[] tableOf = {tables.table("emb-items"), tables.table("emb"), tables.table("emb-items"),
        tables.table("emb")};
    INDArray in = CtrGraphGradientTest.input(5, 9);
    INDArray fm = net.feedForward(in, false).get("fm");
    for (int r = 0; r < 5; r++) {
      double expected = 0;
      for (int a = 0; a < FIELDS; a++) {
        for (int b = a + 1; b < FIELDS; b++) {
          float[] ra = new float[3];
          float[] rb = new float[3];
          tableOf[a].gather(new long[] {in.getInt(r, a)}, 1, ra);
          tableOf[b].gather(new long[] {in.getInt(r, b)}, 1, rb);
          for (int c = 0; c < 3; c++) {
            expected += (double) ra[c] * rb[c];
          }
        }
      }
      assertEquals(expected, fm.getDouble(r, 0), 1e-9);
    }
  }

  @Test
  void theMlpReadsEachGroupAtItsOwnDimension() {
    long linear = 2 + DENSE;
    long mlp = (2L * 2 + 3L * 2 + DENSE) * 5 + 5 + 5 + 1; // items: 2 fields × k 2, default: 2 fields × k 3
    ModelSpec s = spec(ModelType.WIDE_DEEP, 2);
    assertEquals(10, s.embeddingWidth());
    assertEquals(linear + mlp, CtrGraphBuilder.build(s, DataType.FLOAT).numParams());
  }

  @Test
  void selectedFieldsSurviveTheJsonConfiguration() {
    ComputationGraph net = CtrGraphBuilder.build(spec(ModelType.WIDE_DEEP, 2), DataType.FLOAT);
    ComputationGraphConfiguration back = ComputationGraphConfiguration.fromJson(net.getConfiguration().toJson());
    SparseEmbeddingLayer items = (SparseEmbeddingLayer) ((LayerVertex) back.getVertices().get("emb-items"))
        .getLayerConf().getLayer();
    assertArrayEquals(new int[] {0, 2}, items.getSelectedFields());
    assertEquals(2, items.getDim());
  }

  @Test
  void fmNeedsOneDimensionAcrossTables() {
    for (ModelType type : List.of(ModelType.FM, ModelType.DEEPFM)) {
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> spec(type, 2));
      assertTrue(e.getMessage().startsWith("Cannot build model spec: " + type + " pairs the embeddings of every field")
          && e.getMessage().contains("{items=2, default=3}") && e.getMessage().contains("table-dims"), e.getMessage());
    }
    spec(ModelType.WIDE_DEEP, 2); // concatenates: any dimensions
  }

  @Test
  void everyFieldIsInExactlyOneGroup() {
    ModelSpec.Builder base = CtrGraphGradientTest.spec(ModelType.WIDE_DEEP).toBuilder();
    IllegalArgumentException twice = assertThrows(IllegalArgumentException.class, () -> base.tables(List.of(
        new TableGroup("items", HASH, 2, List.of(0, 1)), new TableGroup(TableGroup.DEFAULT, HASH, 3, List.of(1, 2, 3))))
        .build());
    assertTrue(twice.getMessage().contains("field 1 is in table groups items and default"), twice.getMessage());
    IllegalArgumentException none = assertThrows(IllegalArgumentException.class, () -> base.tables(List.of(
        new TableGroup("items", HASH, 2, List.of(0, 2)))).build());
    assertTrue(none.getMessage().contains("field 1 is in no table group"), none.getMessage());
    IllegalArgumentException name = assertThrows(IllegalArgumentException.class,
        () -> new TableGroup("Items!", HASH, 2, List.of(0)));
    assertTrue(name.getMessage().contains("[a-z0-9_]+"), name.getMessage());
  }

  @Test
  void sameArchitectureComparesTheGroups() {
    assertTrue(spec(ModelType.WIDE_DEEP, 2).sameArchitecture(spec(ModelType.WIDE_DEEP, 2)));
    assertTrue(!spec(ModelType.WIDE_DEEP, 2).sameArchitecture(spec(ModelType.WIDE_DEEP, 4)));
    assertTrue(!spec(ModelType.WIDE_DEEP, 2).sameArchitecture(CtrGraphGradientTest.spec(ModelType.WIDE_DEEP)));
  }
}
