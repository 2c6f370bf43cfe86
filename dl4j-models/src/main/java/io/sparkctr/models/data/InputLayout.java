package io.sparkctr.models.data;

import java.io.Serializable;
import java.util.Arrays;
import java.util.List;

/**
 * The columns of a graph's single input row: {@code fields} single-valued slots and one block of
 * {@code bagLengths[b]} positions per multi-valued (pooled) field, each position an id in the
 * two-float encoding of {@link Batches}, then one pooling weight per bag position, then the dense
 * values:
 * <pre>
 *   [low(id[0..P)) | high(id[0..P)) | weight[0..Pb) | dense[0..D)]     P = fields + Pb, Pb = Σ bagLengths
 * </pre>
 * A bag shorter than its length is padded with weight 0, which the sparse layers skip (no lookup,
 * no update). Without bags this is the original layout {@code [low | high | dense]}. A plain
 * immutable class (Spark's Kryo cannot rebuild records).
 */
public final class InputLayout implements Serializable {
  private final int fields;
  private final int[] bagLengths;
  private final int dense;

  public InputLayout(int fields, int[] bagLengths, int dense) {
    if (fields < 0 || dense < 0 || Arrays.stream(bagLengths).anyMatch(l -> l < 1) || fields + bagLengths.length == 0) {
      throw new IllegalArgumentException("Cannot lay out model input: " + fields + " fields, bag lengths "
          + Arrays.toString(bagLengths) + ", " + dense + " dense values");
    }
    this.fields = fields;
    this.bagLengths = bagLengths.clone();
    this.dense = dense;
  }

  public InputLayout(int fields, List<Integer> bagLengths, int dense) {
    this(fields, bagLengths.stream().mapToInt(Integer::intValue).toArray(), dense);
  }

  /** Single-valued slots only (the layout before pooled fields). */
  public static InputLayout of(int fields, int dense) {
    return new InputLayout(fields, new int[0], dense);
  }

  /** Single-valued slots. */
  public int fields() {
    return fields;
  }

  public int bags() {
    return bagLengths.length;
  }

  public int bagLength(int b) {
    return bagLengths[b];
  }

  public int[] bagLengths() {
    return bagLengths.clone();
  }

  /** Field vectors the embedding layers output: the slots, then one per bag. */
  public int modelFields() {
    return fields + bagLengths.length;
  }

  /** Bag positions, Σ bagLengths. */
  public int bagPositions() {
    return Arrays.stream(bagLengths).sum();
  }

  /** Id positions: slots and bag positions. */
  public int positions() {
    return fields + bagPositions();
  }

  /** Columns the sparse layers read: both id halves and the bag weights. */
  public int idColumns() {
    return 2 * positions() + bagPositions();
  }

  public int dense() {
    return dense;
  }

  public int width() {
    return idColumns() + dense;
  }
}
