package io.sparkctr.features.hash;

import java.io.Serializable;
import java.nio.charset.StandardCharsets;

/**
 * The one index space of 2^bits that every field, numeric bucket and cross shares.
 *
 * <p>The first {@code 2 * slots} indices are reserved: slot {@code s} (the s-th entry of the
 * feature array) owns index {@code 2s} for a missing value and {@code 2s + 1} for an
 * out-of-vocabulary value, so those never collide with anything. Every other token
 * {@code name=value} is hashed with murmur3 x86_32 over its UTF-8 bytes into the rest:
 * <pre>
 *   index = reserved + unsigned(murmur3_x86_32(utf8("name=value"), seed)) mod (2^bits - reserved)
 * </pre>
 * Worked example: bits = 18, seed = 42, 3 slots (reserved = 6); token {@code c1=abc} hashes to
 * some h; its index is {@code 6 + (h & 0xffffffffL) % 262138}. A missing c1 (slot 0) is index 0.
 */
public final class IndexSpace implements Serializable {
  private final int size;
  private final int reserved;
  private final int seed;

  public IndexSpace(int bits, int seed, int slots) {
    this.size = 1 << bits;
    this.reserved = 2 * slots;
    this.seed = seed;
    if (reserved * 4 > size) {
      throw new IllegalArgumentException("Cannot build index space: " + slots + " feature slots reserve "
          + reserved + " of only " + size + " indices (2^" + bits + "); raise hashing.bits");
    }
  }

  public int size() {
    return size;
  }

  public int reserved() {
    return reserved;
  }

  public int missingIndex(int slot) {
    return 2 * slot;
  }

  public int outOfVocabularyIndex(int slot) {
    return 2 * slot + 1;
  }

  /** The index of the token {@code name=value}. */
  public int index(String name, String value) {
    return indexOfToken(token(name, value));
  }

  public int indexOfToken(String token) {
    int h = Murmur3.hash32(token.getBytes(StandardCharsets.UTF_8), seed);
    return reserved + (int) (Integer.toUnsignedLong(h) % (size - reserved));
  }

  public static String token(String name, String value) {
    return name + "=" + value;
  }
}
