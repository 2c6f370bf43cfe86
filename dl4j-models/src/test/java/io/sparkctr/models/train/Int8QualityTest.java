package io.sparkctr.models.train;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparkctr.models.RestoreNd4jDefaults;
import io.sparkctr.models.graph.ModelSpec;
import io.sparkctr.models.graph.ModelType;
import io.sparkctr.models.layers.TableBinding;
import io.sparkctr.models.metrics.CtrMetrics;
import io.sparkctr.models.tables.RowWiseInt8;
import io.sparkctr.models.tables.LocalTable;
import io.sparkctr.models.tables.ModelTables;
import io.sparkctr.models.tables.TableOptimizer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * AUC lost by int8 tables on planted data (PlantedData: pairwise interactions a DeepFM learns): a DeepFM of
 * k = 16 is trained, then its embedding tables are replaced by their int8 read-back (RowWiseInt8, as
 * the ONNX graph dequantizes them) and the validation AUC compared. The bound: 0.0005.
 */
@Tag("integration")
@ExtendWith(RestoreNd4jDefaults.class)
class Int8QualityTest {
  @Test
  void int8TablesLoseAtMostHalfAThousandthOfAuc() {
    PlantedData train = new PlantedData(20_000, 1, 0.3, 0.8, -1.0);
    PlantedData validation = new PlantedData(10_000, 2, 0.3, 0.8, -1.0);
    ModelSpec spec = ModelSpec.builder(ModelType.DEEPFM, PlantedData.FIELDS, PlantedData.HASH).embeddingDim(16)
        .hidden(32).learningRate(1e-2).seed(11).embeddingTable(new TableOptimizer("adagrad", 5e-2, 0, 0)).build();
    ComputationGraph net = LocalTrainer.train(spec, train.rows, validation.rows, new TrainSchedule(4, 256, 2, 1, 0.5, 3),
        1.0).model();
    double before = auc(net, validation, spec);
    ModelTables t = TableBinding.tablesOf(net);
    dequantize(t.local("emb"));
    double after = auc(net, validation, spec);
    System.out.printf("int8 tables on planted data (DeepFM, k = 16): AUC %.5f float, %.5f int8, lost %.5f; "
        + "table bytes %.4fx%n", before, after, before - after, RowWiseInt8.bytesPerRow(16) / (4.0 * 16));
    assertTrue(before - after <= 0.0005, "AUC " + before + " float, " + after + " int8");
  }

  /** Every row of {@code t} replaced by its int8 read-back. */
  static void dequantize(LocalTable t) {
    float[] row = new float[t.dim()];
    for (long id = 0; id < t.rows(); id++) {
      t.gather(new long[] {id}, 1, row);
      RowWiseInt8.readBack(row, 1, t.dim());
      t.setWeights(id, row, 0);
    }
  }

  private static double auc(ComputationGraph net, PlantedData d, ModelSpec spec) {
    double[] p = Predictions.predict(net, d.rows, spec.layout());
    CtrMetrics m = new CtrMetrics(1.0, 10);
    for (int i = 0; i < p.length; i++) {
      m.add(d.rows.get(i).label, p[i], null, 0);
    }
    return m.report().auc();
  }
}
