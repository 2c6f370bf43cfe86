package io.sparkctr.models.train;

import org.junit.jupiter.api.Tag;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparkctr.models.data.FeatureRow;
import io.sparkctr.models.graph.CtrGraphBuilder;
import io.sparkctr.models.graph.ModelSpec;
import io.sparkctr.models.graph.ModelType;
import io.sparkctr.models.layers.TableBinding;
import io.sparkctr.models.tables.EmbeddingTable;
import io.sparkctr.models.tables.TableOptimizer;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * FTRL's L1 on the wide (first-order) table zeroes the weights of fields that carry no signal —
 * exact zeros. λ1 is McMahan's, on the summed per-example loss: each noise value here is seen
 * about 1,600 times, so its accumulated gradient z wanders by about 0.45·√1600 ≈ 18 (more while the
 * model is still wrong about field 0); λ1 = 60 holds most of them at exactly 0 while the signal
 * field's z grows linearly past it.
 */
@Tag("integration")
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

  /** {share of noise weights with |w| < 0.02, share exactly 0}. */
  static double[] noiseWeights(double l1) {
    ModelSpec spec = ModelSpec.builder(ModelType.LR, FIELDS, HASH).embeddingDim(1).hidden().learningRate(1e-2).seed(3)
        .linearTable(new TableOptimizer("ftrl", 0.05, l1, 0)).build();
    LocalTrainer.Result r = LocalTrainer.train(spec, rows(8000, 1), rows(2000, 2),
        new TrainSchedule(6, 128, 6, 6, 1.0, 1), 1.0);
    EmbeddingTable w = TableBinding.tablesOf(r.model()).table(CtrGraphBuilder.LINEAR_TABLE);
    int near = 0;
    int zero = 0;
    int n = 0;
    float[] row = new float[1];
    for (int f = 1; f < FIELDS; f++) {
      for (int v = 0; v < VALUES; v++) {
        n++;
        w.gather(new long[] {2 * FIELDS + f * VALUES + v}, 1, row);
        near += Math.abs(row[0]) < 0.02 ? 1 : 0;
        zero += row[0] == 0 ? 1 : 0;
      }
    }
    return new double[] {(double) near / n, (double) zero / n};
  }

  @Test
  void l1DrivesMostNoiseWeightsToExactZeros() {
    double[] without = noiseWeights(0);
    double[] with = noiseWeights(60);
    System.out.printf("noise weights: without L1 %.2f near 0, %.2f exactly 0; with L1 %.2f near 0, %.2f exactly 0%n",
        without[0], without[1], with[0], with[1]);
    assertTrue(with[1] > 0.8, "with L1: " + with[1] + " of noise weights exactly zero");
    assertTrue(without[0] < 0.5, "without L1: " + without[0] + " of noise weights near zero");
  }
}
