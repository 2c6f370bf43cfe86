package io.sparkctr.models.layers;

import io.sparkctr.models.RestoreNd4jDefaults;
import org.junit.jupiter.api.extension.ExtendWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparkctr.models.data.Batches;
import io.sparkctr.models.graph.CtrGraphBuilder;
import io.sparkctr.models.graph.ModelSpec;
import io.sparkctr.models.graph.ModelType;
import io.sparkctr.models.tables.EmbeddingTable;
import io.sparkctr.models.tables.LocalTable;
import io.sparkctr.models.tables.ModelTables;
import io.sparkctr.models.tables.TableOptimizer;
import io.sparkctr.models.tables.TableStep;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.EmbeddingSequenceLayer;
import org.deeplearning4j.nn.conf.layers.GlobalPoolingLayer;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.conf.layers.LossLayer;
import org.deeplearning4j.nn.conf.layers.PoolingType;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Sgd;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/**
 * In double precision, the row gradients the sparse layer hands its table equal DL4J's dense
 * EmbeddingSequenceLayer weight gradient on the same batch and weights — ids repeated within the
 * batch (few rows) included — and both graphs compute the same loss.
 */
@ExtendWith(RestoreNd4jDefaults.class)
public class SparseEmbeddingLayerTest {
  static final int ROWS = 50;
  static final int VOCAB = 30;
  static final int FIELDS = 5;

  /** Records what the layer hands over (and applies nothing); reads come from {@code rows}. */
  public static final class Recording implements EmbeddingTable {
    public final LocalTable rows;
    public final Map<Long, float[]> grads = new HashMap<>();

    public Recording(LocalTable rows) {
      this.rows = rows;
    }

