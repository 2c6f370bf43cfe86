package io.sparkctr.training.executor;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class ChunkedTest {
  @Test
  void mapsChunksInOrderAndSkipsChunksThatYieldNothing() {
    List<Integer> in = IntStream.range(0, 10).boxed().toList();
    List<Integer> sizes = new ArrayList<>();
    List<Integer> out = new ArrayList<>();
    // chunks of 3: [0,1,2] [3,4,5] [6,7,8] [9]; the second chunk yields nothing
    Chunked.<Integer, Integer>map(in.iterator(), 3, c -> {
      sizes.add(c.size());
      return c.get(0) == 3 ? List.of() : c.stream().map(x -> x * 10).toList();
    }).forEachRemaining(out::add);
    assertEquals(List.of(3, 3, 3, 1), sizes);
    assertEquals(List.of(0, 10, 20, 60, 70, 80, 90), out);
    assertEquals(false, Chunked.map(List.<Integer>of().iterator(), 3, c -> c).hasNext());
  }
}
