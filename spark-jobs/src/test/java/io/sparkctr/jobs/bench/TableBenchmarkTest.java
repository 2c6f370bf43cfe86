package io.sparkctr.jobs.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** bench-tables: the ids it replays are a minibatch's distinct rows, one output row per size and optimizer. */
class TableBenchmarkTest {
  @Test
  void replaysEachMinibatchsDistinctRowsInTheTable() {
    long[][] ids = TableBenchmark.distinctIds(12, 256);
    assertEquals(TableBenchmark.BATCHES, ids.length);
    for (long[] batch : ids) {
      assertEquals(batch.length, Arrays.stream(batch).distinct().count(), "distinct");
      assertTrue(batch.length > 26 && batch.length <= 26 * 256, "a minibatch's rows: " + batch.length);
      assertTrue(Arrays.stream(batch).allMatch(id -> id >= 2 * 26 && id < 1 << 12), "inside the table");
    }
  }

  @Test
  void reportsARowPerSizeAndOptimizer() {
    String out = TableBenchmark.run(new TableBenchmark.Params(List.of(10, 11), List.of("adagrad", "adam"), 4, 64, 1,
        0));
    for (String row : List.of("| 2^10 | adagrad |", "| 2^10 | adam |", "| 2^11 | adagrad |", "| 2^11 | adam |")) {
      assertTrue(out.contains(row), row + " in\n" + out);
    }
  }

  @Test
  void rejectsBadParams() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> new TableBenchmark.Params(List.of(18), List.of("adadelta"), 16, 1024, 10, 32));
    assertTrue(e.getMessage().contains("adadelta"), e.getMessage());
    assertThrows(IllegalArgumentException.class,
        () -> new TableBenchmark.Params(List.of(40), List.of("adagrad"), 16, 1024, 10, 32));
  }
}
