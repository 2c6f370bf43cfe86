package io.sparkctr.models.metrics;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectOutputStream;
import java.util.Random;
import java.util.function.DoubleSupplier;
import org.junit.jupiter.api.Test;

/** The histogram AUC against the exact AUC ({@link ScoreCounts}) on adversarial score distributions. */
class ScoreHistogramTest {
  /** Exact and histogram AUC of n rows whose scores and labels the generator plants. */
  private static double[] both(int n, Random rnd, DoubleSupplier score, double positiveRate, double signal) {
    ScoreCounts exact = new ScoreCounts();
    ScoreHistogram h = new ScoreHistogram(ScoreHistogram.DEFAULT_BINS);
    for (int i = 0; i < n; i++) {
      double p = score.getAsDouble();
      // labels depend on the score's rank a little (signal) so the AUC is away from ½
      int y = rnd.nextDouble() < positiveRate * (1 + signal * (p - 0.5)) ? 1 : 0;
      exact.add(p, y);
      h.add(p, y);
    }
    return new double[] {exact.auc(), h.auc(), h.aucErrorBound()};
  }

  private static void assertWithinBound(double[] r, double stated, String name) {
    double err = Math.abs(r[0] - r[1]);
    assertTrue(err <= r[2] + 1e-12, name + ": error " + err + " above the computed bound " + r[2]);
    assertTrue(r[2] <= stated, name + ": bound " + r[2] + " above the stated " + stated);
  }

  @Test
  void logitNormalScoresWithinTheStatedBound() {
    Random rnd = new Random(1);
    double[] r = both(200_000, rnd, () -> ScoreHistogram.sigmoid(-3.5 + rnd.nextGaussian()), 0.03, 1.5);
    assertWithinBound(r, 1e-4, "logit-normal");
  }

  @Test
  void manyTiesAndAllEqualAreExact() {
    Random rnd = new Random(2);
    double[] ties = both(100_000, rnd, () -> Math.round(rnd.nextDouble() * 200) / 200.0, 0.3, 1.0);
    assertEquals(ties[0], ties[1], 1e-12);
    assertEquals(0, ties[2]);          // every cell holds one distinct score: exact
    double[] equal = both(10_000, rnd, () -> 0.037, 0.2, 0);
    assertEquals(0.5, equal[0]);
    assertEquals(0.5, equal[1]);
    assertEquals(0, equal[2]);
  }

  @Test
  void extremeSkewAndOneInAThousandPositives() {
    Random rnd = new Random(3);
    // probabilities between 1e-8 and 1e-3, log-uniform: 5 decades in the lowest tenth of [0, 1]
    double[] skew = both(200_000, rnd, () -> Math.pow(10, -8 + 5 * rnd.nextDouble()), 0.05, 1.0);
    assertWithinBound(skew, 1e-4, "skewed");
    // below the grid (p < 2e-9) scores share the edge cell: the bound grows and still holds
    double[] clamped = both(100_000, rnd, () -> Math.pow(10, -12 + 6 * rnd.nextDouble()), 0.05, 1.0);
    assertWithinBound(clamped, 0.5, "clamped");
    assertTrue(clamped[2] > 1e-3, "half the scores in one cell: bound " + clamped[2]);
    double[] rare = both(400_000, rnd, () -> ScoreHistogram.sigmoid(-6 + 1.2 * rnd.nextGaussian()), 0.001, 1.8);
    assertWithinBound(rare, 1e-4, "0.1% positives");
  }

  @Test
  void scoresInsideOneCellAreTheAdversaryAndTheBoundSaysSo() {
    ScoreHistogram h = new ScoreHistogram(ScoreHistogram.DEFAULT_BINS);
    ScoreCounts exact = new ScoreCounts();
    for (int i = 0; i < 1000; i++) {
      double p = 0.5 + i * 1e-12;               // perfectly ranked, all in one cell
      int y = i >= 500 ? 1 : 0;
      h.add(p, y);
      exact.add(p, y);
    }
    assertEquals(1.0, exact.auc());
    assertEquals(0.5, h.auc());
    assertEquals(0.5, h.aucErrorBound(), 1e-12);
  }

