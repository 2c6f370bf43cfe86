package io.sparkctr.models.graph;

import io.sparkctr.models.RestoreNd4jDefaults;
import org.junit.jupiter.api.extension.ExtendWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparkctr.models.data.Batches;
import io.sparkctr.models.layers.TableBinding;
import io.sparkctr.models.layers.WeightedBinaryXent;
import io.sparkctr.models.tables.EmbeddingTable;
import io.sparkctr.models.tables.LocalTable;
import io.sparkctr.models.tables.ModelTables;
import java.util.Map;
import java.util.Random;
import org.deeplearning4j.gradientcheck.GradientCheckUtil;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.graph.LayerVertex;
import org.deeplearning4j.nn.conf.layers.LossLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Every graph's dense part passes DL4J's gradient check in double precision (the tables, outside
 * DL4J's parameters, are frozen during the check; their row gradients are checked against DL4J's
 * own embedding layer in {@code SparseEmbeddingLayerTest}).
 */
@ExtendWith(RestoreNd4jDefaults.class)
class CtrGraphGradientTest {
  static final int FIELDS = 4;
  static final int DENSE = 2;
  static final int HASH = 40;

  static ModelSpec spec(ModelType type) {
    return spec(type, 1);
  }

  static ModelSpec spec(ModelType type, double positiveWeight) {
    // the check needs SGD at rate 1
    return ModelSpec.builder(type, FIELDS, HASH).denseFeatures(DENSE).embeddingDim(3).hidden(5).activation("tanh")
        .optimizer("sgd").learningRate(1.0).positiveWeight(positiveWeight).seed(7).build();
  }

  static INDArray input(int rows, long seed) {
    Random rnd = new Random(seed);
    INDArray in = Nd4j.create(DataType.DOUBLE, rows, Batches.width(FIELDS, DENSE));
    for (int r = 0; r < rows; r++) {
      for (int f = 0; f < FIELDS; f++) {
        in.putScalar(r, f, 2 * FIELDS + rnd.nextInt(HASH - 2 * FIELDS)); // low float; the high one stays 0
      }
      for (int d = 0; d < DENSE; d++) {
        in.putScalar(r, 2 * FIELDS + d, rnd.nextGaussian());
      }
    }
    return in;
  }

  @ParameterizedTest
  @EnumSource(ModelType.class)
  void gradientsMatchFiniteDifferences(ModelType type) {
    assertTrue(check(spec(type)), type + " gradient check");
  }

  @ParameterizedTest
  @EnumSource(value = ModelType.class, names = {"LR", "DEEPFM"})
  void positiveWeightedLossGradientsMatchFiniteDifferences(ModelType type) {
    assertTrue(check(spec(type, 3.5)), type + " gradient check with positive weight 3.5");
  }

  @Test
  void positiveWeightSurvivesTheJsonConfiguration() {
    ComputationGraph net = CtrGraphBuilder.build(spec(ModelType.LR, 3.5), DataType.FLOAT);
    ComputationGraphConfiguration back = ComputationGraphConfiguration.fromJson(net.getConfiguration().toJson());
    LossLayer out = (LossLayer) ((LayerVertex) back.getVertices().get(CtrGraphBuilder.OUTPUT)).getLayerConf().getLayer();
    assertEquals(new WeightedBinaryXent(3.5), out.getLossFn());
  }

  /** DL4J's gradient check of the graph of {@code spec} (tables frozen, weights large enough to matter). */
  static boolean check(ModelSpec spec) {
    Nd4j.setDefaultDataTypes(DataType.DOUBLE, DataType.DOUBLE);
    ComputationGraph net = CtrGraphBuilder.build(spec, DataType.DOUBLE);
    // larger initial weights than training uses, so every term has a gradient worth checking
    for (Map.Entry<String, INDArray> p : net.paramTable().entrySet()) {
      p.getValue().assign(Nd4j.randn(new Random(p.getKey().hashCode()).nextLong(), p.getValue().shape())
          .castTo(DataType.DOUBLE).muli(0.5));
    }
    ModelTables tables = TableBinding.tablesOf(net);
    randomizeRows(tables);
    tables.setFrozen(true);
    INDArray labels = Nd4j.create(new double[][] {{1}, {0}, {1}, {0}, {0}, {1}});
    return GradientCheckUtil.checkGradients(new GradientCheckUtil.GraphConfig().net(net)
        .inputs(new INDArray[] {input(6, 3)}).labels(new INDArray[] {labels})
        .epsilon(1e-6).maxRelError(1e-3).minAbsoluteError(1e-8));
  }

  /** Table rows N(0, 0.5²), so every term has a gradient worth checking. */
  static void randomizeRows(ModelTables tables) {
    Random rnd = new Random(17);
    for (String name : tables.names()) {
      LocalTable t = tables.local(name);
      float[] w = new float[t.dim()];
      for (long id = 0; id < t.rows(); id++) {
        for (int c = 0; c < w.length; c++) {
          w[c] = (float) (0.5 * rnd.nextGaussian());
        }
        t.setWeights(id, w, 0);
      }
    }
  }

  @Test
  void fmTermEqualsTheSumOfPairwiseDotProducts() {
    ComputationGraph net = CtrGraphBuilder.build(spec(ModelType.FM), DataType.DOUBLE);
    randomizeRows(TableBinding.tablesOf(net));
    EmbeddingTable emb = TableBinding.tablesOf(net).table(CtrGraphBuilder.EMBEDDING_TABLE);
    INDArray in = input(5, 9);
    INDArray fm = net.feedForward(in, false).get("fm");
    for (int r = 0; r < 5; r++) {
      double expected = 0;
      for (int a = 0; a < FIELDS; a++) {
        for (int b = a + 1; b < FIELDS; b++) {
          float[] rows = new float[6];
          emb.gather(new long[] {in.getInt(r, a), in.getInt(r, b)}, 2, rows);
          for (int c = 0; c < 3; c++) {
            expected += (double) rows[c] * rows[3 + c];
          }
        }
      }
      assertEquals(expected, fm.getDouble(r, 0), 1e-9);
    }
  }

  @Test
  void denseParameterCountsFollowTheSpecAndTablesHoldTheRows() {
    ModelSpec s = spec(ModelType.DEEPFM);
    long linear = 2 + DENSE;                             // scale and bias of the first-order sum, dense weights
    long mlp = (3L * FIELDS + DENSE) * 5 + 5 + 5 + 1;     // hidden 5, then 5 → 1
    ComputationGraph net = CtrGraphBuilder.build(s, DataType.FLOAT);
    assertEquals(linear + mlp, net.numParams());
    assertEquals(linear, CtrGraphBuilder.build(s.toBuilder().type(ModelType.LR).build(), DataType.FLOAT).numParams());
    ModelTables t = TableBinding.tablesOf(net);
    assertEquals(HASH, t.table(CtrGraphBuilder.LINEAR_TABLE).rows());
    assertEquals(1, t.table(CtrGraphBuilder.LINEAR_TABLE).dim());
    assertEquals(3, t.table(CtrGraphBuilder.EMBEDDING_TABLE).dim());
  }
}
