package io.sparkctr.models.tables;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** binary16 conversions against known bit patterns, rounding to nearest even, subnormals and overflow. */
class HalfTest {
  @Test
  void knownValuesConvertBothWays() {
    float[] values = {0f, 1f, -2f, 0.5f, 65504f, 6.1035156e-5f, 5.9604645e-8f, 0.333251953125f};
    int[] bits = {0x0000, 0x3c00, 0xc000, 0x3800, 0x7bff, 0x0400, 0x0001, 0x3555};
    for (int i = 0; i < values.length; i++) {
      assertEquals(bits[i], Half.fromFloat(values[i]) & 0xffff, "bits of " + values[i]);
      assertEquals(values[i], Half.toFloat((short) bits[i]), "value of " + Integer.toHexString(bits[i]));
    }
  }

  @Test
  void roundsToNearestEvenAndOverflowsToInfinity() {
    assertEquals(1f, Half.round(1f + 0x1p-11f), "a tie rounds to the even 1.0");
    assertEquals(1f + 0x1p-9f, Half.round(1f + 3 * 0x1p-11f), "a tie rounds to the even neighbour above");
    assertEquals(Float.POSITIVE_INFINITY, Half.round(70000f));
    assertEquals(0f, Half.round(1e-9f));
  }
}
