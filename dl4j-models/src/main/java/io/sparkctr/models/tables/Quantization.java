package io.sparkctr.models.tables;

import java.util.Arrays;
import java.util.Locale;

/**
 * How the k-dimensional embedding tables are stored for serving (the ONNX export and the bundle);
 * first-order (k = 1) tables stay float. A table that is int8 already ({@link Int8Table}, read from an
 * int8 bundle) stays int8 whatever is asked: its float values are gone.
 */
public enum Quantization {
  /** 32-bit floats, as trained. */
  NONE,
  /** Row-wise uint8 with a binary16 scale and bias per row ({@link RowWiseInt8}). */
  INT8;

  /** Whether {@code t} is stored int8: an {@link Int8Table}, or with {@link #INT8} a float table of k > 1. */
  public boolean quantizes(EmbeddingTable t) {
    return t instanceof Int8Table || this == INT8 && t.dim() > 1;
  }

  /** The lower-case name, as {@link #parse} reads it and the bundle and ONNX metadata write it. */
  public String configName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** Reads {@code none} or {@code int8}. */
  public static Quantization parse(String s) {
    try {
      return valueOf(s.trim().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("Cannot read quantization '" + s + "': not one of "
          + Arrays.stream(values()).map(Quantization::configName).toList());
    }
  }
}
