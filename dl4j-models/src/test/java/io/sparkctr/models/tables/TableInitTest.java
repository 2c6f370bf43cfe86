package io.sparkctr.models.tables;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * A table's initial weights are a function of the seed and each row's id only, so a shard that
 * initializes its own rows (sharded tables: owners initialize, nothing is shipped) holds exactly the
 * rows of the whole table.
 */
class TableInitTest {
  private static final TableOptimizer SGD = new TableOptimizer("sgd", 0.1, 0, 0);

  @Test
  void aShardInitializedWithGlobalIdsHoldsTheWholeTablesRows() {
    long rows = 100_003;  // several heap chunks, not a multiple of the shard count
    int dim = 5;
    int shards = 3;
    LocalTable whole = new LocalTable("emb", rows, dim, SGD);
    whole.initialize(0.01, 42);
    for (int s = 0; s < shards; s++) {
      int shard = s;
      LocalTable part = new LocalTable("emb", (rows + shards - 1) / shards, dim, SGD);
      part.initializeRows(0.01, 42, local -> local * shards + shard);  // rows s, s + 3, s + 6, ...
      for (long local = 0; local * shards + shard < rows; local += 997) {
        float[] expected = new float[dim];
        float[] got = new float[dim];
        whole.gather(new long[] {local * shards + shard}, 1, expected);
        part.gather(new long[] {local}, 1, got);
        assertArrayEquals(expected, got, "row " + (local * shards + shard) + " in shard " + shard);
      }
    }
    float[] a = new float[dim];
    float[] b = new float[dim];
    whole.gather(new long[] {0}, 1, a);
    whole.gather(new long[] {1}, 1, b);
    assertNotEquals(a[0], b[0], "rows differ");
    assertEquals(0.01, whole.initStd());
    assertEquals(42, whole.initSeed());
  }

  @Test
  void aDeferredTableAllocatesOnFirstUseWithTheSameInitialRows() {
    long rows = 50_001;
    int dim = 4;
    LocalTable eager = new LocalTable("emb", rows, dim, SGD);
    eager.initialize(0.01, 9);
    LocalTable deferred = LocalTable.deferred("emb", rows, dim, SGD);
    deferred.initialize(0.01, 9);
    assertFalse(deferred.allocated(), "initialize alone allocates nothing");
    assertEquals(rows, deferred.rows());
    assertEquals(0.01, deferred.initStd());
    float[] a = new float[dim];
    float[] b = new float[dim];
    for (long id = 0; id < rows; id += 4_999) {
      eager.gather(new long[] {id}, 1, a);
      deferred.gather(new long[] {id}, 1, b);
      assertArrayEquals(a, b, "row " + id);
    }
    assertTrue(deferred.allocated());
  }
}
