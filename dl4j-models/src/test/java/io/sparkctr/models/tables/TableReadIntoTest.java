package io.sparkctr.models.tables;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import org.junit.jupiter.api.Test;

/**
 * {@link TableIO#readInto} fills an existing table in place with what {@link TableIO#read} would
 * make a new table of: the same rows, optimizer state and step, and the same training from there on
 * (rows owing every-row regularization included); a stream of another shape is refused.
 */
class TableReadIntoTest {
  static final int ROWS = EveryRowRegularizationTest.ROWS;
  static final int DIM = EveryRowRegularizationTest.DIM;
  static final TableOptimizer ADAM_DECAY = new TableOptimizer("adam", 0.01, 0, 0, 1e-2, 0, true);

  @Test
  void aTableReadInPlaceTrainsOnAsTheTableReadAnew() throws Exception {
    LocalTable trained = EveryRowRegularizationTest.table(ADAM_DECAY);
    for (int s = 1; s <= 30; s++) { // rows 0..4 stepped, the rest owing 30 steps of decay
      long[] ids = {s % 5};
      trained.applyGradients(ids, grads(s), 1, new TableStep(8, 1));
    }
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    TableIO.write(trained, true, bytes);

    LocalTable anew = TableIO.read(new ByteArrayInputStream(bytes.toByteArray()), "checkpoint");
    LocalTable inPlace = new LocalTable("emb", ROWS, DIM, ADAM_DECAY);
    inPlace.initialize(0.1, 99); // other weights, which the read replaces
    TableIO.Header h = TableIO.readInto(new ByteArrayInputStream(bytes.toByteArray()), "checkpoint", x -> inPlace);
    assertEquals("emb", h.name());
    assertEquals(anew.step(), inPlace.step());
    for (int s = 31; s <= 60; s++) {
      long[] ids = {s % 7};
      anew.applyGradients(ids, grads(s), 1, new TableStep(8, 1));
      inPlace.applyGradients(ids, grads(s), 1, new TableStep(8, 1));
    }
    float[] a = new float[TableRows.stride(anew)];
    float[] b = new float[TableRows.stride(inPlace)];
    for (long r = 0; r < ROWS; r++) {
      TableRows.read(anew, r, a, 0);
      TableRows.read(inPlace, r, b, 0);
      assertArrayEquals(a, b, "row " + r + ": weights and state");
    }
  }

  @Test
  void aStreamOfAnotherShapeIsRefused() throws Exception {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    TableIO.write(EveryRowRegularizationTest.table(ADAM_DECAY), true, bytes);
    LocalTable wider = new LocalTable("emb", ROWS, DIM + 1, ADAM_DECAY);
    String m = assertThrows(IllegalArgumentException.class, () -> TableIO.readInto(
        new ByteArrayInputStream(bytes.toByteArray()), "best-tables/emb.table", x -> wider)).getMessage();
    assertTrue(m.startsWith("Cannot read table best-tables/emb.table into table 'emb'"), m);
  }

  private static float[] grads(int s) {
    float[] g = new float[DIM];
    for (int c = 0; c < DIM; c++) {
      g[c] = (float) Math.sin(s * 0.7 + c);
    }
    return g;
  }
}