  @Test
  void mergeOrderDoesNotMatter() {
    Random rnd = new Random(4);
    ScoreHistogram[] parts = new ScoreHistogram[5];
    for (int k = 0; k < parts.length; k++) {
      parts[k] = new ScoreHistogram(4096);
      for (int i = 0; i < 3000; i++) {
        double p = k == 2 ? 0.25 : ScoreHistogram.sigmoid(rnd.nextGaussian() * 2);
        parts[k].add(p, rnd.nextDouble() < p ? 1 : 0);
      }
    }
    ScoreHistogram forward = new ScoreHistogram(4096);
    for (ScoreHistogram p : parts) {
      forward.merge(p);
    }
    ScoreHistogram tree = new ScoreHistogram(4096).merge(new ScoreHistogram(4096).merge(parts[4]).merge(parts[3]))
        .merge(new ScoreHistogram(4096).merge(parts[2]).merge(parts[0]).merge(parts[1]));
    assertEquals(forward.auc(), tree.auc());
    assertEquals(forward.aucErrorBound(), tree.aucErrorBound());
    assertEquals(forward.aucStandardError(), tree.aucStandardError());
    assertArrayEquals(ScoreCurves.roc(forward, 100), ScoreCurves.roc(tree, 100));
  }

  @Test
  void memoryIsConstantWithTenMillionDistinctScores() throws IOException {
    SliceMetrics small = new SliceMetrics(ScoreHistogram.DEFAULT_BINS);
    SliceMetrics large = new SliceMetrics(ScoreHistogram.DEFAULT_BINS);
    Random rnd = new Random(5);
    for (int i = 0; i < 1000; i++) {
      small.add(rnd.nextInt(2), rnd.nextDouble());
    }
    long distinct = 10_000_000;
    for (long i = 0; i < distinct; i++) {
      large.add((int) (i & 1), (i + 0.5) / distinct);   // 10M distinct scores
    }
    assertEquals(distinct, large.count());
    long smallBytes = serializedBytes(small);
    long largeBytes = serializedBytes(large);
    assertEquals(smallBytes, largeBytes, "serialized bytes after 1,000 vs 10M distinct scores");
    assertTrue(largeBytes < 1.6 * 1024 * 1024, "bytes " + largeBytes);
    // the exact structure would hold 24 bytes per distinct score: 240 MB here
  }

  static long serializedBytes(Object o) throws IOException {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    try (ObjectOutputStream out = new ObjectOutputStream(b)) {
      out.writeObject(o);
    }
    return b.size();
  }

  @Test
  void curvesAndQuantileBinsByHand() {
    ScoreHistogram h = new ScoreHistogram(1024);
    h.add(0.1, 0);
    h.add(0.4, 1);
    h.add(0.4, 0);
    h.add(0.8, 1);
    assertEquals(0.875, h.auc(), 1e-15);
    assertEquals(0, h.aucErrorBound());
    double[][] pr = ScoreCurves.precisionRecall(h, 100);
    assertArrayEquals(new double[] {0.5, 1.0}, pr[0], 1e-15);      // threshold 0.8: 1 of 2 clicks, precise
    assertArrayEquals(new double[] {1.0, 2.0 / 3}, pr[1], 1e-15);   // 0.4: both clicks, 2 of 3
    double[][] roc = ScoreCurves.roc(h, 100);
    assertArrayEquals(new double[] {1, 1}, roc[roc.length - 1], 1e-15);
    var bins = ScoreCurves.quantileBins(h, 2);
    assertEquals(2, bins.size());
    assertEquals(3, bins.get(0).count());    // 0.1 and the tied 0.4 pair cannot be split
    assertEquals(1.0 / 3, bins.get(0).observedRate(), 1e-15);
    assertEquals(0.3, bins.get(0).meanPrediction(), 0.01); // cell midpoints at 1,024 cells
    double ece = (3.0 / 4) * Math.abs(bins.get(0).meanPrediction() - 1.0 / 3) + (1.0 / 4) * Math.abs(
        bins.get(1).meanPrediction() - 1);
    assertEquals(ece, ScoreCurves.expectedCalibrationError(bins), 1e-15);
  }
}
