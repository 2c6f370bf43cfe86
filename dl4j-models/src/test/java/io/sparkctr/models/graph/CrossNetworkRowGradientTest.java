package io.sparkctr.models.graph;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparkctr.models.RestoreNd4jDefaults;
import io.sparkctr.models.data.Batches;
import io.sparkctr.models.layers.PooledEmbeddingTest;
import io.sparkctr.models.layers.SparseEmbeddingLayerTest.Recording;
import io.sparkctr.models.layers.TableBinding;
import io.sparkctr.models.tables.LocalTable;
import io.sparkctr.models.tables.ModelTables;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.LongStream;
import org.deeplearning4j.gradientcheck.GradientCheckUtil;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The row gradients the embedding table receives through DL4J's backprop of the cross network equal
 * central finite differences of the summed loss in the row's weights: DL4J's gradient check covers the
 * dense parameters with the tables frozen, this the input gradient that reaches the tables (which a
 * SameDiff lambda layer would have doubled). With single-valued fields and dense values, and with pooled
 * multi-valued fields ({@link PooledEmbeddingTest}'s rows: a mean bag and a weighted bag).
 */
@ExtendWith(RestoreNd4jDefaults.class)
class CrossNetworkRowGradientTest {
  static final double[][] LABELS = {{1}, {0}, {1}, {0}, {0}, {1}, {1}, {0}};

  @ParameterizedTest
  @CsvSource({"2, 0, STACKED", "2, 3, PARALLEL"})
  void embeddingRowGradientsMatchFiniteDifferences(int layers, int rank, CrossStructure structure) {
    Nd4j.setDefaultDataTypes(DataType.DOUBLE, DataType.DOUBLE);
    INDArray in = CtrGraphGradientTest.input(LABELS.length, 3);
    long[] ids = LongStream.range(0, CtrGraphGradientTest.FIELDS).map(f -> in.getLong(f, f)).toArray();
    check(CrossNetworkGraphTest.spec(layers, rank, structure), new DataSet(in, Nd4j.create(LABELS)), ids);
  }

  @ParameterizedTest
  @CsvSource({"2, 0, STACKED", "1, 2, PARALLEL"})
  void pooledFieldsRowGradientsMatchFiniteDifferences(int layers, int rank, CrossStructure structure) {
    Nd4j.setDefaultDataTypes(DataType.DOUBLE, DataType.DOUBLE);
    ModelSpec spec = ModelSpec.builder(ModelType.DCN_V2, 2, PooledEmbeddingTest.VOCAB).embeddingDim(3).hidden(5)
        .activation("tanh").optimizer("sgd").learningRate(1.0).seed(7).bagLengths(List.of(4, 2))
        .cross(new CrossNetwork(layers, rank, structure, 1e-3)).build();
    DataSet batch = Batches.of(PooledEmbeddingTest.rows(LABELS.length), null, 0, LABELS.length,
        PooledEmbeddingTest.LAYOUT);
    batch.setLabels(Nd4j.create(LABELS));
    assertTrue(GradientCheckUtil.checkGradients(new GradientCheckUtil.GraphConfig().net(frozen(spec))
        .inputs(new INDArray[] {batch.getFeatures()}).labels(new INDArray[] {batch.getLabels()})
        .epsilon(1e-6).maxRelError(1e-3).minAbsoluteError(1e-8)), "dense parameters with pooled fields");
    check(spec, batch, new long[] {3, 8, 12, 15, 20, 33, 36});
  }

  /** A graph of {@code spec} with weights and rows N(0, 0.5²), its tables frozen (for DL4J's gradient check). */
  static ComputationGraph frozen(ModelSpec spec) {
    ComputationGraph net = CtrGraphBuilder.build(spec, DataType.DOUBLE);
    for (Map.Entry<String, INDArray> p : net.paramTable().entrySet()) {
      p.getValue().assign(Nd4j.randn(new Random(p.getKey().hashCode()).nextLong(), p.getValue().shape()).muli(0.5));
    }
    CtrGraphGradientTest.randomizeRows(TableBinding.tablesOf(net));
    TableBinding.tablesOf(net).setFrozen(true);
    return net;
  }

  /** The embedding table's row gradients for {@code ids} (those the batch looks up) against finite differences. */
  private static void check(ModelSpec spec, DataSet batch, long[] ids) {
    ComputationGraph net = frozen(spec);
    ModelTables local = TableBinding.tablesOf(net);
    Map<String, Recording> recorded = new LinkedHashMap<>();
    local.names().forEach(n -> recorded.put(n, new Recording(local.local(n))));
    TableBinding.bind(net, new ModelTables(recorded));
    net.setInputs(batch.getFeatures());
    net.setLabels(batch.getLabels());
    net.computeGradientAndScore();
    Recording emb = recorded.get(CtrGraphBuilder.EMBEDDING_TABLE);
    int checked = 0;
    for (long id : ids) {
      for (int c = 0; c < emb.dim(); c++) {
        double numeric = finiteDifference(net, batch, emb.rows, id, c);
        float[] got = emb.grads.get(id);
        double analytic = got == null ? 0 : got[c];
        assertEquals(numeric, analytic, 1e-3 * Math.max(1e-2, Math.abs(numeric)), "row " + id + " col " + c);
        checked += got == null ? 0 : 1;
      }
    }
    assertTrue(checked >= 2 * ids.length, "rows the batch looked up: " + checked);
  }

  /** d(summed loss)/d row[id][c], by central differences on the (float) row over the step actually taken. */
  private static double finiteDifference(ComputationGraph net, DataSet batch, LocalTable rows, long id, int c) {
    float[] w = new float[rows.dim()];
    rows.gather(new long[] {id}, 1, w);
    float original = w[c];
    float[] at = {original + 1e-3f, original - 1e-3f};
    double[] loss = new double[2];
    for (int i = 0; i < 2; i++) {
      w[c] = at[i];
      rows.setWeights(id, w, 0);
      loss[i] = net.score(batch, false) * batch.numExamples(); // mean loss (+ L2, which rows do not change) × examples
    }
    w[c] = original;
    rows.setWeights(id, w, 0);
    return (loss[0] - loss[1]) / ((double) at[0] - at[1]);
  }
}