    @Override
    public String name() {
      return rows.name();
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
        assertTrue(grads.put(ids[i], java.util.Arrays.copyOfRange(g, i * dim(), (i + 1) * dim())) == null,
            "each id once per step");
      }
    }
  }

  static ComputationGraph graph(Layer emb) {
    ComputationGraphConfiguration conf = new NeuralNetConfiguration.Builder().seed(3).updater(new Sgd(1.0))
        .dataType(DataType.DOUBLE).graphBuilder().addInputs("in")
        .addLayer("emb", emb, "in")
        .addLayer("sum", new GlobalPoolingLayer.Builder(PoolingType.SUM).collapseDimensions(true).build(), "emb")
        .addLayer("out", new LossLayer.Builder(LossFunctions.LossFunction.MSE).activation(Activation.TANH).build(),
            "sum")
        .setOutputs("out").build();
    ComputationGraph net = new ComputationGraph(ComputationGraphConfiguration.fromJson(conf.toJson()));
    net.init();
    return net;
  }

  @ParameterizedTest
  @ValueSource(ints = {1, 4})
  void rowGradientsEqualDl4jsDenseEmbeddingGradients(int k) {
    Nd4j.setDefaultDataTypes(DataType.DOUBLE, DataType.DOUBLE);
    Random rnd = new Random(k);
    INDArray ids = Nd4j.create(DataType.DOUBLE, ROWS, FIELDS);
    INDArray encoded = Nd4j.create(DataType.DOUBLE, ROWS, 2 * FIELDS);
    for (int r = 0; r < ROWS; r++) {
      for (int f = 0; f < FIELDS; f++) {
        int id = rnd.nextInt(VOCAB);
        ids.putScalar(r, f, id);
        encoded.putScalar(r, f, id); // low float; high = 0
      }
    }
    INDArray labels = Nd4j.rand(DataType.DOUBLE, ROWS, k).subi(0.5);
    ComputationGraph dense = graph(new EmbeddingSequenceLayer.Builder().nIn(VOCAB).nOut(k).inputLength(FIELDS)
        .hasBias(false).build());
    ComputationGraph sparse = graph(new SparseEmbeddingLayer("t", k, FIELDS));
    assertTrue(sparse.getLayer("emb") instanceof SparseEmbeddingImpl, "survives the JSON round trip");
    INDArray w = dense.getParam("emb_W");
    LocalTable rows = new LocalTable("t", VOCAB, k, new TableOptimizer("sgd", 1, 0, 0));
    for (int v = 0; v < VOCAB; v++) {
      float[] row = new float[k];
      for (int c = 0; c < k; c++) {
        row[c] = (float) rnd.nextGaussian();
        w.putScalar(v, c, row[c]); // a float value, exact in both
      }
      rows.setWeights(v, row, 0);
    }
    Recording rec = new Recording(rows);
    TableBinding.bind(sparse, new ModelTables(Map.of("t", rec)));
    dense.setInputs(ids);
    dense.setLabels(labels);
    sparse.setInputs(encoded);
    sparse.setLabels(labels);
    dense.computeGradientAndScore();
    sparse.computeGradientAndScore();
    assertEquals(dense.score(), sparse.score(), 1e-12, "same loss");
    INDArray expected = dense.gradient().getGradientFor("emb_W");
    double scale = expected.amaxNumber().doubleValue();
    assertTrue(scale > 0, "a gradient to compare");
    for (int v = 0; v < VOCAB; v++) {
      float[] got = rec.grads.get((long) v);
      for (int c = 0; c < k; c++) {
        double want = expected.getDouble(v, c);
        assertEquals(want, got == null ? 0 : got[c], 1e-6 * Math.max(1, Math.abs(want)), "row " + v + " col " + c);
      }
    }
    assertTrue(rec.grads.size() < ROWS * FIELDS, "ids repeated within the batch were summed");
  }

  @ParameterizedTest
  @ValueSource(longs = {(1L << 24) + 1, (1L << 25) - 1})
  void idsAboveTwoToTheTwentyFourAreExact(long id) {
    Nd4j.setDefaultDataTypes(DataType.DOUBLE, DataType.DOUBLE);
    ComputationGraph net = graph(new SparseEmbeddingLayer("big", 1, 1));
    LocalTable t = new LocalTable("big", 1L << 25, 1, new TableOptimizer("sgd", 1, 0, 0));
    t.setWeights(id, new float[] {0.75f}, 0);
    TableBinding.bind(net, new ModelTables(Map.of("big", t)));
    INDArray in = Nd4j.create(new double[][] {{id & 0xFFFFFF, id >>> Batches.LOW_BITS}});
    assertEquals(id, Batches.decodeId(in.getDouble(0, 0), in.getDouble(0, 1)));
    assertEquals(Math.tanh(0.75), net.outputSingle(in).getDouble(0, 0), 1e-7);
  }

  /** What DL4J workers of one JVM do: rebuild the graph from its JSON configuration (or clone it). */
  @Test
  void replicasRebuiltFromTheConfigurationShareTheTables() {
    ModelSpec spec = ModelSpec.builder(ModelType.DEEPFM, 3, 64).embeddingDim(2).hidden(4).learningRate(1e-2).seed(1)
        .build();
    ComputationGraph net = CtrGraphBuilder.build(spec, DataType.FLOAT);
    ComputationGraph replica = new ComputationGraph(ComputationGraphConfiguration.fromJson(
        net.getConfiguration().toJson()));
    replica.init(net.params().dup(), false);
    assertSame(TableBinding.tablesOf(net), TableBinding.tablesOf(replica), "found by the key in the JSON");
    assertSame(TableBinding.tablesOf(net), TableBinding.tablesOf(net.clone()), "clone()");
    ComputationGraph other = CtrGraphBuilder.build(spec, DataType.FLOAT);
    assertNotSame(TableBinding.tablesOf(net), TableBinding.tablesOf(other), "another model has its own tables");
  }

  /** Two replicas (DL4J's workers in one JVM) training at once: every step of both reaches the shared tables. */
  @Test
  void replicasTrainingInParallelUpdateTheSharedTable() throws Exception {
    ModelSpec spec = ModelSpec.builder(ModelType.DEEPFM, 3, 64).embeddingDim(2).hidden(4).learningRate(1e-2).seed(1)
        .build();
    ComputationGraph net = CtrGraphBuilder.build(spec, DataType.FLOAT);
    ComputationGraph replica = net.clone();
    java.util.List<io.sparkctr.models.data.FeatureRow> rows = new java.util.ArrayList<>();
    Random rnd = new Random(3);
    for (int i = 0; i < 640; i++) {
      rows.add(new io.sparkctr.models.data.FeatureRow(rnd.nextInt(2), i,
          new int[] {6 + rnd.nextInt(10), 16 + rnd.nextInt(10), 26 + rnd.nextInt(10)}, null, null));
    }
    java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(2);
    java.util.List<java.util.concurrent.Future<?>> done = new java.util.ArrayList<>();
    for (ComputationGraph g : List.of(net, replica)) {
      done.add(pool.submit(() -> {
        for (int b = 0; b < 640; b += 32) {
          g.fit(Batches.of(rows, null, b, b + 32, 3, 0));
        }
      }));
    }
    for (java.util.concurrent.Future<?> f : done) {
      f.get();
    }
    pool.shutdown();
    ModelTables tables = TableBinding.tablesOf(net);
    assertEquals(40, tables.local(CtrGraphBuilder.EMBEDDING_TABLE).step(), "20 steps of each replica");
    assertEquals(40, tables.local(CtrGraphBuilder.LINEAR_TABLE).step());
  }
}
