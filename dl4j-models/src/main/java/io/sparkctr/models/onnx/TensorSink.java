package io.sparkctr.models.onnx;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import onnx.Onnx.TensorProto;
import org.nd4j.shade.protobuf.ByteString;

/**
 * Receives one tensor's raw little-endian bytes chunk by chunk and makes its {@link TensorProto}: inline
 * ({@link #inline}, the chunks joined without copying) or in a file beside the model ({@link #file}).
 */
abstract class TensorSink implements AutoCloseable {
  final String name;
  final int type;
  final long[] dims;

  private TensorSink(String name, int type, long[] dims) {
    this.name = name;
    this.type = type;
    this.dims = dims.clone();
  }

  abstract void write(byte[] chunk);

  /** The tensor, once every chunk is written. */
  abstract TensorProto finish();

  @Override
  public void close() {}

  static TensorSink inline(String name, int type, long[] dims) {
    return new TensorSink(name, type, dims) {
      private final List<ByteString> chunks = new ArrayList<>();

      @Override
      void write(byte[] chunk) {
        chunks.add(ByteString.copyFrom(chunk));
      }

      @Override
      TensorProto finish() {
        return OnnxTensors.raw(name, type, dims, ByteString.copyFrom(chunks));
      }
    };
  }

  /** Writes into {@code dir/<name>.bin}; the tensor names that file. */
  static TensorSink file(Path dir, String name, int type, long[] dims) {
    String location = name + ".bin";
    OutputStream out;
    try {
      out = new BufferedOutputStream(Files.newOutputStream(dir.resolve(location)), 1 << 20);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot write external data " + location + ": " + e.getMessage(), e);
    }
    return new TensorSink(name, type, dims) {
      private long length;

      @Override
      void write(byte[] chunk) {
        try {
          out.write(chunk);
          length += chunk.length;
        } catch (IOException e) {
          throw new UncheckedIOException("Cannot write external data " + location + ": " + e.getMessage(), e);
        }
      }

      @Override
      TensorProto finish() {
        close();
        return OnnxTensors.external(name, type, dims, location, 0, length);
      }

      @Override
      public void close() {
        try {
          out.close();
        } catch (IOException e) {
          throw new UncheckedIOException("Cannot write external data " + location + ": " + e.getMessage(), e);
        }
      }
    };
  }
}
