package io.sparkctr.jobs.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparkctr.features.synthetic.PlantedClickModel;
import io.sparkctr.features.synthetic.PlantedShape;
import io.sparkctr.models.metrics.ScoreCounts;
import org.junit.jupiter.api.Test;

/** The fitted planted form: below the truth, closer to it with more rows, and far above chance. */
class FittedFormTest {
  private static final double[] RATES = {0.05, 0.1};

  private static double truthTestAuc(PlantedClickModel m, long rows, int days) {
    ScoreCounts c = new ScoreCounts();
    for (int i = 0; i < rows; i++) {
      PlantedClickModel.Structure s = m.structure(i);
      if (s.day() == days - 1) {
        c.add(s.probability(), s.label());
      }
    }
    return c.auc();
  }

  @Test
  void approachesTheTruthWithMoreRows() {
    double[] gap = new double[2];
    long[] sizes = {20_000, 160_000};
    for (int i = 0; i < 2; i++) {
      PlantedClickModel m = new PlantedClickModel(PlantedShape.DEMO, 1, sizes[i], 5, false);
      FittedForm.Result r = FittedForm.fit(m, sizes[i], 5, RATES, 6);
      double truth = truthTestAuc(m, sizes[i], 5);
      assertTrue(r.testAuc() < truth, "fitted " + r + " must stay below the truth " + truth);
      assertTrue(r.testAuc() > 0.75, "fitted " + r + " far above chance");
      assertTrue(r.epoch() >= 1 && r.epoch() <= 6, r.toString());
      gap[i] = truth - r.testAuc();
    }
    assertTrue(gap[1] < gap[0] - 0.01, "8x the rows must close the gap to the truth: " + gap[0] + " -> " + gap[1]);
  }

  @Test
  void isDeterministic() {
    PlantedClickModel m = new PlantedClickModel(PlantedShape.DEMO, 3, 10_000, 4, false);
    assertEquals(FittedForm.fit(m, 10_000, 4, RATES, 2), FittedForm.fit(m, 10_000, 4, RATES, 2));
  }

  @Test
  void needsATrainingDay() {
    PlantedClickModel m = new PlantedClickModel(PlantedShape.DEMO, 3, 1_000, 2, false);
    assertThrows(IllegalArgumentException.class, () -> FittedForm.fit(m, 1_000, 2, RATES, 2));
  }
}
