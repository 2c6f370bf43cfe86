package io.sparkctr.models.layers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparkctr.models.RestoreNd4jDefaults;
import io.sparkctr.models.data.Batches;
import io.sparkctr.models.data.FeatureRow;
import io.sparkctr.models.data.InputLayout;
import io.sparkctr.models.graph.CtrGraphBuilder;
import io.sparkctr.models.graph.ModelSpec;
import io.sparkctr.models.graph.ModelType;
import io.sparkctr.models.tables.LocalTable;
import io.sparkctr.models.tables.ModelTables;
import io.sparkctr.models.tables.TableOptimizer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Pooled (multi-valued) fields in the sparse embedding layer: the pooled field vector equals
 * Σ w_i · row(id_i) computed by hand, padding is neither read nor updated, and the row gradients
 * spread back to the items equal finite differences of the loss.
 */
@ExtendWith(RestoreNd4jDefaults.class)
public class PooledEmbeddingTest {
  public static final int VOCAB = 40;
  static final int K = 3;
  public static final InputLayout LAYOUT = new InputLayout(2, new int[] {4, 2}, 0);

  /** Row r: singles {r % 7, 7 + r % 5}, a mean bag of 1..4 items, a weighted bag of 1..2 items. */
  public static List<FeatureRow> rows(int n) {
    List<FeatureRow> out = new ArrayList<>();
    Random rnd = new Random(5);
    for (int r = 0; r < n; r++) {
      int len = 1 + r % 4;
      int[] bag = new int[len];
      float[] mean = new float[len];
      for (int i = 0; i < len; i++) {
        bag[i] = 12 + rnd.nextInt(20);
        mean[i] = 1f / len;
      }
      int len2 = 1 + r % 2;
      int[] bag2 = new int[len2];
      float[] w2 = new float[len2];
      for (int i = 0; i < len2; i++) {
        bag2[i] = 32 + rnd.nextInt(8);
        w2[i] = 0.5f + i;
      }
      out.add(new FeatureRow(r % 2, r, new int[] {r % 7, 7 + r % 5}, null, null, new int[][] {bag, bag2},
          new float[][] {mean, w2}));
    }
    return out;
  }

  static LocalTable table(long seed) {
    LocalTable t = new LocalTable("t", VOCAB, K, new TableOptimizer("sgd", 1, 0, 0));
    Random rnd = new Random(seed);
    for (int v = 0; v < VOCAB; v++) {
      float[] row = new float[K];
      for (int c = 0; c < K; c++) {
        row[c] = (float) rnd.nextGaussian();
      }
      t.setWeights(v, row, 0);
    }
    return t;
  }

  static ComputationGraph net(LocalTable t) {
    ComputationGraph net = SparseEmbeddingLayerTest.graph(new SparseEmbeddingLayer("t", K, 2, new int[] {4, 2}));
    TableBinding.bind(net, new ModelTables(Map.of("t", t)));
    return net;
  }

  @Test
  void aPooledFieldIsTheWeightedSumOfItsItemsRows() {
    Nd4j.setDefaultDataTypes(DataType.DOUBLE, DataType.DOUBLE);
    LocalTable t = table(1);
    ComputationGraph net = net(t);
    List<FeatureRow> rows = rows(12);
    DataSet ds = Batches.of(rows, null, 0, rows.size(), LAYOUT);
    assertEquals(LAYOUT.width(), ds.getFeatures().size(1));
    INDArray emb = net.feedForward(ds.getFeatures(), false).get("emb"); // [rows, K, 4 fields]
    assertEquals(List.of(12L, (long) K, 4L), List.of(emb.size(0), emb.size(1), emb.size(2)));
    float[] row = new float[K];
    for (int r = 0; r < rows.size(); r++) {
      FeatureRow fr = rows.get(r);
      for (int field = 0; field < 4; field++) {
        double[] expected = new double[K];
        int[] ids = field < 2 ? new int[] {fr.indices[field]} : fr.bags[field - 2];
        float[] w = field < 2 ? new float[] {1f} : fr.bagWeights[field - 2];
        for (int i = 0; i < ids.length; i++) {
          t.gather(new long[] {ids[i]}, 1, row);
          for (int c = 0; c < K; c++) {
            expected[c] += w[i] * row[c];
          }
        }
        for (int c = 0; c < K; c++) {
          assertEquals(expected[c], emb.getDouble(r, c, field), 1e-6, "row " + r + " field " + field + " dim " + c);
        }
      }
    }
  }

