package io.sparkctr.features.transform;

import io.sparkctr.features.hash.Murmur3;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;

/**
 * Keeps every positive and each negative with probability {@code rate}. The decision is a hash
 * of (seed, file name, position in file), not a random stream, so it does not depend on
 * partitioning or task order and a rerun keeps exactly the same rows.
 */
public final class NegativeDownsampler implements Serializable {
  private final double rate;
  private final int seed;

  public NegativeDownsampler(double rate, int seed) {
    this.rate = rate;
    this.seed = seed;
  }

  public boolean keep(int label, String file, long position) {
    if (label == 1 || rate >= 1.0) {
      return true;
    }
    byte[] key = (file + ':' + position).getBytes(StandardCharsets.UTF_8);
    double u = Integer.toUnsignedLong(Murmur3.hash32(key, seed)) / 4294967296.0;
    return u < rate;
  }
}
