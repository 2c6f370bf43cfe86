package io.sparkctr.models.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The training-state machine: best epoch, learning-rate cut on a plateau, early stopping. */
class TrainStateTest {
  static TrainSchedule settings(int epochs, int patience, int lrPatience, double lrFactor) {
    return new TrainSchedule(epochs, 256, patience, lrPatience, lrFactor, 1);
  }

  static EpochStats epoch(int n, double auc) {
    return new EpochStats(n, 0.5, auc, 0.45, 1000, 0.01, 1);
  }

  @Test
  void improvementsMoveTheBestEpochAndPlateausCutTheRateThenStop() {
    TrainSchedule t = settings(10, 3, 1, 0.5);
    TrainState s = TrainState.start(0.01, "{}");
    s = s.after(epoch(1, 0.70), t);
    assertTrue(s.improved());
    assertEquals(1, s.bestEpoch());
    s = s.after(epoch(2, 0.72), t);
    assertEquals(2, s.bestEpoch());
    assertEquals(0.01, s.learningRate());
    s = s.after(epoch(3, 0.71), t); // plateau: cut after lr-patience 1
    assertFalse(s.improved());
    assertEquals(0.005, s.learningRate(), 1e-15);
    assertFalse(s.stopped());
    s = s.after(epoch(4, 0.715), t);
    assertEquals(0.0025, s.learningRate(), 1e-15);
    s = s.after(epoch(5, 0.70), t); // third epoch without improvement: early stop, no further cut
    assertTrue(s.stopped());
    assertEquals(0.0025, s.learningRate(), 1e-15);
    assertEquals(2, s.bestEpoch());
    assertEquals(0.72, s.bestAuc());
    assertEquals(5, s.epochs().size());
  }

  @Test
  void theLastConfiguredEpochStopsEvenWhenImproving() {
    TrainSchedule t = settings(2, 3, 1, 1.0);
    TrainState s = TrainState.start(0.01, "{}").after(epoch(1, 0.6), t);
    assertFalse(s.stopped());
    s = s.after(epoch(2, 0.7), t);
    assertTrue(s.stopped() && s.improved());
    assertEquals(0.01, s.learningRate(), "lr-factor 1 never cuts");
  }

  @Test
  void aRunThatStoppedEarlyContinuesWithThePatienceCounterResetWhenGivenMoreEpochs() {
    TrainSchedule four = settings(4, 1, 5, 1.0);
    TrainState s = TrainState.start(0.01, "{}").after(epoch(1, 0.70), four).after(epoch(2, 0.69), four);
    assertTrue(s.stopped(), "patience 1: stopped after epoch 2");
    TrainState c = s.continued();
    assertFalse(c.stopped());
    assertEquals(0, c.sinceBest());
    assertEquals(1, c.bestEpoch(), "the best epoch stays");
    assertEquals(2, c.epoch());
    c = c.after(epoch(3, 0.68), four);
    assertTrue(c.stopped(), "one more epoch without improvement stops it again");
    assertEquals(3, c.epochs().size());
  }
}
