package io.sparkctr.models.data;

import java.io.Serializable;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A minibatch as plain float arrays, laid out as {@link Batches} lays out a DataSet: what moves
 * between Spark tasks (a shuffle writes a {@code float[]} in one pass, where ND4J's serializer of a
 * DataSet writes element by element) and becomes the DataSet where it is fitted. A plain class with
 * plain fields: Spark's Kryo cannot rebuild records.
 */
public final class MiniBatch implements Serializable {
  private final float[] features;
  private final float[] labels;
  private final int width;

  /**
   * @param features {@code labels.length × width} values, row-major
   * @param labels one per row
   * @param width values per row
   */
  public MiniBatch(float[] features, float[] labels, int width) {
    if (width <= 0 || features.length != (long) labels.length * width) {
      throw new IllegalArgumentException("Cannot make a minibatch of " + labels.length + " rows of " + width
          + " values from " + features.length + " feature values");
    }
    this.features = features;
    this.labels = labels;
    this.width = width;
  }

  /** Examples in the minibatch. */
  public int rows() {
    return labels.length;
  }

  /** The DataSet the graphs fit: features [rows, width] and labels [rows, 1], both FLOAT, in new arrays. */
  public DataSet toDataSet() {
    return new DataSet(Nd4j.create(features, new long[] {labels.length, width}, DataType.FLOAT),
        Nd4j.create(labels, new long[] {labels.length, 1}, DataType.FLOAT));
  }
}
