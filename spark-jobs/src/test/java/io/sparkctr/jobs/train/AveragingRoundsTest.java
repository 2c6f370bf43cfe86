package io.sparkctr.jobs.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import io.sparkctr.features.SparkTestSession;
import io.sparkctr.training.executor.TaskSetup;
import io.sparkctr.training.paramavg.AveragingRounds;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.util.LongAccumulator;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** Parameter averaging's rounds: each minibatch in exactly one round, in order, the epoch read once. */
@Tag("integration")
class AveragingRoundsTest {
  @Test
  void everyElementLandsInOneRoundInOrderAndTheInputIsReadOnce() {
    JavaSparkContext sc = JavaSparkContext.fromSparkContext(SparkTestSession.get().sparkContext());
    LongAccumulator reads = sc.sc().longAccumulator("reads");
    LongAccumulator setups = sc.sc().longAccumulator("setups");
    // 23 "minibatches" in 2 partitions: 0..10 and 11..22
    JavaRDD<Integer> data = sc.parallelize(IntStream.range(0, 23).boxed().toList(), 2).map(x -> {
      reads.add(1);
      return x;
    });
    JavaRDD<Integer>[] rounds = AveragingRounds.split(data, 23, 4, () -> setups.add(1));

    assertEquals(6, rounds.length, "ceil(23 / 4) rounds");
    List<List<List<Integer>>> got = new ArrayList<>();
    for (JavaRDD<Integer> r : rounds) {
      assertEquals(2, r.getNumPartitions(), "one partition per worker in every round");
      got.add(r.glom().collect());
    }
    assertEquals(List.of(List.of(0, 1), List.of(11, 12)), got.get(0));
    assertEquals(List.of(List.of(8, 9), List.of(19, 20)), got.get(4));
    assertEquals(List.of(List.of(10), List.of(21, 22)), got.get(5), "the last round takes the surplus");
    List<Integer> all = got.stream().flatMap(List::stream).flatMap(List::stream).sorted().toList();
    assertEquals(IntStream.range(0, 23).boxed().toList(), all, "each element exactly once");
    assertEquals(23, reads.value(), "the epoch is read once for all rounds (DL4J's split reads it once per round)");
    assertEquals(12, setups.value(), "every task that reads a round runs the task setup (tables, GPU) first");
  }

  @Test
  void anEpochOfOneRoundIsTheDataItself() {
    JavaSparkContext sc = JavaSparkContext.fromSparkContext(SparkTestSession.get().sparkContext());
    JavaRDD<Integer> data = sc.parallelize(List.of(1, 2, 3), 2);
    JavaRDD<Integer>[] rounds = AveragingRounds.split(data, 3, 4, TaskSetup.NONE);
    assertEquals(1, rounds.length);
    assertSame(data, rounds[0]);
  }
}
