package io.sparkctr.features.transform;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparkctr.features.hash.IndexSpace;
import io.sparkctr.features.hash.Murmur3;
import io.sparkctr.features.manifest.FeatureManifest;
import io.sparkctr.features.manifest.FeatureManifest.IndexTable;
import io.sparkctr.features.manifest.FeatureManifest.MultiSlot;
import io.sparkctr.features.manifest.FeatureManifest.Slot;
import io.sparkctr.features.parse.ParsedRecord;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Per-field index tables: each slot and multi-valued field hashes into its own table's space at its
 * table-local position, and a manifest without tables gives the indices of the one shared space.
 */
class IndexTablesTest {
  static final int SEED = 42;
  static final int BITS = 16;
  // slots user, item_id, ctx, n1 (log-bucket); multi-valued recent (hashed as item_id, vocabulary {i5, i7}), genres
  static final List<Slot> SLOTS = List.of(
      new Slot("user", Slot.CATEGORICAL, List.of("user"), null, null, 0, null),
      new Slot("item_id", Slot.CATEGORICAL, List.of("item_id"), null, null, 0, null),
      new Slot("ctx", Slot.CATEGORICAL, List.of("ctx"), null, null, 2, List.of("a", "b")),
      new Slot("n1", Slot.NUMERIC, List.of("n1"), "log-bucket", null, 0, null));
  static final List<MultiSlot> MULTI = List.of(
      new MultiSlot("recent", " ", 4, "sum", null, "none", 1, List.of("i5", "i7"), "item_id"),
      new MultiSlot("genres", "|", 4, "mean", null, "none", 0, null));
  // items: item_id (0), recent (1); context: ctx (0), n1 (1); default: user (0), genres (1)
  static final List<IndexTable> TABLES = List.of(
      new IndexTable("items", 10, List.of("item_id", "recent")),
      new IndexTable("context", 8, List.of("ctx", "n1")),
      new IndexTable(IndexTable.DEFAULT, BITS, List.of("user", "genres")));

  static FeatureManifest manifest(FeatureManifest.Hashing hashing) {
    return new FeatureManifest(1,
        new FeatureManifest.RawInput("csv", true, ",", List.of("label", "t", "user", "item_id", "ctx", "n1",
            "recent", "genres"), List.of()),
        new FeatureManifest.Fields("label", null, null, List.of("user", "item_id", "ctx"), List.of("n1"), "t",
            "epoch-seconds", "UTC", "x"),
        hashing, SLOTS, List.of(), new FeatureManifest.Downsampling(1.0, 7), null, null, MULTI);
  }

  static final FeatureManifest TABLED = manifest(new FeatureManifest.Hashing(BITS, SEED, 4, TABLES));
  static final FeatureManifest ONE_SPACE = manifest(new FeatureManifest.Hashing(BITS, SEED, 12));

  /** The documented scheme, computed here: reserved + unsigned(murmur3(token)) mod (2^bits - reserved). */
  static int expected(int bits, int fieldsInTable, String token) {
    int h = Murmur3.hash32(token.getBytes(StandardCharsets.UTF_8), SEED);
    int reserved = 2 * fieldsInTable;
    return reserved + (int) (Integer.toUnsignedLong(h) % ((1L << bits) - reserved));
  }

  static ParsedRecord record(String user, String item, String ctx, double n1, String[] recent, String[] genres) {
    return new ParsedRecord(1, 0, null, null, new String[] {user, item, ctx}, new double[] {n1}, "f", 0,
        new String[][] {recent, genres}, new float[][] {null, null}, new int[] {0, 0});
  }

  @Test
  void eachFieldHashesIntoItsOwnTableAtItsTableLocalPosition() {
    RecordTransformer t = new RecordTransformer(TABLED);
    ParsedRecord r = record("u1", "i5", "a", 10, new String[] {"i7", "i5"}, new String[] {"Drama"});
    assertArrayEquals(new int[] {
        expected(BITS, 2, "user=u1"), expected(10, 2, "item_id=i5"), expected(8, 2, "ctx=a"),
        expected(8, 2, "n1=L5")}, t.indices(r));
    int[][] bags = t.bags(r);
    assertArrayEquals(new int[] {expected(10, 2, "item_id=i7"), expected(10, 2, "item_id=i5")}, bags[0]);
    assertArrayEquals(new int[] {expected(BITS, 2, "genres=Drama")}, bags[1]);
    assertEquals(t.indices(r)[1], bags[0][1], "the candidate i5 and the clicked i5 share one row of 'items'");
  }

