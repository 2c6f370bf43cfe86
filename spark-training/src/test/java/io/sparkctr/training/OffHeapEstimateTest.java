package io.sparkctr.training;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparkctr.models.graph.CrossNetwork;
import io.sparkctr.models.graph.CrossStructure;
import io.sparkctr.models.graph.CtrGraphBuilder;
import io.sparkctr.models.graph.ModelSpec;
import io.sparkctr.models.graph.ModelType;
import io.sparkctr.models.graph.TableGroup;
import io.sparkctr.models.tables.LocalTable;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;
import org.nd4j.linalg.api.buffer.DataType;

/** The sizing rules count exactly the dense parameters the graph has and the bytes of its tables. */
class OffHeapEstimateTest {
  @ParameterizedTest
  @EnumSource(ModelType.class)
  void parameterCountMatchesTheGraph(ModelType type) {
    check(spec(type).build());
  }

  /** Per-field tables: items (2^12 rows, its own dimension except where FM needs one) and default (2^10). */
  @ParameterizedTest
  @EnumSource(ModelType.class)
  void perTableSizesAndDimensionsAreCounted(ModelType type) {
    int itemsDim = type.hasFmTerm() ? 4 : 6;
    check(spec(type).tables(List.of(new TableGroup("items", 1 << 12, itemsDim, List.of(1, 5)),
        new TableGroup(TableGroup.DEFAULT, 1 << 10, 4, List.of(0, 2, 3, 4, 6)))).build());
  }

  /** DCN-v2's cross network in each structure, full and low rank. */
  @ParameterizedTest
  @CsvSource({"3, 0, STACKED", "2, 5, STACKED", "1, 0, PARALLEL", "2, 3, PARALLEL"})
  void crossNetworkParametersAreCounted(int layers, int rank, CrossStructure structure) {
    check(spec(ModelType.DCN_V2).cross(new CrossNetwork(layers, rank, structure, 0)).build());
  }

  private static ModelSpec.Builder spec(ModelType type) {
    return ModelSpec.builder(type, 7, 1 << 10).denseFeatures(2).embeddingDim(4).hidden(16, 8).learningRate(1e-3)
        .seed(1);
  }

  private static void check(ModelSpec s) {
    var net = CtrGraphBuilder.build(s, DataType.FLOAT);
    assertEquals(net.numParams(), OffHeapEstimate.parameters(s));
    assertTrue(OffHeapEstimate.bytesPerTask(s, 1024) > 24L * OffHeapEstimate.parameters(s));
    var tables = io.sparkctr.models.layers.TableBinding.tablesOf(net);
    long floats = 0;
    for (String name : tables.names()) {
      floats += tables.local(name).rows() * (LocalTable.bytesPerRow(tables.local(name).dim(),
          tables.local(name).optimizer()) / 4);
    }
    assertEquals(4 * floats, OffHeapEstimate.tableBytes(s));
  }
}
