package io.sparkctr.models.layers;

import io.sparkctr.models.data.Batches;
import io.sparkctr.models.tables.EmbeddingTable;
import io.sparkctr.models.tables.ModelTables;
import io.sparkctr.models.tables.TableRegistry;
import java.util.Arrays;
import java.util.stream.IntStream;
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
 * distinct row once and lay the rows out as [batch, dim, fields], a pooled field's rows summed with
 * their weights into its one field vector. Backward (training only: DL4J calls it from fit /
 * computeGradientAndScore, never when scoring): sum the output gradient (times the lookup's weight,
 * so a pooled field's gradient is spread back to its items) per distinct id and hand the rows to
 * the table's optimizer right away (optimizer fused into the
 * backward pass, as TorchRec does), unless the tables are frozen. Returns no parameter gradient
 * and no input gradient (ids have none).
 */
public final class SparseEmbeddingImpl extends AbstractLayer<SparseEmbeddingLayer> {
  private final RowDedup dedup = new RowDedup();
  private ModelTables tables;
  private long[] ids = new long[0];
  private int[] row = new int[0];
  private int[] field = new int[0];
  private float[] weight = new float[0];
  private int[] fieldOf = new int[0];
  private int[] own = new int[0];
  private int active;
  private INDArray dedupedInput;
  // Kept from step to step (one layer instance per training thread): see HostArrays.
  private double[] inputValues = new double[0];
  private float[] distinctRows = new float[0];
  private double[] outValues = new double[0];
  private float[] outScratch = new float[0];
  private double[] epsValues = new double[0];
  private float[] epsFloats = new float[0];
  private double[] sums = new double[0];
  private float[] grads = new float[0];
  // Nanoseconds spent so far (SparseLayerTimes): lookup, of which gather, backward, of which update.
  private long lookupNanos;
  private long gatherNanos;
  private long backwardNanos;
  private long updateNanos;

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

  /** Adds this layer's {@link SparseLayerTimes} to {@code t} (lookup, gather, backward, update). */
  void addTimes(long[] t) {
    t[0] += lookupNanos;
    t[1] += gatherNanos;
    t[2] += backwardNanos;
    t[3] += updateNanos;
  }

  private EmbeddingTable table() {
    return tables().table(layerConf().getTable());
  }

  /**
   * Decodes the ids of the current input and deduplicates the active lookups (once per input
   * array): every single-valued position, and every bag position with a non-zero weight. Lookup
   * {@code e} is at row {@code row[e]}, output field {@code field[e]}, with weight {@code weight[e]}.
   */
  private int prepare() {
    if (dedupedInput == input) {
      return active;
    }
    int f = layerConf().getFields();
    int[] bagLengths = layerConf().getBagLengths();
    int bagPositions = 0;
    for (int l : bagLengths) {
      bagPositions += l;
    }
    int positions = f + bagPositions;
    int cols = 2 * positions + bagPositions;
    int rows = (int) input.size(0);
    if (input.size(1) != cols) {
      throw new IllegalArgumentException("Cannot look up " + layerConf().getTable() + ": input has " + input.size(1)
          + " columns, expected " + cols + " (2 × " + positions + " encoded ids" + (bagPositions > 0 ? " and "
          + bagPositions + " pooling weights" : "") + ")");
    }
    if (fieldOf.length != positions) {
      int[] outOf = new int[f + bagLengths.length]; // model field -> output field, -1 when not selected
      Arrays.fill(outOf, -1);
      int[] selected = layerConf().getSelectedFields();
      for (int o = 0; o < selected.length; o++) {
        outOf[selected[o]] = o;
      }
      fieldOf = new int[positions];
      for (int p = 0; p < f; p++) {
        fieldOf[p] = outOf[p];
      }
      int p = f;
      for (int b = 0; b < bagLengths.length; b++) {
        for (int j = 0; j < bagLengths[b]; j++) {
          fieldOf[p++] = outOf[f + b];
        }
      }
      own = IntStream.range(0, positions).filter(q -> fieldOf[q] >= 0).toArray();
    }
    inputValues = HostArrays.read(input, inputValues);
    double[] x = inputValues;
    int n = rows * own.length;
    if (ids.length < n) {
      ids = new long[n];
      row = new int[n];
      field = new int[n];
      weight = new float[n];
    }
    int e = 0;
    for (int r = 0; r < rows; r++) {
      int base = r * cols;
      for (int p : own) { // this layer's positions: the other tables' fields are skipped
        float w = p < f ? 1f : (float) x[base + 2 * positions + p - f];
        if (w == 0f) {
          continue; // padding of a bag
        }
        ids[e] = Batches.decodeId(x[base + p], x[base + positions + p]);
        row[e] = r;
        field[e] = fieldOf[p];
        weight[e] = w;
        e++;
      }
    }
    active = e;
    dedup.build(ids, e);
    dedupedInput = input;
    return e;
  }

