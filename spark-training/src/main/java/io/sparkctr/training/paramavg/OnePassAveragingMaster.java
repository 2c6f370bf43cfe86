package io.sparkctr.training.paramavg;

import io.sparkctr.training.executor.TaskSetup;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaRDDLike;
import org.deeplearning4j.spark.impl.paramavg.ParameterAveragingTrainingMaster;

/**
 * DL4J's parameter averaging, with each epoch's averaging rounds split in one pass over the data
 * ({@link AveragingRounds}) instead of DL4J's filter of the whole epoch per round, and, when the
 * caller gives the epoch's minibatch count ({@link #expect}), without DL4J's counting job: built
 * without a storage level, the minibatches are then made once, inside the rounds' shuffle (or the
 * single round's training tasks), instead of being made, serialized into the block store and
 * counted before training starts. Everything else (workers, averaging, updater state) is DL4J's.
 */
public final class OnePassAveragingMaster extends ParameterAveragingTrainingMaster {
  // Driver-side state for the next fit only: transient keeps it out of DL4J's JSON of the master
  // (Jackson cannot write the setup closure). The master is never Java-serialized (DL4J's is not Serializable).
  private transient volatile long expected = -1;
  private transient volatile TaskSetup setup = TaskSetup.NONE;

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
  }

  @Override
  protected <T, R extends JavaRDDLike<T, R>> long getTotalDataSetObjectCount(JavaRDDLike<T, R> trainingData) {
    return expected >= 0 ? expected : super.getTotalDataSetObjectCount(trainingData);
  }

  @Override
  protected <T> JavaRDD<T>[] getSplitRDDs(JavaRDD<T> trainingData, int totalDataSetObjectCount,
                                          int examplesPerDataSetObject) {
    return AveragingRounds.split(trainingData, totalDataSetObjectCount,
        getNumDataSetObjectsPerSplit(examplesPerDataSetObject), setup);
  }
}
