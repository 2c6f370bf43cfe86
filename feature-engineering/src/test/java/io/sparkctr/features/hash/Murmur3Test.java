package io.sparkctr.features.hash;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.apache.commons.codec.digest.MurmurHash3;
import org.junit.jupiter.api.Test;

class Murmur3Test {
  @Test
  void matchesAnIndependentImplementationForEveryTailLength() {
    Random rnd = new Random(11);
    for (int len = 0; len < 64; len++) {
      for (int trial = 0; trial < 20; trial++) {
        byte[] b = new byte[len];
        rnd.nextBytes(b);
        int seed = rnd.nextInt();
        assertEquals(MurmurHash3.hash32x86(b, 0, len, seed), Murmur3.hash32(b, seed), "length " + len);
      }
    }
  }

  @Test
  void knownReferenceVectors() {
    // from the reference SMHasher implementation
    assertEquals(0, Murmur3.hash32(new byte[0], 0));
    assertEquals(0x514E28B7, Murmur3.hash32(new byte[0], 1));
    assertEquals(0x248bfa47, Murmur3.hash32("hello".getBytes(StandardCharsets.UTF_8), 0));
  }
}
