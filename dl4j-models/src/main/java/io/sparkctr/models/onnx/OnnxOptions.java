package io.sparkctr.models.onnx;

import io.sparkctr.models.tables.Quantization;

/**
 * How {@link OnnxExport} writes a model.
 *
 * @param quantization how the k-dim embedding tables are stored
 * @param externalThreshold from this many bytes of parameters on, the tables go into files beside the
 *     model (ONNX external data) instead of inside it; {@link #PROTOBUF_LIMIT} by default, as a protobuf
 *     message cannot exceed 2 GiB. Lower it only to force the external path (tests)
 */
public record OnnxOptions(Quantization quantization, long externalThreshold) {
  /** The largest protobuf message: 2 GiB − 1 bytes. */
  public static final long PROTOBUF_LIMIT = Integer.MAX_VALUE;
  /** Float tables, inline below protobuf's limit. */
  public static final OnnxOptions DEFAULT = new OnnxOptions(Quantization.NONE, PROTOBUF_LIMIT);

  public OnnxOptions {
    if (quantization == null) {
      throw new IllegalArgumentException("Cannot export to ONNX: no quantization given (none or int8)");
    }
    if (externalThreshold < 1 || externalThreshold > PROTOBUF_LIMIT) {
      throw new IllegalArgumentException("Cannot export to ONNX: external-data threshold " + externalThreshold
          + " must be in [1, " + PROTOBUF_LIMIT + "] bytes");
    }
  }

  public OnnxOptions withQuantization(Quantization q) {
    return new OnnxOptions(q, externalThreshold);
  }

  public OnnxOptions withExternalThreshold(long bytes) {
    return new OnnxOptions(quantization, bytes);
  }
}
