package io.sparkctr.training.paramavg;

import io.sparkctr.models.data.MiniBatch;
import io.sparkctr.training.executor.TaskSetup;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaRDDLike;
import org.deeplearning4j.nn.graph.util.ComputationGraphUtil;
import org.deeplearning4j.spark.impl.paramavg.ParameterAveragingTrainingMaster;
import org.nd4j.linalg.dataset.api.MultiDataSet;

/**
 * DL4J's parameter averaging, with each epoch's averaging rounds split in one pass over the data
 * ({@link AveragingRounds}) instead of DL4J's filter of the whole epoch per round, and, when the
 * caller gives the epoch's minibatch count ({@link #expect}), without DL4J's counting job: built
 * without a storage level, the minibatches are then made once, inside the rounds' shuffle (or the
 * single round's training tasks), instead of being made, serialized into the block store and
 * counted before training starts. Given the epoch's {@link MiniBatch}es ({@link #expect(long, TaskSetup,
 * JavaRDD)}), the rounds' shuffle moves those plain arrays and each round's tasks make the DataSets
 * they fit: the same minibatches in the same order, without ND4J's element-by-element
 * serialization of every minibatch through the shuffle. Everything else (workers, averaging,
 * updater state) is DL4J's.
 */
public final class OnePassAveragingMaster extends ParameterAveragingTrainingMaster {
  // Driver-side state for the next fit only: transient keeps it out of DL4J's JSON of the master
  // (Jackson cannot write the setup closure). The master is never Java-serialized (DL4J's is not Serializable).
  private transient volatile long expected = -1;
  private transient volatile TaskSetup setup = TaskSetup.NONE;
  private transient volatile JavaRDD<MiniBatch> minibatches;

  public OnePassAveragingMaster(Builder b) {
    super(b);
  }

  /**
   * The next {@code fit}'s minibatch count (at most one short per partition: the last round then
   * holds a minibatch more), or -1 to have DL4J count them; and what each task reading a round
   * runs first (the tasks that made the minibatches ran it in their own closure).
   */
  public void expect(long minibatches, TaskSetup taskSetup) {
    expected = minibatches;
    setup = taskSetup;
    this.minibatches = null;
  }

  /**
   * As {@link #expect(long, TaskSetup)}, and the next {@code fit}'s data as plain minibatches: the
   * DataSet RDD that the graph's {@code fit} is given must be {@code batches} mapped by {@link
   * MiniBatch#toDataSet}. With more than one round the rounds are split from {@code batches} and
   * each round's tasks make its minibatches' graph inputs.
   */
  public void expect(long count, TaskSetup taskSetup, JavaRDD<MiniBatch> batches) {
    expect(count, taskSetup);
    this.minibatches = batches;
  }

  /**
   * A minibatch as DL4J's master of a ComputationGraph splits it: {@code SparkComputationGraph.fit}
   * maps each DataSet to a MultiDataSet ({@code DataSetToMultiDataSetFn}) before the master sees it.
   */
  private static MultiDataSet graphInput(MiniBatch b) {
    return ComputationGraphUtil.toMultiDataSet(b.toDataSet());
  }

  @Override
  protected <T, R extends JavaRDDLike<T, R>> long getTotalDataSetObjectCount(JavaRDDLike<T, R> trainingData) {
    return expected >= 0 ? expected : super.getTotalDataSetObjectCount(trainingData);
  }

  @Override
  @SuppressWarnings("unchecked")
  protected <T> JavaRDD<T>[] getSplitRDDs(JavaRDD<T> trainingData, int totalDataSetObjectCount,
                                          int examplesPerDataSetObject) {
    int perRound = getNumDataSetObjectsPerSplit(examplesPerDataSetObject);
    JavaRDD<MiniBatch> plain = minibatches;
    JavaRDD<MiniBatch>[] rounds = plain == null ? null
        : AveragingRounds.split(plain, totalDataSetObjectCount, perRound, setup);
    if (rounds == null || rounds.length == 1) { // one round: DL4J's own view of the data, nothing to split
      return AveragingRounds.split(trainingData, totalDataSetObjectCount, perRound, setup);
    }
    JavaRDD<T>[] out = new JavaRDD[rounds.length];
    for (int r = 0; r < rounds.length; r++) {
      out[r] = (JavaRDD<T>) rounds[r].map(OnePassAveragingMaster::graphInput);
    }
    return out;
  }
}
