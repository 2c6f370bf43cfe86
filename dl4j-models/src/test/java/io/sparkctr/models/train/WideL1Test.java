package io.sparkctr.models.train;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparkctr.models.data.FeatureRow;
import io.sparkctr.models.graph.ModelSpec;
import io.sparkctr.models.graph.ModelType;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;

/** L1 on the wide (linear) weights zeroes the weights of fields that carry no signal. */
class WideL1Test {
  static final int FIELDS = 6;
  static final int VALUES = 30;
  static final int HASH = 256;

  /** Only field 0 matters; fields 1..5 are noise. */
  static List<FeatureRow> rows(int n, long seed) {
    Random rnd = new Random(seed);
    List<FeatureRow> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      int[] idx = new int[FIELDS];
      for (int f = 0; f < FIELDS; f++) {
        idx[f] = 2 * FIELDS + f * VALUES + rnd.nextInt(VALUES);
      }
      double logit = -1 + ((idx[0] - 2 * FIELDS) % VALUES - 14.5) / 6.0;
      out.add(new FeatureRow(rnd.nextDouble() < 1 / (1 + Math.exp(-logit)) ? 1 : 0, i, idx, null, null));
    }
    return out;
  }

  static double shareNearZero(double l1) {
    ModelSpec spec = new ModelSpec(ModelType.LR, FIELDS, 0, HASH, 1, List.of(), "relu", 0, l1, 0, 0, 0, "adam", 1e-2,
        0, 1, 3);
    LocalTrainer.Result r = LocalTrainer.train(spec, rows(8000, 1), rows(2000, 2),
        new TrainOptions(6, 128, 6, 6, 1.0, 1, 1.0));
    INDArray w = r.model().getParam("linear-emb_W");
    int near = 0;
    int n = 0;
    for (int f = 1; f < FIELDS; f++) {
      for (int v = 0; v < VALUES; v++) {
        n++;
        near += Math.abs(w.getDouble(2 * FIELDS + f * VALUES + v, 0)) < 0.02 ? 1 : 0;
      }
    }
    return (double) near / n;
  }

  @Test
  void l1DrivesMostNoiseWeightsToZero() {
    double without = shareNearZero(0);
    double with = shareNearZero(0.01);
    assertTrue(with > 0.8, "with L1: " + with + " of noise weights near zero");
    assertTrue(without < 0.5, "without L1: " + without + " of noise weights near zero");
  }
}
