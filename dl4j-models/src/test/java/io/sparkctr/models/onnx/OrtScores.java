package io.sparkctr.models.onnx;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import io.sparkctr.models.data.FeatureRow;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Scores feature rows with ONNX Runtime on an exported model, feeding the inputs as a service would. */
final class OrtScores {
  private OrtScores() {}

  static double[] score(Path model, List<FeatureRow> rows, int[] bagLengths, int threads) throws OrtException {
    OrtEnvironment env = OrtEnvironment.getEnvironment();
    try (OrtSession.SessionOptions o = new OrtSession.SessionOptions()) {
      o.setIntraOpNumThreads(threads);
      try (OrtSession s = env.createSession(model.toString(), o)) {
        return run(env, s, rows, bagLengths);
      }
    }
  }

  static double[] run(OrtEnvironment env, OrtSession s, List<FeatureRow> rows, int[] bagLengths)
      throws OrtException {
    Map<String, OnnxTensor> in = inputs(env, rows, bagLengths);
    try (OrtSession.Result r = s.run(in)) {
      float[][] p = (float[][]) r.get(0).getValue();
      double[] out = new double[p.length];
      for (int i = 0; i < p.length; i++) {
        out[i] = p[i][0];
      }
      return out;
    } finally {
      in.values().forEach(OnnxTensor::close);
    }
  }

  /** The named inputs of {@code rows}: indices, each bag's ids and weights padded with 0, dense. */
  static Map<String, OnnxTensor> inputs(OrtEnvironment env, List<FeatureRow> rows, int[] bagLengths)
      throws OrtException {
    int n = rows.size();
    Map<String, OnnxTensor> in = new HashMap<>();
    long[][] idx = new long[n][];
    float[][] dense = new float[n][];
    for (int i = 0; i < n; i++) {
      idx[i] = java.util.Arrays.stream(rows.get(i).indices).asLongStream().toArray();
      double[] d = rows.get(i).dense;
      dense[i] = new float[d.length];
      for (int j = 0; j < d.length; j++) {
        dense[i][j] = (float) d[j];
      }
    }
    if (idx[0].length > 0) {
      in.put(FieldVectors.INDICES, OnnxTensor.createTensor(env, idx));
    }
    for (int b = 0; b < bagLengths.length; b++) {
      long[][] ids = new long[n][bagLengths[b]];
      float[][] w = new float[n][bagLengths[b]];
      for (int i = 0; i < n; i++) {
        int[] items = rows.get(i).bags[b];
        for (int j = 0; j < items.length; j++) {
          ids[i][j] = items[j];
          w[i][j] = rows.get(i).bagWeights[b][j];
        }
      }
      in.put(FieldVectors.bagIds(b), OnnxTensor.createTensor(env, ids));
      in.put(FieldVectors.bagWeights(b), OnnxTensor.createTensor(env, w));
    }
    if (dense[0].length > 0) {
      in.put(FieldVectors.DENSE, OnnxTensor.createTensor(env, dense));
    }
    return in;
  }
}
