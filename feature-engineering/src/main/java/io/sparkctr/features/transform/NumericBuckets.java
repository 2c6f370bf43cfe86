package io.sparkctr.features.transform;

import java.util.List;

/**
 * The two bucketizing numeric transforms. Bucket labels carry a prefix so a log bucket and a
 * small integer never share a token.
 *
 * <ul>
 *   <li>log-bucket (the Criteo competition winners' scheme): v &gt; 2 gives {@code L} + floor(ln(v)^2),
 *       otherwise {@code S} + floor(v). 1 → S1, 2 → S2, 3 → L1, 10 → L5, 1000 → L47.</li>
 *   <li>quantile: {@code Q} + the number of fitted edges ≤ v. Edges [1, 5, 9]: 0 → Q0, 5 → Q2, 12 → Q3.</li>
 * </ul>
 */
public final class NumericBuckets {
  private NumericBuckets() {}

  public static String logBucket(double v) {
    if (v > 2) {
      double l = Math.log(v);
      return "L" + (long) Math.floor(l * l);
    }
    return "S" + (long) Math.floor(v);
  }

  public static String quantileBucket(double v, double[] edges) {
    int lo = 0;
    int hi = edges.length;
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if (edges[mid] <= v) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
    return "Q" + lo;
  }

  /** Sorted distinct finite edges. */
  public static double[] distinctEdges(List<Double> edges) {
    return edges.stream().mapToDouble(Double::doubleValue).filter(Double::isFinite).sorted().distinct().toArray();
  }
}
