package io.sparkctr.models.layers;

import io.sparkctr.models.data.Batches;
import io.sparkctr.models.tables.EmbeddingTable;
import io.sparkctr.models.tables.ModelTables;
import io.sparkctr.models.tables.TableRegistry;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.gradient.DefaultGradient;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.layers.AbstractLayer;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The layer of {@link SparseEmbeddingLayer}. Forward: decode the ids, deduplicate them, gather each
 * distinct row once and lay the rows out as [batch, dim, fields]. Backward (training only: DL4J
 * calls it from fit / computeGradientAndScore, never when scoring): sum the output gradient per
 * distinct id and hand the rows to the table's optimizer right away (optimizer fused into the
 * backward pass, as TorchRec does), unless the tables are frozen. Returns no parameter gradient
 * and no input gradient (ids have none).
 */
public final class SparseEmbeddingImpl extends AbstractLayer<SparseEmbeddingLayer> {
  private final RowDedup dedup = new RowDedup();
  private ModelTables tables;
  private long[] ids = new long[0];
  private INDArray dedupedInput;

  public SparseEmbeddingImpl(NeuralNetConfiguration conf, DataType dataType) {
    super(conf, dataType);
  }

  /** Uses {@code t} from now on (see {@link TableBinding}). */
  void bind(ModelTables t) {
    tables = t;
  }

  ModelTables tables() {
    if (tables == null) {
      tables = TableRegistry.lookup(layerConf().getModelKey());
    }
    return tables;
  }

  private EmbeddingTable table() {
    return tables().table(layerConf().getTable());
  }

  /** Decodes and deduplicates the ids of the current input (once per input array). */
  private int prepare() {
    int f = layerConf().getFields();
    int rows = (int) input.size(0);
    int n = rows * f;
    if (dedupedInput == input) {
      return n;
    }
    if (input.size(1) != 2L * f) {
      throw new IllegalArgumentException("Cannot look up " + layerConf().getTable() + ": input has " + input.size(1)
          + " columns, expected 2 × " + f + " encoded ids");
    }
    double[] x = input.dup('c').data().getDoublesAt(0, rows * 2 * f);
    if (ids.length < n) {
      ids = new long[n];
    }
    for (int r = 0; r < rows; r++) {
      for (int j = 0; j < f; j++) {
        ids[r * f + j] = Batches.decodeId(x[r * 2 * f + j], x[r * 2 * f + f + j]);
      }
    }
    dedup.build(ids, n);
    dedupedInput = input;
    return n;
  }

  @Override
  public INDArray activate(boolean training, LayerWorkspaceMgr mgr) {
    assertInputSet(false);
    int f = layerConf().getFields();
    int k = layerConf().getDim();
    int rows = (int) input.size(0);
    prepare();
    float[] distinctRows = new float[dedup.count * k];
    table().gather(dedup.distinct, dedup.count, distinctRows);
    INDArray out = mgr.createUninitialized(ArrayType.ACTIVATIONS, dataType, new long[] {rows, k, f}, 'c');
    int fk = f * k;
    if (dataType == DataType.DOUBLE) {
      double[] o = new double[rows * fk];
      for (int p = 0; p < rows * f; p++) {
        int base = (p / f) * fk + p % f;
        int from = dedup.slot[p] * k;
        for (int c = 0; c < k; c++) {
          o[base + c * f] = distinctRows[from + c];
        }
      }
      out.data().setData(o);
    } else {
      float[] o = new float[rows * fk];
      for (int p = 0; p < rows * f; p++) {
        int base = (p / f) * fk + p % f;
        int from = dedup.slot[p] * k;
        for (int c = 0; c < k; c++) {
          o[base + c * f] = distinctRows[from + c];
        }
      }
      out.data().setData(o);
    }
    return out;
  }

  @Override
  public Pair<Gradient, INDArray> backpropGradient(INDArray epsilon, LayerWorkspaceMgr mgr) {
    assertInputSet(true);
    int f = layerConf().getFields();
    int k = layerConf().getDim();
    int rows = (int) input.size(0);
    int n = prepare();
    ModelTables t = tables();
    if (!t.frozen()) {
      double[] eps = epsilon.dup('c').data().getDoublesAt(0, rows * k * f); // [rows, k, f]
      double[] sums = new double[dedup.count * k];
      int fk = f * k;
      for (int p = 0; p < n; p++) {
        int base = (p / f) * fk + p % f;
        int to = dedup.slot[p] * k;
        for (int c = 0; c < k; c++) {
          sums[to + c] += eps[base + c * f];
        }
      }
      float[] grads = new float[sums.length];
      for (int i = 0; i < grads.length; i++) {
        grads[i] = (float) sums[i];
      }
      table().applyGradients(dedup.distinct, grads, dedup.count, t.step(rows));
    }
    return new Pair<>(new DefaultGradient(), null);
  }

  @Override
  public boolean isPretrainLayer() {
    return false;
  }

  @Override
  public void clearNoiseWeightParams() {}

  @Override
  public Layer.Type type() {
    return Layer.Type.FEED_FORWARD;
  }

  @Override
  public void clear() {
    super.clear();
    dedupedInput = null;
  }
}
