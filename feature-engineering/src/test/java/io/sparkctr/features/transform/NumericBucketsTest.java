package io.sparkctr.features.transform;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class NumericBucketsTest {
  @Test
  void logBucketFollowsTheCriteoScheme() {
    assertEquals("S-3", NumericBuckets.logBucket(-3));
    assertEquals("S0", NumericBuckets.logBucket(0));
    assertEquals("S1", NumericBuckets.logBucket(1.7));
    assertEquals("S2", NumericBuckets.logBucket(2));
    assertEquals("L1", NumericBuckets.logBucket(3));      // ln(3)^2 = 1.21
    assertEquals("L5", NumericBuckets.logBucket(10));     // ln(10)^2 = 5.30
    assertEquals("L47", NumericBuckets.logBucket(1000));  // ln(1000)^2 = 47.7
  }

  @Test
  void quantileBucketCountsEdgesAtOrBelow() {
    double[] edges = {1, 5, 9};
    assertEquals("Q0", NumericBuckets.quantileBucket(0, edges));
    assertEquals("Q1", NumericBuckets.quantileBucket(1, edges));
    assertEquals("Q1", NumericBuckets.quantileBucket(4.99, edges));
    assertEquals("Q2", NumericBuckets.quantileBucket(5, edges));
    assertEquals("Q3", NumericBuckets.quantileBucket(12, edges));
  }

  @Test
  void edgesAreSortedAndDistinct() {
    assertArrayEquals(new double[] {1, 2, 3}, NumericBuckets.distinctEdges(List.of(3.0, 1.0, 2.0, 2.0)));
  }
}
