package io.sparkctr.features.arms;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparkctr.features.hash.Murmur3;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The arm split: the documented rule, stable, close to its fractions, independent across salts, validated. */
class ArmSplitTest {
  static final ArmSplit SPLIT = ArmSplit.parse("control=0.3,treatment=0.7", "exp-1");

  @Test
  void followsTheDocumentedRule() {
    for (int u = 0; u < 1_000; u++) {
      long h = Murmur3.hash32(("exp-1/u" + u).getBytes(StandardCharsets.UTF_8), 0) & 0xFFFFFFFFL;
      String expected = h < Math.round(0.3 * 4294967296.0) ? "control" : "treatment";
      assertEquals(expected, SPLIT.assign("u" + u), "u" + u);
      assertEquals(SPLIT.assign("u" + u), ArmSplit.parse("control=0.3,treatment=0.7", "exp-1").assign("u" + u));
    }
    @SuppressWarnings("unchecked")
    List<Map<String, Object>> arms = (List<Map<String, Object>>) SPLIT.describe("user_id").get("arms");
    assertEquals(Math.round(0.3 * 4294967296.0), arms.get(0).get("hashTo"));
    assertEquals(1L << 32, arms.get(1).get("hashTo"));
    assertEquals("murmur3_x86_32", SPLIT.describe("user_id").get("hash"));
  }

  @Test
  void unitsFollowTheFractionsAndSaltsAreIndependent() {
    ArmSplit other = ArmSplit.parse("control=0.3,treatment=0.7", "exp-2");
    int n = 100_000;
    int control = 0;
    int bothControl = 0;
    for (int u = 0; u < n; u++) {
      boolean c = SPLIT.index("u" + u) == 0;
      control += c ? 1 : 0;
      bothControl += c && other.index("u" + u) == 0 ? 1 : 0;
    }
    assertEquals(0.3, (double) control / n, 0.005);
    assertEquals(0.09, (double) bothControl / n, 0.005, "another salt splits independently");
  }

  @Test
  void refusesWhatIsNoSplit() {
    assertTrue(assertThrows(IllegalArgumentException.class, () -> ArmSplit.parse("a=0.5,b=0.4", "s")).getMessage()
        .contains("sum to 0.9"));
    assertTrue(assertThrows(IllegalArgumentException.class, () -> ArmSplit.parse("a=1", "s")).getMessage()
        .contains("at least 2 arms"));
    assertTrue(assertThrows(IllegalArgumentException.class, () -> ArmSplit.parse("a=0.5,a=0.5", "s")).getMessage()
        .contains("named twice"));
    assertTrue(assertThrows(IllegalArgumentException.class, () -> ArmSplit.parse("a b=0.5,c=0.5", "s")).getMessage()
        .startsWith("Cannot define arm 'a b'"));
  }
}
