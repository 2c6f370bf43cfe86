package io.sparkctr.models.onnx;

import java.util.Arrays;
import java.util.Locale;

/** How the k-dimensional embedding tables are stored for serving; first-order (k = 1) tables stay float. */
public enum Quantization {
  /** 32-bit floats, as trained. */
  NONE,
  /** Row-wise uint8 with a binary16 scale and bias per row ({@link RowWiseInt8}). */
  INT8;

  /** Reads {@code none} or {@code int8}. */
  public static Quantization parse(String s) {
    try {
      return valueOf(s.trim().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("Cannot read quantization '" + s + "': not one of "
          + Arrays.stream(values()).map(q -> q.name().toLowerCase(Locale.ROOT)).toList());
    }
  }
}
