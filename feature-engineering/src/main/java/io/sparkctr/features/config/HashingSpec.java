package io.sparkctr.features.config;

import java.io.Serializable;
import java.util.List;

/**
 * The shared index space: 2^bits indices, murmur3 with {@code seed}. {@code shared} lists groups of
 * categorical or multi-valued fields that hash their values under one name, the group's first
 * (e.g. {@code [item_id, recent_items]}: a clicked item and the candidate item get the same index,
 * so the same embedding row).
 */
public record HashingSpec(int bits, int seed, List<List<String>> shared) implements Serializable {
  public static final int MIN_BITS = 8;
  public static final int MAX_BITS = 30;

  /** A space where every field hashes under its own name. */
  public HashingSpec(int bits, int seed) {
    this(bits, seed, List.of());
  }

  /** The name {@code feature}'s values are hashed under: its group's first field, else itself. */
  public String hashName(String feature) {
    for (List<String> g : shared) {
      if (g.contains(feature)) {
        return g.get(0);
      }
    }
    return feature;
  }

  public HashingSpec {
    shared = shared.stream().map(List::copyOf).toList();
    if (bits < MIN_BITS || bits > MAX_BITS) {
      throw new IllegalArgumentException("Cannot configure hashing.bits: " + bits + " is outside ["
          + MIN_BITS + ", " + MAX_BITS + "]");
    }
  }

  public int size() {
    return 1 << bits;
  }
}
