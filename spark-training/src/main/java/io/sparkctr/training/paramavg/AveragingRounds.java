package io.sparkctr.training.paramavg;

import java.io.Serializable;
import java.util.Iterator;
import io.sparkctr.training.executor.TaskSetup;
import org.apache.spark.Partitioner;
import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.rdd.PartitionPruningRDD;
import scala.Tuple2;
import scala.reflect.ClassTag;
import scala.reflect.ClassTag$;
import scala.runtime.AbstractFunction1;

/**
 * Splits an epoch's minibatches into parameter-averaging rounds in one pass over the data.
 *
 * <p>DL4J's parameter averaging fits one "split" per round (each worker fits {@code frequency}
 * minibatches, then the parameters are averaged) and makes its splits with
 * {@code SparkUtils.balancedRandomSplit}: every split is a filter over the whole cached epoch, so
 * every round reads (and, from a serialized cache, deserializes) every minibatch of the epoch —
 * {@code rounds × minibatches} reads, quadratic in the data: at 1,953 minibatches per epoch and
 * 48 rounds, 94k reads for 1,953 minibatches. Here minibatch {@code j} of partition {@code p} goes to round
 * {@code min(j / perPartition, rounds - 1)}: one shuffle moves each minibatch once into partition
 * {@code round × P + p}, and round {@code r}'s split is the {@code P} partitions of that round
 * ({@link PartitionPruningRDD}), which reads only its own shuffle blocks. A partition's order is
 * kept (the rows were shuffled before they became minibatches), and a larger partition's surplus
 * goes to the last round.
 *
 * <p>Example: 2 partitions of 100 minibatches, 2 workers, frequency 20: 5 rounds of 2 × 20.
 */
public final class AveragingRounds {
  private AveragingRounds() {}

  /**
   * @param data the epoch's minibatches (any number of partitions P)
   * @param total how many there are
   * @param perRound minibatches per round, all workers together (DL4J's objects per split)
   * @param setup run first by every task that reads a round (they do not run {@code data}'s own
   *     closures, whose tasks are the shuffle's)
   * @return the rounds, in order; {@code data} itself when it fits one round
   */
  @SuppressWarnings("unchecked")
  public static <T> JavaRDD<T>[] split(JavaRDD<T> data, long total, int perRound, TaskSetup setup) {
    int partitions = data.getNumPartitions();
    int rounds = (int) Math.max(1, (total + perRound - 1) / perRound);
    if (rounds == 1) {
      return new JavaRDD[] {data};
    }
    int perPartition = Math.max(1, perRound / partitions);
    JavaPairRDD<Integer, T> keyed = data.mapPartitionsWithIndex((p, it) -> new Keyed<>(it, p, partitions,
        perPartition, rounds), true).mapToPair(t -> t);
    JavaRDD<T> moved = keyed.partitionBy(new ByKey(rounds * partitions)).values();
    ClassTag<T> tag = (ClassTag<T>) ClassTag$.MODULE$.AnyRef();
    JavaRDD<T>[] out = new JavaRDD[rounds];
    for (int r = 0; r < rounds; r++) {
      out[r] = new JavaRDD<>(PartitionPruningRDD.create(moved.rdd(), new InRound(r, partitions)), tag)
          .mapPartitions(it -> {
            setup.run();
            return it;
          }, true);
    }
    return out;
  }

  /** The round of each minibatch of one partition, as its shuffle key. */
  private static final class Keyed<T> implements Iterator<Tuple2<Integer, T>> {
    private final Iterator<T> in;
    private final int partition;
    private final int partitions;
    private final int perPartition;
    private final int rounds;
    private long index;

    Keyed(Iterator<T> in, int partition, int partitions, int perPartition, int rounds) {
      this.in = in;
      this.partition = partition;
      this.partitions = partitions;
      this.perPartition = perPartition;
      this.rounds = rounds;
    }

    @Override
    public boolean hasNext() {
      return in.hasNext();
    }

    @Override
    public Tuple2<Integer, T> next() {
      int round = (int) Math.min(index++ / perPartition, rounds - 1);
      return new Tuple2<>(round * partitions + partition, in.next());
    }
  }

  /** Partition = key. */
  static final class ByKey extends Partitioner {
    private static final long serialVersionUID = 1L;
    private final int n;

    ByKey(int n) {
      this.n = n;
    }

    @Override
    public int numPartitions() {
      return n;
    }

    @Override
    public int getPartition(Object key) {
      return (Integer) key;
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof ByKey b && b.n == n;
    }

    @Override
    public int hashCode() {
      return n;
    }
  }

  /** Keeps the partitions of one round. */
  private static final class InRound extends AbstractFunction1<Object, Object> implements Serializable {
    private static final long serialVersionUID = 1L;
    private final int round;
    private final int partitions;

    InRound(int round, int partitions) {
      this.round = round;
      this.partitions = partitions;
    }

    @Override
    public Object apply(Object index) {
      return (Integer) index / partitions == round;
    }
  }
}
