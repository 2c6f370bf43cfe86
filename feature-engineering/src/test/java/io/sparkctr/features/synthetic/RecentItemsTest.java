package io.sparkctr.features.synthetic;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparkctr.features.synthetic.PlantedClickModel.Impression;
import org.junit.jupiter.api.Test;

/**
 * The generator's recent_items sequence: its own random stream (every other column unchanged), at
 * most 8 items, and a true logit that moves by exactly 1.5 × the mean of the items' weights.
 */
class RecentItemsTest {
  @Test
  void recentItemsAddAColumnAndTheirPlantedTermOnly() {
    PlantedClickModel plain = new PlantedClickModel(4, 1000, 2);
    PlantedClickModel with = new PlantedClickModel(4, 1000, 2, true);
    assertEquals(PlantedClickModel.COLUMNS, plain.columns());
    assertEquals(PlantedClickModel.RECENT_ITEMS, with.columns().get(with.columns().size() - 1));
    int nonEmpty = 0;
    for (long id = 0; id < 1000; id++) {
      Impression a = plain.row(id);
      Impression b = with.row(id);
      assertNull(a.recentItems());
      assertEquals(a.timestamp(), b.timestamp());
      assertArrayEquals(a.categorical(), b.categorical());
      assertArrayEquals(a.numeric(), b.numeric());
      String[] items = b.recentItems().isEmpty() ? new String[0] : b.recentItems().split(" ");
      assertTrue(items.length <= PlantedClickModel.RECENT_ITEMS_MAX);
      double mean = 0;
      for (String item : items) {
        mean += with.itemWeight(Integer.parseInt(item.substring(1))) / items.length;
      }
      double logitA = Math.log(a.probability() / (1 - a.probability()));
      double logitB = Math.log(b.probability() / (1 - b.probability()));
      assertEquals(PlantedClickModel.RECENT_ITEMS_WEIGHT * mean, logitB - logitA, 1e-9, "row " + id);
      nonEmpty += items.length > 0 ? 1 : 0;
    }
    assertTrue(nonEmpty > 800, "most rows have a history: " + nonEmpty);
  }
}
