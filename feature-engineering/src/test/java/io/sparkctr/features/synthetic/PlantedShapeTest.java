package io.sparkctr.features.synthetic;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparkctr.features.synthetic.PlantedClickModel.Impression;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.Set;
import org.junit.jupiter.api.Test;

class PlantedShapeTest {
  /** SHA-256 over every field of rows [0, n) of the demo's model, as text. */
  static String digest(PlantedClickModel m, long n) throws Exception {
    MessageDigest md = MessageDigest.getInstance("SHA-256");
    for (long id = 0; id < n; id++) {
      Impression i = m.row(id);
      String s = i.id() + "," + i.label() + "," + Double.doubleToLongBits(i.probability()) + "," + i.timestamp() + ","
          + i.user() + "," + Arrays.toString(i.categorical()) + "," + Arrays.toString(i.numeric()) + ","
          + i.recentItems() + "\n";
      md.update(s.getBytes(StandardCharsets.UTF_8));
    }
    return HexFormat.of().formatHex(md.digest());
  }

  /** Digests computed with the generator before it took shapes (main at d7c23ab). */
  @Test
  void demoShapeGeneratesTheDemosRowsByteForByte() throws Exception {
    assertEquals("e1e3c408d45178140fbcec2e625160f8f13a7fd1dd16581057f209d904bacea8",
        digest(new PlantedClickModel(1, 200_000, 7), 200_000), "the demo's defaults: seed 1, 200,000 rows, 7 days");
    assertEquals("a2811bc31813668a59650ed79566b59625f96a01784c07974dd18f1e16bd5739",
        digest(new PlantedClickModel(9, 20_000, 4, true), 20_000), "with recent items");
    assertEquals("6ad7394d89c286fc06bd73df91b2dbeac73e4de7bbcbe9ac219cf1a70e8d2179",
        digest(new PlantedClickModel(PlantedShape.DEMO, 3, 50_000, 3, false), 50_000));
  }

  @Test
  void realisticShapeHasLongTailsAndItsColumns() {
    PlantedClickModel m = new PlantedClickModel(PlantedShape.REALISTIC, 5, 50_000, 10, false);
    assertEquals(4 + 26 + 13, m.columns().size());
    assertEquals("c26", m.columns().get(29));
    assertEquals("n13", m.columns().get(42));
    Set<String> big = new HashSet<>();
    long clicks = 0;
    for (long id = 0; id < 50_000; id++) {
      Impression i = m.row(id);
      clicks += i.label();
      if (i.categorical()[24] != null) {
        big.add(i.categorical()[24]);
      }
    }
    // log-uniform over 200,000 values: about half the draws land on values seen once or twice
    assertTrue(big.size() > 10_000, "distinct values of c25: " + big.size());
    double rate = clicks / 50_000.0;
    assertTrue(rate > 0.1 && rate < 0.35, "base rate " + rate);
  }

  @Test
  void shapesAreNamed() {
    assertEquals(PlantedShape.REALISTIC, PlantedShape.named("Realistic"));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> PlantedShape.named("criteo"));
    assertTrue(e.getMessage().contains("[demo, realistic]"), e.getMessage());
  }
}
