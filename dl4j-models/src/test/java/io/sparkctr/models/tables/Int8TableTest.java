package io.sparkctr.models.tables;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Table format 3: a float table written int8 reads back as an {@link Int8Table} whose rows are exactly
 * {@link RowWiseInt8}'s read-back of the float rows, written again byte for byte; training reads refuse it.
 */
class Int8TableTest {
  static final String SERVING_ONLY = "its tables are int8 (export --quantize int8), serving only";

  static LocalTable floats(String name, long rows, int dim) {
    LocalTable t = new LocalTable(name, rows, dim, new TableOptimizer("adam", 0.01, 0, 0));
    t.initialize(0.3, 11);
    return t;
  }

  static byte[] int8Bytes(LocalTable t) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    TableIO.write(new ModelTables(Map.of(t.name(), t)), t.name(), Quantization.INT8, false, out);
    return out.toByteArray();
  }

  @Test
  void rowsReadBackAsRowWiseInt8OfTheFloatRows() throws IOException {
    int k = 16;
    LocalTable f = floats("emb", 70_000, k); // more rows than one Int8Rows block
    byte[] bytes = int8Bytes(f);
    assertEquals(4 + 4 + (2 + 3) + 8 + 4 + 70_000L * (k + 4), bytes.length, "header, then k + 4 bytes per row");
    Int8Table q = assertInstanceOf(Int8Table.class, TableIO.readServing(new ByteArrayInputStream(bytes), "t"));
    assertEquals("emb", q.name());
    float[] row = new float[k];
    float[] back = new float[k];
    for (long id : new long[] {0, 1, 65_535, 65_536, 69_999}) {
      f.gather(new long[] {id}, 1, row);
      RowWiseInt8.readBack(row, 1, k);
      q.gather(new long[] {id}, 1, back);
      assertArrayEquals(row, back, "row " + id);
    }
    ByteArrayOutputStream again = new ByteArrayOutputStream();
    TableIO.write(new ModelTables(Map.of("emb", q)), "emb", Quantization.NONE, false, again);
    assertArrayEquals(bytes, again.toByteArray(), "an int8 table stays int8, its bytes as read");
  }

  @Test
  void anInt8TableIsReadOnlyAndRefusedByTrainingReads() throws IOException {
    LocalTable f = floats("emb", 100, 4);
    byte[] bytes = int8Bytes(f);
    String m = assertThrows(IllegalArgumentException.class,
        () -> TableIO.read(new ByteArrayInputStream(bytes), "ckpt/emb.table")).getMessage();
    assertEquals("Cannot train from table ckpt/emb.table: " + SERVING_ONLY, m);
    Int8Table q = (Int8Table) TableIO.readServing(new ByteArrayInputStream(bytes), "t");
    m = assertThrows(IllegalArgumentException.class,
        () -> q.applyGradients(new long[] {1}, new float[4], 1, new TableStep(1, 1))).getMessage();
    assertEquals("Cannot train from the model of table 'emb': " + SERVING_ONLY, m);
    ModelTables tables = new ModelTables(Map.of("emb", q));
    assertTrue(assertThrows(IllegalArgumentException.class, tables::snapshot).getMessage().endsWith(SERVING_ONLY));
    m = assertThrows(IllegalArgumentException.class,
        () -> TableIO.write(tables, "emb", Quantization.NONE, true, new ByteArrayOutputStream())).getMessage();
    assertTrue(m.startsWith("Cannot write table 'emb' with optimizer state: it is int8"), m);
    m = assertThrows(IllegalArgumentException.class, () -> q.gather(new long[] {100}, 1, new float[4])).getMessage();
    assertEquals("Cannot look up row 100 of int8 table 'emb': it has 100 rows", m);
  }

  @Test
  void firstOrderTablesStayFloat() throws IOException {
    LocalTable linear = floats("linear-emb", 100, 1);
    byte[] bytes = int8Bytes(linear);
    assertInstanceOf(LocalTable.class, TableIO.readServing(new ByteArrayInputStream(bytes), "t"));
    LocalTable back = TableIO.read(new ByteArrayInputStream(bytes), "t");
    float[] a = new float[100];
    float[] b = new float[100];
    long[] ids = java.util.stream.LongStream.range(0, 100).toArray();
    linear.gather(ids, 100, a);
    back.gather(ids, 100, b);
    assertArrayEquals(a, b);
  }
}
