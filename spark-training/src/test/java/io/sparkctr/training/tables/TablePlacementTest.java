package io.sparkctr.training.tables;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparkctr.models.tables.LocalTable;
import io.sparkctr.models.tables.ModelTables;
import io.sparkctr.models.tables.TableOptimizer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import org.apache.hadoop.fs.Path;
import org.junit.jupiter.api.Test;

/**
 * The placement kinds as {@code training.tables} names them, and the lifecycle of the local
 * placement (no Spark needed): the driver's tables written into every checkpoint, and the best
 * epoch's read back from its checkpoint at the end when a later epoch was not as good.
 */
class TablePlacementTest {
  @Test
  void configuredKindsAreReplicatedAndShardedInAnyCase() {
    assertEquals(List.of("replicated", "sharded"), TablePlacement.Kind.configurable());
    assertEquals(Optional.of(TablePlacement.Kind.SHARDED), TablePlacement.Kind.configured("Sharded"));
    assertEquals(Optional.of(TablePlacement.Kind.REPLICATED), TablePlacement.Kind.configured("replicated"));
    assertEquals(Optional.empty(), TablePlacement.Kind.configured("local"), "local follows from the master");
    assertEquals(Optional.empty(), TablePlacement.Kind.configured("remote"));
  }

  @Test
  void localPlacementTrainsTheDriversTablesAndTakesTheBestEpochsBackFromItsCheckpoint() {
    LocalTable emb = new LocalTable("emb", 8, 2, new TableOptimizer("sgd", 1.0, 0, 0));
    emb.initialize(0.1, 7);
    ModelTables tables = new ModelTables(Map.of("emb", emb));
    TablePlacement p = TablePlacement.of(TablePlacement.Kind.LOCAL, null, null, null);
    assertEquals(TablePlacement.Kind.LOCAL, p.kind());
    p.startNew(tables, false);
    p.open();
    float[] atStart = row(emb, 3);

    try (TablePlacement.Epoch e = p.beginEpoch(1, 1.0, OptionalLong.empty())) {
      assertNull(e.ref(), "nothing shipped: the executors share the driver's tables");
      e.trained(phase -> { throw new AssertionError("nothing to average: " + phase); });
    }
    p.endEpoch(1);
    List<TableContent> written = new ArrayList<>();
    p.checkpoint(c -> {
      written.add(c);
      return 0;
    });
    TableContent.OnDriver content = assertInstanceOf(TableContent.OnDriver.class, written.get(0));
    assertSame(tables, content.tables());
    LocalTable epoch1 = emb.copy(); // what epoch 1's checkpoint holds

    float[] moved = row(emb, 3);
    moved[0] = 2 * moved[0] + 1;
    emb.setWeights(3, moved, 0);  // epoch 2 moves the rows but is no better
    Stored stored = new Stored(Map.of("emb", epoch1), new ArrayList<>());
    p.export(stored);
    assertEquals(atStart[0], row(emb, 3)[0], "the driver's tables are the best epoch's again");
    assertEquals(List.of(true), stored.exceptNewest(), "the newest checkpoint's tables are the driver's already");
    assertTrue(p.report().driverHeldRows());
    assertEquals(List.of(), p.report().traffic());
    assertNull(p.lost());
    p.close();
  }

  /** Checkpointed tables as the placement reads them back: the best epoch's, and how it asked for them. */
  private record Stored(Map<String, LocalTable> best, List<Boolean> exceptNewest) implements StoredTables {
    @Override
    public Map<String, LocalTable> latestTables() {
      throw new AssertionError("not read at export");
    }

    @Override
    public void readBestInto(ModelTables into, boolean exceptNewest) {
      this.exceptNewest.add(exceptNewest);
      into.restore(best);
    }

    @Override
    public Path latestTablesDir() {
      throw new AssertionError("not read at export");
    }

    @Override
    public Path bestTablesDir() {
      throw new AssertionError("not read at export");
    }
  }

  private static float[] row(LocalTable t, long id) {
    float[] out = new float[t.dim()];
    t.gather(new long[] {id}, 1, out);
    return out;
  }
}
