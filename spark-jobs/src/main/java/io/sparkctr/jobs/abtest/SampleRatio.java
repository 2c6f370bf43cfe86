package io.sparkctr.jobs.abtest;

import java.util.List;
import java.util.Map;
import org.apache.commons.math3.stat.inference.ChiSquareTest;

/**
 * The sample-ratio-mismatch check: Pearson's chi-square test (commons-math3) of the units seen per arm against the
 * intended split. A mismatch (p below the threshold, 0.001 by default, as is usual for SRM) means the assignment
 * or the logging is broken, and no lift read from the test can be trusted.
 *
 * @param units units seen per arm
 * @param expected intended fraction per arm
 * @param chiSquare the statistic; {@code degreesOfFreedom} = arms − 1
 * @param pValue its p-value
 * @param threshold p below which the split is called a mismatch
 * @param mismatch whether it is
 */
public record SampleRatio(Map<String, Long> units, Map<String, Double> expected, double chiSquare,
                          int degreesOfFreedom, double pValue, double threshold, boolean mismatch) {
  /** Tests {@code units} (arm → count) against {@code expected} (arm → fraction), both over the same arms. */
  public static SampleRatio test(Map<String, Long> units, Map<String, Double> expected, double threshold) {
    if (!units.keySet().equals(expected.keySet())) {
      throw new IllegalArgumentException("Cannot test the sample ratio: arms seen " + units.keySet()
          + " are not the arms of the split " + expected.keySet());
    }
    List<String> arms = List.copyOf(expected.keySet());
    long[] observed = new long[arms.size()];
    double[] exp = new double[arms.size()];
    for (int i = 0; i < observed.length; i++) {
      observed[i] = units.get(arms.get(i));
      exp[i] = expected.get(arms.get(i));
    }
    ChiSquareTest t = new ChiSquareTest();
    double chi = t.chiSquare(exp, observed);
    double p = t.chiSquareTest(exp, observed);
    return new SampleRatio(new java.util.LinkedHashMap<>(units), new java.util.LinkedHashMap<>(expected), chi, arms.size() - 1, p, threshold,
        p < threshold);
  }
}
