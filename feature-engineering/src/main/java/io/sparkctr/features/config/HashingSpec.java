package io.sparkctr.features.config;

import java.io.Serializable;

/** The shared index space: 2^bits indices, murmur3 with {@code seed}. */
public record HashingSpec(int bits, int seed) implements Serializable {
  public static final int MIN_BITS = 8;
  public static final int MAX_BITS = 30;

  public HashingSpec {
    if (bits < MIN_BITS || bits > MAX_BITS) {
      throw new IllegalArgumentException("Cannot configure hashing.bits: " + bits + " is outside ["
          + MIN_BITS + ", " + MAX_BITS + "]");
    }
  }

  public int size() {
    return 1 << bits;
  }
}