  @Override
  public INDArray activate(boolean training, LayerWorkspaceMgr mgr) {
    assertInputSet(false);
    long t0 = System.nanoTime();
    int k = layerConf().getDim();
    int fOut = layerConf().outputFields();
    int rows = (int) input.size(0);
    int n = prepare();
    distinctRows = HostArrays.fit(distinctRows, dedup.count * k);
    long g0 = System.nanoTime();
    table().gather(dedup.distinct, dedup.count, distinctRows);
    gatherNanos += System.nanoTime() - g0;
    INDArray out = mgr.createUninitialized(ArrayType.ACTIVATIONS, dataType, new long[] {rows, k, fOut}, 'c');
    int fk = fOut * k;
    int size = rows * fk;
    if (dataType == DataType.FLOAT && layerConf().getBagLengths().length == 0) {
      layOutSingle(n, k, fk, size, out);
      lookupNanos += System.nanoTime() - t0;
      return out;
    }
    outValues = HostArrays.fit(outValues, size);
    if (dataType == DataType.FLOAT) {
      outScratch = HostArrays.fit(outScratch, size); // the float copy HostArrays.write hands to ND4J
    }
    double[] o = outValues; // [rows, k, fOut]
    Arrays.fill(o, 0, size, 0);
    float[] d = distinctRows;
    for (int e = 0; e < n; e++) {
      int base = row[e] * fk + field[e];
      int from = dedup.slot[e] * k;
      float w = weight[e];
      for (int c = 0; c < k; c++) {
        o[base + c * fOut] += w * d[from + c];
      }
    }
    HostArrays.write(o, out, outScratch);
    lookupNanos += System.nanoTime() - t0;
    return out;
  }

  /**
   * The output of a layer without pooled fields, in float: every (row, field) cell gets exactly one row,
   * with weight 1, so the float values are those the double sums would round to (the same bits; the
   * {@code + 0f} turns a -0 into +0 as the double sum from 0 does).
   */
  private void layOutSingle(int n, int k, int fk, int size, INDArray out) {
    outScratch = HostArrays.fit(outScratch, size);
    float[] o = outScratch; // [rows, k, fOut]
    Arrays.fill(o, 0, size, 0f);
    float[] d = distinctRows;
    int fOut = fk / k;
    for (int e = 0; e < n; e++) {
      int base = row[e] * fk + field[e];
      int from = dedup.slot[e] * k;
      for (int c = 0; c < k; c++) {
        o[base + c * fOut] = d[from + c] + 0f;
      }
    }
    HostArrays.writeFloats(o, out);
  }

  @Override
  public Pair<Gradient, INDArray> backpropGradient(INDArray epsilon, LayerWorkspaceMgr mgr) {
    assertInputSet(true);
    long t0 = System.nanoTime();
    int k = layerConf().getDim();
    int fOut = layerConf().outputFields();
    int rows = (int) input.size(0);
    int n = prepare();
    ModelTables t = tables();
    if (!t.frozen()) {
      int size = dedup.count * k;
      sums = HostArrays.fit(sums, size);
      grads = HostArrays.fit(grads, size);
      double[] sum = sums;
      Arrays.fill(sum, 0, size, 0);
      int fk = fOut * k;
      // FLOAT gradients are read as floats (no widening pass): each product is the same double either way
      float[] epsF = null;
      double[] epsD = null;
      if (epsilon.dataType() == DataType.FLOAT) {
        epsFloats = HostArrays.readFloats(epsilon, epsFloats);
        epsF = epsFloats;
      } else {
        epsValues = HostArrays.read(epsilon, epsValues);
        epsD = epsValues;
      }
      for (int e = 0; e < n; e++) { // eps: [rows, k, fOut]
        int base = row[e] * fk + field[e];
        int to = dedup.slot[e] * k;
        double w = weight[e];
        for (int c = 0; c < k; c++) {
          int i = base + c * fOut;
          sum[to + c] += w * (epsF != null ? epsF[i] : epsD[i]);
        }
      }
      for (int i = 0; i < size; i++) {
        grads[i] = (float) sum[i];
      }
      long u0 = System.nanoTime();
      table().applyGradients(dedup.distinct, grads, dedup.count, t.step(rows));
      updateNanos += System.nanoTime() - u0;
    }
    backwardNanos += System.nanoTime() - t0;
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
