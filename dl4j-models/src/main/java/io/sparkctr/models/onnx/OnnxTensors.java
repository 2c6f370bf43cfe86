package io.sparkctr.models.onnx;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import onnx.Onnx.StringStringEntryProto;
import onnx.Onnx.TensorProto;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.shade.protobuf.ByteString;
import org.nd4j.shade.protobuf.UnsafeByteOperations;

/**
 * ONNX tensors: raw little-endian data inline, or in a file beside the model (ONNX's external data:
 * {@code location} relative to the model's directory, {@code offset}, {@code length}).
 */
final class OnnxTensors {
  private OnnxTensors() {}

  static TensorProto floats(String name, long[] dims, float[] values) {
    ByteBuffer b = ByteBuffer.allocate(4 * values.length).order(ByteOrder.LITTLE_ENDIAN);
    b.asFloatBuffer().put(values);
    return raw(name, TensorProto.DataType.FLOAT_VALUE, dims, UnsafeByteOperations.unsafeWrap(b.array()));
  }

  static TensorProto longs(String name, long... values) {
    ByteBuffer b = ByteBuffer.allocate(8 * values.length).order(ByteOrder.LITTLE_ENDIAN);
    b.asLongBuffer().put(values);
    return raw(name, TensorProto.DataType.INT64_VALUE, new long[] {values.length},
        UnsafeByteOperations.unsafeWrap(b.array()));
  }

  /**
   * A DL4J parameter (e.g. a dense layer's W of [nIn, nOut], a view in 'f' order) as a float tensor of the
   * same shape in row-major order, which is ONNX's; a bias [1, n] becomes a vector [n].
   */
  static TensorProto parameter(String name, INDArray p, boolean vector) {
    INDArray c = p.castTo(DataType.FLOAT).dup('c');
    float[] v = c.reshape(c.length()).toFloatVector();
    return floats(name, vector ? new long[] {c.length()} : c.shape(), v);
  }

  static TensorProto raw(String name, int type, long[] dims, ByteString data) {
    TensorProto.Builder t = TensorProto.newBuilder().setName(name).setDataType(type).setRawData(data);
    for (long d : dims) {
      t.addDims(d);
    }
    return t.build();
  }

  /** A tensor whose {@code length} bytes lie in file {@code location} (beside the model) from {@code offset}. */
  static TensorProto external(String name, int type, long[] dims, String location, long offset, long length) {
    TensorProto.Builder t = TensorProto.newBuilder().setName(name).setDataType(type)
        .setDataLocation(TensorProto.DataLocation.EXTERNAL)
        .addExternalData(entry("location", location))
        .addExternalData(entry("offset", Long.toString(offset)))
        .addExternalData(entry("length", Long.toString(length)));
    for (long d : dims) {
      t.addDims(d);
    }
    return t.build();
  }

  private static StringStringEntryProto entry(String k, String v) {
    return StringStringEntryProto.newBuilder().setKey(k).setValue(v).build();
  }
}
