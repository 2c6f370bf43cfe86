package io.sparkctr.models.tables;

/**
 * IEEE 754 half precision (binary16) conversions, rounding to nearest even (Java 17 has no
 * {@code Float.floatToFloat16}). Used for the per-row scale and bias of int8 tables.
 */
public final class Half {
  private Half() {}

  /** The binary16 bits nearest {@code f} (overflow to infinity, NaN kept). */
  public static short fromFloat(float f) {
    int bits = Float.floatToRawIntBits(f);
    int sign = (bits >>> 16) & 0x8000;
    int exp = (bits >>> 23) & 0xff;
    int mant = bits & 0x7fffff;
    if (exp == 0xff) {
      return (short) (sign | 0x7c00 | (mant != 0 ? 0x200 : 0));
    }
    int e = exp - 127 + 15;
    if (e >= 0x1f) {
      return (short) (sign | 0x7c00);
    }
    if (e <= 0) {
      if (e < -10) {
        return (short) sign;
      }
      mant |= 0x800000; // the implicit bit, then shift into the subnormal range
      int shift = 14 - e;
      int half = mant >>> shift;
      int rest = mant & ((1 << shift) - 1);
      int mid = 1 << (shift - 1);
      if (rest > mid || rest == mid && (half & 1) == 1) {
        half++;
      }
      return (short) (sign | half);
    }
    int half = (e << 10) | (mant >>> 13);
    int rest = mant & 0x1fff;
    if (rest > 0x1000 || rest == 0x1000 && (half & 1) == 1) {
      half++; // may carry into the exponent, up to infinity: still correct
    }
    return (short) (sign | half);
  }

  /** The float value of binary16 bits {@code h}. */
  public static float toFloat(short h) {
    int bits = h & 0xffff;
    int sign = (bits & 0x8000) << 16;
    int exp = (bits >>> 10) & 0x1f;
    int mant = bits & 0x3ff;
    if (exp == 0x1f) {
      return Float.intBitsToFloat(sign | 0x7f800000 | (mant << 13));
    }
    if (exp == 0) {
      float v = mant * 0x1p-24f;
      return sign == 0 ? v : -v;
    }
    return Float.intBitsToFloat(sign | ((exp - 15 + 127) << 23) | (mant << 13));
  }

  /** {@code f} rounded to the nearest binary16 value. */
  public static float round(float f) {
    return toFloat(fromFloat(f));
  }
}
