package io.sparkctr.models.data;

import java.io.Serializable;

/**
 * One row of the feature job's output: label, event time (epoch seconds), one hashed index per
 * manifest slot, the dense values, the optional group key, and per multi-valued field its items'
 * indices and pooling weights. A plain immutable class (Spark's
 * Kryo cannot rebuild records).
 */
public final class FeatureRow implements Serializable {
  public final int label;
  public final long timestamp;
  public final int[] indices;
  public final double[] dense;
  public final String group;
  /** Per multi-valued field: the items' indices (at least one), and their pooling weights. */
  public final int[][] bags;
  public final float[][] bagWeights;

  public FeatureRow(int label, long timestamp, int[] indices, double[] dense, String group) {
    this(label, timestamp, indices, dense, group, null, null);
  }

  public FeatureRow(int label, long timestamp, int[] indices, double[] dense, String group, int[][] bags,
                    float[][] bagWeights) {
    this.bags = bags == null ? new int[0][] : bags;
    this.bagWeights = bagWeights == null ? new float[0][] : bagWeights;
    this.label = label;
    this.timestamp = timestamp;
    this.indices = indices;
    this.dense = dense == null ? new double[0] : dense;
    this.group = group;
  }
}