  @Test
  void rowGradientsOfPooledItemsEqualFiniteDifferencesAndPaddingIsUntouched() {
    Nd4j.setDefaultDataTypes(DataType.DOUBLE, DataType.DOUBLE);
    List<FeatureRow> rows = rows(16);
    DataSet ds = Batches.of(rows, null, 0, rows.size(), LAYOUT);
    ds.setLabels(Nd4j.rand(DataType.DOUBLE, rows.size(), K).subi(0.5));
    LocalTable t = table(2);
    SparseEmbeddingLayerTest.Recording rec = new SparseEmbeddingLayerTest.Recording(t);
    ComputationGraph net = SparseEmbeddingLayerTest.graph(new SparseEmbeddingLayer("t", K, 2, new int[] {4, 2}));
    TableBinding.bind(net, new ModelTables(Map.of("t", rec)));
    net.setInputs(ds.getFeatures());
    net.setLabels(ds.getLabels());
    net.computeGradientAndScore();
    assertFalse(rec.grads.containsKey(0L) && rows.stream().noneMatch(r -> r.indices[0] == 0),
        "padding (id 0, weight 0) is not updated");
    double h = 1e-3;
    int checked = 0;
    for (long id : new long[] {3, 8, 12, 15, 20, 33, 36}) {
      for (int c = 0; c < K; c++) {
        float[] row = new float[K];
        t.gather(new long[] {id}, 1, row);
        float orig = row[c];
        row[c] = (float) (orig + h);
        t.setWeights(id, row, 0);
        double up = net.score(ds);
        row[c] = (float) (orig - h);
        t.setWeights(id, row, 0);
        double down = net.score(ds);
        row[c] = orig;
        t.setWeights(id, row, 0);
        double numeric = (up - down) / (2 * h) * rows.size(); // score is the mean loss; tables get the sum
        float[] got = rec.grads.get(id);
        double analytic = got == null ? 0 : got[c];
        assertEquals(numeric, analytic, 1e-4 * Math.max(1, Math.abs(numeric)), "id " + id + " dim " + c);
        checked += got == null ? 0 : 1;
      }
    }
    assertTrue(checked >= 15, "most checked ids were in the batch: " + checked);
  }

  @Test
  void fmAndDeepFmTreatAPooledFieldAsOneFieldAndTheLayoutIsChecked() {
    ModelSpec spec = ModelSpec.builder(ModelType.DEEPFM, 2, 64).embeddingDim(K).hidden(4).learningRate(1e-2).seed(1)
        .bagLengths(List.of(4, 2)).build();
    ComputationGraph net = CtrGraphBuilder.build(spec, DataType.FLOAT);
    assertEquals(LAYOUT.width(), spec.inputWidth());
    assertEquals(4, spec.modelFields());
    List<FeatureRow> rows = rows(8);
    INDArray p = net.outputSingle(Batches.of(rows, null, 0, rows.size(), spec.layout()).getFeatures());
    assertEquals(8, p.size(0));
    assertEquals(K * 4, net.getLayer("mlp-0").getParam("W").size(0), "the MLP sees 4 field vectors of k");
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> Batches.of(rows, null, 0, 1, InputLayout.of(2, 0)));
    assertTrue(e.getMessage().contains("2 pooled fields"), e.getMessage());
  }
}
