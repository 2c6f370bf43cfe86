package io.sparkctr.models.train;

import org.junit.jupiter.api.Tag;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparkctr.models.data.FeatureRow;
import io.sparkctr.models.graph.ModelSpec;
import io.sparkctr.models.graph.ModelType;
import io.sparkctr.models.metrics.MetricsReport;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A positive-class weight w makes the model learn w times the true odds; recalibrating with the
 * spec's factor restores calibration, and ranking (AUC) is unchanged.
 */
@Tag("integration")
class PositiveWeightTest {
  static LocalTrainer.Result train(double weight, List<FeatureRow> train, List<FeatureRow> val) {
    ModelSpec spec = ModelSpec.builder(ModelType.LR, WideL1Test.FIELDS, WideL1Test.HASH).embeddingDim(1).hidden()
        .learningRate(5e-2).positiveWeight(weight).seed(3).build();
    return LocalTrainer.train(spec, train, val, new TrainSchedule(8, 128, 8, 8, 1.0, 1), 1.0);
  }

  @Test
  void weightedModelIsRecalibratedAndRanksTheSame() {
    List<FeatureRow> train = WideL1Test.rows(8000, 1);
    List<FeatureRow> val = WideL1Test.rows(4000, 2);
    LocalTrainer.Result plain = train(1, train, val);
    LocalTrainer.Result weighted = train(4, train, val);

    double observed = val.stream().mapToInt(r -> r.label).average().orElseThrow();
    double raw = mean(Predictions.predict(weighted.model(), val, WideL1Test.FIELDS, 0));
    assertTrue(raw / observed > 1.5, "weighted raw mean prediction " + raw + " vs observed rate " + observed);

    MetricsReport w = weighted.validation();
    MetricsReport p = plain.validation();
    assertEquals(1.0, w.calibration(), 0.08, "recalibrated mean prediction / observed rate");
    assertEquals(p.calibration(), w.calibration(), 0.04, "calibration with and without the weight");
    assertEquals(p.auc(), w.auc(), 0.01, "AUC with and without the weight");
    assertEquals(p.logloss(), w.logloss(), 0.01, "recalibrated logloss");
  }

  private static double mean(double[] a) {
    double s = 0;
    for (double v : a) {
      s += v;
    }
    return s / a.length;
  }
}
