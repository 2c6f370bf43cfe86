package io.sparkctr.models.layers;

import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.RNNFormat;
import org.deeplearning4j.nn.gradient.DefaultGradient;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.layers.feedforward.embedding.EmbeddingSequenceLayer;
import org.deeplearning4j.nn.params.DefaultParamInitializer;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.activations.impl.ActivationIdentity;
import org.nd4j.linalg.api.buffer.DataBuffer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import java.util.Arrays;

/**
 * The embedding layer of {@link RowSparseEmbeddingLayer}: forward as DL4J's, backward accumulates
 * the weight gradient in Java — zero the [nIn, nOut] view natively, sort the lookups by row, sum
 * each distinct row's output gradients once, and write the sums in increasing row order. Falls back to DL4J's code for masks, non-identity activations and
 * the NWC output format.
 */
public final class RowSparseEmbeddingImpl extends EmbeddingSequenceLayer {
  public RowSparseEmbeddingImpl(NeuralNetConfiguration conf, DataType dataType) {
    super(conf, dataType);
  }

  @Override
  public Pair<Gradient, INDArray> backpropGradient(INDArray epsilon, LayerWorkspaceMgr workspaceMgr) {
    if (maskArray != null || !(layerConf().getActivationFn() instanceof ActivationIdentity)
        || layerConf().getOutputFormat() == RNNFormat.NWC) {
      return super.backpropGradient(epsilon, workspaceMgr);
    }
    assertInputSet(true);
    int fields = (int) input.size(1);
    int rows = (int) input.size(0);
    int nOut = (int) layerConf().getNOut();
    int[] index = input.dup('c').data().asInt();             // [rows, fields]
    double[] eps = epsilon.permute(0, 2, 1).dup('c').data().asDouble(); // [rows, fields, nOut]
    INDArray wGrad = gradientViews.get(DefaultParamInitializer.WEIGHT_KEY);
    wGrad.assign(0);
    DataBuffer buf = wGrad.data();
    long offset = wGrad.offset() - buf.offset();             // the view's buffer may itself start at the view
    long rowStride = wGrad.stride(0);
    long colStride = wGrad.stride(1);
    // group the lookups by row: sorted (row, lookup) keys, so each distinct row is summed once
    int n = rows * fields;
    long[] keys = new long[n];
    for (int p = 0; p < n; p++) {
      keys[p] = ((long) index[p] << 32) | p;
    }
    Arrays.sort(keys);
    int[] distinct = new int[n];
    int[] slot = new int[n];
    int u = -1;
    long previous = -1;
    for (long key : keys) {
      int row = (int) (key >>> 32);
      if (row != previous) {
        distinct[++u] = row;
        previous = row;
      }
      slot[(int) key] = u;
    }
    double[] sums = new double[(u + 1) * nOut];
    double[] biasSum = new double[nOut];
    for (int p = 0; p < n; p++) {
      int e = p * nOut;
      int to = slot[p] * nOut;
      for (int c = 0; c < nOut; c++) {
        double g = eps[e + c];
        sums[to + c] += g;
        biasSum[c] += g;
      }
    }
    // write column by column in increasing row order: sequential for both 'c' and 'f' layouts
    for (int c = 0; c < nOut; c++) {
      for (int j = 0; j <= u; j++) {
        buf.put(offset + distinct[j] * rowStride + c * colStride, sums[j * nOut + c]);
      }
    }
    Gradient ret = new DefaultGradient();
    ret.gradientForVariable().put(DefaultParamInitializer.WEIGHT_KEY, wGrad);
    if (hasBias()) {
      INDArray bGrad = gradientViews.get(DefaultParamInitializer.BIAS_KEY);
      for (int c = 0; c < nOut; c++) {
        bGrad.putScalar(c, biasSum[c]);
      }
      ret.gradientForVariable().put(DefaultParamInitializer.BIAS_KEY, bGrad);
    }
    return new Pair<>(ret, null);
  }
}
