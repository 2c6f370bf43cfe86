package io.sparkctr.models.layers;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.deeplearning4j.nn.conf.dropout.IDropout;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.transforms.pairwise.arithmetic.MulOp;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.shade.jackson.annotation.JsonIgnore;
import org.nd4j.shade.jackson.annotation.JsonProperty;

/**
 * Dropout of the MLP's input by field, at training time only (DL4J applies an {@link IDropout} to a
 * layer's input while fitting, never at inference): each example's whole embedding vector of a field
 * (its k values) is dropped with probability {@code field}, then each remaining value (dense values
 * included) with probability {@code element}; what is kept is scaled by 1/(1 − p) for each, so the
 * expected input is unchanged. The input is the MLP's concatenation: for each table group in order its
 * [k, fields] block flattened row-major (value c of field f at {@code c · fields + f}), then
 * {@code dense} values, which are never dropped as a field.
 */
public class FieldDropout implements IDropout {
  private static final long serialVersionUID = 1L;
  @JsonProperty private final double field;
  @JsonProperty private final double element;
  @JsonProperty private final int[] dims;
  @JsonProperty private final int[] fields;
  @JsonProperty private final int dense;
  @JsonIgnore private transient INDArray mask;

  public FieldDropout(@JsonProperty("field") double field, @JsonProperty("element") double element,
                      @JsonProperty("dims") int[] dims, @JsonProperty("fields") int[] fields,
                      @JsonProperty("dense") int dense) {
    if (!(field >= 0 && field < 1 && element >= 0 && element < 1) || dims.length != fields.length || dense < 0) {
      throw new IllegalArgumentException("Cannot drop fields at " + field + " and values at " + element + " of groups "
          + Arrays.toString(dims) + " × " + Arrays.toString(fields) + " + " + dense);
    }
    this.field = field;
    this.element = element;
    this.dims = dims.clone();
    this.fields = fields.clone();
    this.dense = dense;
  }

  /** Values per example: Σ k × fields over the groups, plus the dense values. */
  public int width() {
    int w = dense;
    for (int g = 0; g < dims.length; g++) {
      w += dims[g] * fields[g];
    }
    return w;
  }

  @Override
  public INDArray applyDropout(INDArray in, INDArray out, int iteration, int epoch, LayerWorkspaceMgr ws) {
    long rows = in.size(0);
    int width = width();
    if (in.rank() != 2 || in.size(1) != width) {
      throw new IllegalStateException("Cannot drop fields of an input of shape " + Arrays.toString(in.shape())
          + ": expected [batch, " + width + "]");
    }
    // one draw from ND4J's (seeded, per-thread) generator seeds the mask's: a JNI call per value would cost more
    float[] m = masks((int) rows, width, new SplittableRandom(Nd4j.getRandom().nextLong()));
    mask = ws.createUninitialized(ArrayType.INPUT, out.dataType(), in.shape(), 'c');
    mask.assign(Nd4j.createFromArray(m).reshape(rows, width).castTo(out.dataType()));
    Nd4j.getExecutioner().exec(new MulOp(in.castTo(out.dataType()), mask, out));
    return out;
  }

  /** Row-major [rows, width]: 0 for a dropped value, else the product of the kept scales. */
  float[] masks(int rows, int width, SplittableRandom rnd) {
    float[] m = new float[rows * width];
    float keepField = (float) (1 / (1 - field));
    float keepElement = (float) (1 / (1 - element));
    for (int r = 0; r < rows; r++) {
      int base = r * width;
      for (int g = 0, off = 0; g < dims.length; off += dims[g] * fields[g], g++) {
        for (int f = 0; f < fields[g]; f++) {
          float v = field > 0 && rnd.nextDouble() < field ? 0 : keepField;
          for (int c = 0; c < dims[g]; c++) {
            m[base + off + c * fields[g] + f] = v;
          }
        }
      }
      Arrays.fill(m, base + width - dense, base + width, 1);
      if (element > 0) {
        for (int i = base; i < base + width; i++) {
          m[i] = rnd.nextDouble() < element ? 0 : m[i] * keepElement;
        }
      }
    }
    return m;
  }

  @Override
  public INDArray backprop(INDArray gradAtOutput, INDArray gradAtInput, int iteration, int epoch) {
    if (mask == null) {
      throw new IllegalStateException("Cannot backpropagate field dropout: no mask (forward pass not in training?)");
    }
    Nd4j.getExecutioner().exec(new MulOp(gradAtOutput, mask.castTo(gradAtInput.dataType()), gradAtInput));
    mask = null;
    return gradAtInput;
  }

  @Override
  public void clear() {
    mask = null;
  }

  @Override
  public FieldDropout clone() {
    return new FieldDropout(field, element, dims, fields, dense);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof FieldDropout f && f.field == field && f.element == element && Arrays.equals(f.dims, dims)
        && Arrays.equals(f.fields, fields) && f.dense == dense;
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(new double[] {field, element, dense, Arrays.hashCode(dims), Arrays.hashCode(fields)});
  }
}
