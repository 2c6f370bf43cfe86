package io.sparkctr.models.data;

import java.io.Serializable;

/**
 * One row of the feature job's output: label, event time (epoch seconds), one hashed index per
 * manifest slot, the dense values, and the optional group key. A plain immutable class (Spark's
 * Kryo cannot rebuild records).
 */
public final class FeatureRow implements Serializable {
  public final int label;
  public final long timestamp;
  public final int[] indices;
  public final double[] dense;
  public final String group;

  public FeatureRow(int label, long timestamp, int[] indices, double[] dense, String group) {
    this.label = label;
    this.timestamp = timestamp;
    this.indices = indices;
    this.dense = dense == null ? new double[0] : dense;
    this.group = group;
  }
}
