package io.sparkctr.models.layers;

import java.nio.DoubleBuffer;
import java.nio.FloatBuffer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Copies between ND4J arrays (off-heap) and Java arrays that a layer keeps from step to step. The
 * sparse layers move a few MB per step between the two (ids in, gathered rows out, their gradients
 * back); allocating fresh Java arrays for that each step made every one of them a G1 "humongous"
 * object (≥ half a region) and each step triggered a collection with a concurrent mark over the
 * whole heap — the tables included (docs/design/sparse-tables.md, "Garbage per step").
 */
final class HostArrays {
  private HostArrays() {}

  /** {@code dst} when it holds {@code n} values, else a new array of {@code n} (callers keep it). */
  static double[] fit(double[] dst, int n) {
    return dst.length >= n ? dst : new double[n];
  }

  static float[] fit(float[] dst, int n) {
    return dst.length >= n ? dst : new float[n];
  }

  /**
   * The elements of {@code a} in C order, in the first {@code a.length()} values of {@code dst}
   * (grown when short; the caller keeps the returned array). A view or an 'f'-ordered array is
   * first copied (off-heap) to C order.
   */
  static double[] read(INDArray a, double[] dst) {
    DataType type = a.dataType();
    boolean direct = contiguousC(a) && (type == DataType.FLOAT || type == DataType.DOUBLE);
    INDArray c = direct ? a : a.dup('c'); // a copy has offset 0
    int n = (int) c.length();
    double[] out = fit(dst, n);
    int off = (int) c.offset(); // absolute in the buffer that asNio* views
    if (type == DataType.FLOAT) {
      FloatBuffer fb = c.data().asNioFloat();
      for (int i = 0; i < n; i++) {
        out[i] = fb.get(off + i);
      }
    } else if (type == DataType.DOUBLE) {
      c.data().asNioDouble().get(off, out, 0, n);
    } else {
      System.arraycopy(c.data().getDoublesAt(0, n), 0, out, 0, n);
    }
    return out;
  }

  /**
   * As {@link #read(INDArray, double[])} for a FLOAT array, without widening: one bulk copy when it is
   * contiguous in C order.
   */
  static float[] readFloats(INDArray a, float[] dst) {
    if (a.dataType() != DataType.FLOAT) {
      throw new IllegalStateException("Cannot read floats from an array of " + a.dataType());
    }
    INDArray c = contiguousC(a) ? a : a.dup('c');
    int n = (int) c.length();
    float[] out = fit(dst, n);
    c.data().asNioFloat().get((int) c.offset(), out, 0, n);
    return out;
  }

  /** Writes {@code src[0, a.length())} into {@code a}, a new C-ordered FLOAT array that is not a view. */
  static void writeFloats(float[] src, INDArray a) {
    if (a.dataType() != DataType.FLOAT || a.offset() != 0 || !contiguousC(a)) {
      throw new IllegalStateException("Cannot write floats into " + a.dataType() + " " + a.shapeInfoToString());
    }
    a.data().asNioFloat().put(0, src, 0, (int) a.length());
  }

  /** Whether the elements lie in C order, one after the other (dimensions of size 1 aside). */
  static boolean contiguousC(INDArray a) {
    long[] shape = a.shape();
    long[] stride = a.stride();
    long expected = 1;
    for (int i = shape.length - 1; i >= 0; i--) {
      if (shape[i] != 1 && stride[i] != expected) {
        return false;
      }
      expected *= shape[i];
    }
    return true;
  }

  /**
   * Writes {@code src[0, a.length())} into {@code a}, a new C-ordered array that is not a view;
   * {@code scratch} holds at least {@code a.length()} floats when {@code a} is FLOAT (unused else).
   */
  static void write(double[] src, INDArray a, float[] scratch) {
    int n = (int) a.length();
    if (a.offset() != 0 || !contiguousC(a)) {
      throw new IllegalStateException("Cannot write rows into a view or an 'f'-ordered array: " + a.shapeInfoToString());
    }
    if (a.dataType() == DataType.DOUBLE) {
      DoubleBuffer db = a.data().asNioDouble();
      db.put(0, src, 0, n);
    } else if (a.dataType() == DataType.FLOAT) {
      for (int i = 0; i < n; i++) {
        scratch[i] = (float) src[i];
      }
      a.data().asNioFloat().put(0, scratch, 0, n);
    } else {
      throw new IllegalStateException("Cannot write rows into an array of " + a.dataType());
    }
  }
}