  @Test
  void missingAndOutOfVocabularyValuesGetTheirTableLocalReservedIndices() {
    RecordTransformer t = new RecordTransformer(TABLED);
    ParsedRecord missing = record(null, null, null, Double.NaN, new String[0], new String[0]);
    assertArrayEquals(new int[] {0, 0, 0, 2}, t.indices(missing)); // user, item_id, ctx at 0; n1 at 1 of context
    assertArrayEquals(new int[][] {{2}, {2}}, t.bags(missing));      // recent at 1 of items, genres at 1 of default
    ParsedRecord oov = record("u", "i", "zzz", 1, new String[] {"i9", "i5"}, new String[] {"x"});
    assertEquals(1, t.indices(oov)[2], "ctx = zzz is out of the vocabulary: 2 * 0 + 1 of context");
    assertEquals(3, t.bags(oov)[0][0], "i9 is out of recent's vocabulary: 2 * 1 + 1 of items");
    assertEquals(expected(10, 2, "item_id=i5"), t.bags(oov)[0][1]);
  }

  @Test
  void everyIndexStaysInItsTable() {
    RecordTransformer t = new RecordTransformer(TABLED);
    int[] slotSize = {1 << BITS, 1 << 10, 1 << 8, 1 << 8};
    int[] bagSize = {1 << 10, 1 << BITS};
    for (int i = 0; i < 3000; i++) {
      ParsedRecord r = record("u" + i, "i" + i, i % 3 == 0 ? "a" : "c" + i, i, new String[] {"i" + i, "i5"},
          new String[] {"g" + i, "g" + (i + 1)});
      int[] idx = t.indices(r);
      for (int s = 0; s < idx.length; s++) {
        assertTrue(idx[s] >= 0 && idx[s] < slotSize[s], "slot " + s + ": " + idx[s]);
      }
      int[][] bags = t.bags(r);
      for (int b = 0; b < bags.length; b++) {
        for (int v : bags[b]) {
          assertTrue(v >= 0 && v < bagSize[b], "bag " + b + ": " + v);
        }
      }
    }
  }

  @Test
  void withoutTablesTheIndicesAreThoseOfTheOneSharedSpace() {
    IndexSpace space = new IndexSpace(BITS, SEED, SLOTS.size() + MULTI.size());
    RecordTransformer t = new RecordTransformer(ONE_SPACE);
    // the explicit form of the same layout: one default table with every slot, then every multi-valued field
    RecordTransformer explicit = new RecordTransformer(manifest(new FeatureManifest.Hashing(BITS, SEED, 12,
        List.of(new IndexTable(IndexTable.DEFAULT, BITS, List.of("user", "item_id", "ctx", "n1", "recent",
            "genres"))))));
    ParsedRecord r = record("u1", "i5", "a", 10, new String[] {"i7", "i5"}, new String[] {"Drama", "Horror"});
    int[] want = {space.index("user", "u1"), space.index("item_id", "i5"), space.index("ctx", "a"),
        space.index("n1", "L5")};
    assertArrayEquals(want, t.indices(r));
    assertArrayEquals(want, explicit.indices(r));
    int[][] wantBags = {{space.index("item_id", "i7"), space.index("item_id", "i5")},
        {space.index("genres", "Drama"), space.index("genres", "Horror")}};
    assertArrayEquals(wantBags, t.bags(r));
    assertArrayEquals(wantBags, explicit.bags(r));
    ParsedRecord missing = record(null, null, "zzz", Double.NaN, new String[0], new String[] {});
    assertArrayEquals(new int[] {0, 2, 5, 6}, t.indices(missing));
    assertArrayEquals(new int[][] {{8}, {10}}, t.bags(missing));
    assertEquals(1, ONE_SPACE.indexTables().size());
  }

  @Test
  void aFieldInNoTableIsRejected() {
    FeatureManifest m = manifest(new FeatureManifest.Hashing(BITS, SEED, 2, List.of(TABLES.get(0), TABLES.get(1),
        new IndexTable(IndexTable.DEFAULT, BITS, List.of("user")))));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new RecordTransformer(m));
    assertTrue(e.getMessage().contains("genres is in no index table"), e.getMessage());
  }
}
