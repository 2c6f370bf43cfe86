package io.sparkctr.models.tables;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

/** An int8 bundle's tables travel to the executors for scoring (replicated refs) as they are: int8 stays int8. */
class ShippedTablesInt8Test {
  @Test
  void int8TablesShipAsInt8AndCannotShipWithState() throws Exception {
    LocalTable emb = new LocalTable("emb", 300, 8, new TableOptimizer("adam", 0.01, 0, 0));
    emb.initialize(0.3, 1);
    LocalTable linear = new LocalTable("linear-emb", 300, 1, new TableOptimizer("ftrl", 0.05, 0, 0));
    linear.initialize(0.3, 2);
    ByteArrayOutputStream int8 = new ByteArrayOutputStream();
    TableIO.write(new ModelTables(Map.of("emb", emb)), "emb", Quantization.INT8, false, int8);
    Map<String, EmbeddingTable> served = new LinkedHashMap<>();
    served.put("linear-emb", linear);
    served.put("emb", TableIO.readServing(new ByteArrayInputStream(int8.toByteArray()), "emb"));
    ModelTables tables = new ModelTables(served);

    ModelTables opened = ShippedTables.open("test", ShippedTables.of(tables, false), null, 1, 1, false);
    Map<String, EmbeddingTable> shipped = new LinkedHashMap<>();
    opened.names().forEach(n -> shipped.put(n, opened.table(n)));
    assertEquals(served.keySet(), shipped.keySet());
    assertInstanceOf(Int8Table.class, shipped.get("emb"));
    assertInstanceOf(LocalTable.class, shipped.get("linear-emb"));
    for (String name : served.keySet()) {
      assertArrayEquals(rows(served.get(name)), rows(shipped.get(name)), name);
    }
    String m = assertThrows(IllegalArgumentException.class, () -> ShippedTables.of(tables, true)).getMessage();
    assertTrue(m.startsWith("Cannot write table 'emb' with optimizer state: it is int8"), m);
  }

  private static float[] rows(EmbeddingTable t) {
    float[] out = new float[(int) t.rows() * t.dim()];
    t.gather(LongStream.range(0, t.rows()).toArray(), (int) t.rows(), out);
    return out;
  }
}
