package io.sparkctr.models.graph;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparkctr.models.RestoreNd4jDefaults;
import io.sparkctr.models.layers.TableBinding;
import io.sparkctr.models.tables.EmbeddingTable;
import io.sparkctr.models.tables.LocalTable;
import io.sparkctr.models.tables.ModelTables;
import io.sparkctr.models.tables.TableStep;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
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
 * central finite differences of the summed loss in the row's weights (DL4J's gradient check covers the
 * dense parameters with the tables frozen; this covers the input gradient that reaches the tables, which
 * a SameDiff lambda layer would have doubled).
 */
@ExtendWith(RestoreNd4jDefaults.class)
class CrossNetworkRowGradientTest {
  static final int ROWS = 6;

  /** Delegates reads to {@code rows} and records the gradients handed to it instead of applying them. */
  static final class Recording implements EmbeddingTable {
    final LocalTable rows;
    final Map<Long, float[]> grads = new HashMap<>();

    Recording(LocalTable rows) {
      this.rows = rows;
    }

    @Override
    public int dim() {
      return rows.dim();
    }

    @Override
    public long rows() {
      return rows.rows();
    }

    @Override
    public void gather(long[] ids, int count, float[] out) {
      rows.gather(ids, count, out);
    }

    @Override
    public void applyGradients(long[] ids, float[] g, int count, TableStep step) {
      for (int i = 0; i < count; i++) {
        grads.put(ids[i], java.util.Arrays.copyOfRange(g, i * dim(), (i + 1) * dim()));
      }
    }
  }

  @ParameterizedTest
  @CsvSource({"2, 0, STACKED", "2, 3, PARALLEL"})
  void embeddingRowGradientsMatchFiniteDifferences(int layers, int rank, CrossStructure structure) {
    Nd4j.setDefaultDataTypes(DataType.DOUBLE, DataType.DOUBLE);
    ComputationGraph net = CtrGraphBuilder.build(CrossNetworkGraphTest.spec(layers, rank, structure), DataType.DOUBLE);
    for (Map.Entry<String, INDArray> p : net.paramTable().entrySet()) {
      p.getValue().assign(Nd4j.randn(new Random(p.getKey().hashCode()).nextLong(), p.getValue().shape()).muli(0.5));
    }
    ModelTables local = TableBinding.tablesOf(net);
    CtrGraphGradientTest.randomizeRows(local);
    Map<String, Recording> recorded = new LinkedHashMap<>();
    local.names().forEach(n -> recorded.put(n, new Recording(local.local(n))));
    TableBinding.bind(net, new ModelTables(recorded));
    INDArray in = CtrGraphGradientTest.input(ROWS, 3);
    DataSet batch = new DataSet(in, Nd4j.create(new double[][] {{1}, {0}, {1}, {0}, {0}, {1}}));
    net.setInputs(in);
    net.setLabels(batch.getLabels());
    net.computeGradientAndScore();
    Recording emb = recorded.get(CtrGraphBuilder.EMBEDDING_TABLE);
    int checked = 0;
    for (int f = 0; f < CtrGraphGradientTest.FIELDS; f++) {
      long id = in.getLong(f % ROWS, f);
      for (int c = 0; c < emb.dim(); c++) {
        double numeric = finiteDifference(net, batch, emb.rows, id, c);
        double analytic = emb.grads.get(id)[c];
        assertEquals(numeric, analytic, 1e-3 * Math.max(1e-2, Math.abs(numeric)), "row " + id + " col " + c);
        checked++;
      }
    }
    assertTrue(checked >= 8, "checked " + checked);
  }

  /** d(summed loss)/d row[id][c], by central differences on the (float) row, over the actual step taken. */
  private static double finiteDifference(ComputationGraph net, DataSet batch, LocalTable rows, long id, int c) {
    float[] w = new float[rows.dim()];
    rows.gather(new long[] {id}, 1, w);
    float original = w[c];
    float up = original + 1e-3f;
    float down = original - 1e-3f;
    double[] loss = new double[2];
    float[] at = {up, down};
    for (int i = 0; i < 2; i++) {
      w[c] = at[i];
      rows.setWeights(id, w, 0);
      loss[i] = net.score(batch, false) * ROWS; // the mean loss (plus L2, which the rows do not change) × examples
    }
    w[c] = original;
    rows.setWeights(id, w, 0);
    return (loss[0] - loss[1]) / ((double) up - down);
  }
}
