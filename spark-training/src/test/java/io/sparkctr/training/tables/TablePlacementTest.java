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
import org.junit.jupiter.api.Test;

/**
 * The placement kinds as {@code training.tables} names them, and the lifecycle of the local
 * placement (no Spark needed): the best epoch's tables kept on the driver, written into every
 * checkpoint and restored at the end.
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
  void localPlacementKeepsTheBestEpochsTablesOnTheDriver() {
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
    p.improved();  // epoch 1 is the best: its tables are kept
    List<TableContent> written = new ArrayList<>();
    p.checkpoint(c -> {
      written.add(c);
      return 0;
    });
    TableContent.OnDriver content = assertInstanceOf(TableContent.OnDriver.class, written.get(0));
    assertSame(tables, content.tables());
    assertEquals(atStart[0], row(content.best().get("emb"), 3)[0]);

    float[] moved = row(emb, 3);
    moved[0] = 2 * moved[0] + 1;
    emb.setWeights(3, moved, 0);  // epoch 2 moves the rows but is no better
    p.export(null);
    assertEquals(atStart[0], row(emb, 3)[0], "the driver's tables are the best epoch's again");
    assertTrue(p.report().driverHeldRows());
    assertEquals(List.of(), p.report().traffic());
    assertNull(p.lost());
    p.close();
  }

  private static float[] row(LocalTable t, long id) {
    float[] out = new float[t.dim()];
    t.gather(new long[] {id}, 1, out);
    return out;
  }
}
