package io.sparkctr.common.hash;

/**
 * SplitMix64's finalizer (Steele, Lea and Flood 2014): a bijective 64-bit mix whose output bits
 * each depend on every input bit. The one copy used for seeded generators and hash-table slots.
 */
public final class SplitMix64 {
  private SplitMix64() {}

  public static long mix(long z) {
    z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
    z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
    return z ^ (z >>> 31);
  }
}
