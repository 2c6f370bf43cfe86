package io.sparkctr.training.paramavg;

import org.apache.spark.api.java.JavaRDD;
import org.deeplearning4j.spark.impl.paramavg.ParameterAveragingTrainingMaster;

/**
 * DL4J's parameter averaging, with each epoch's averaging rounds split in one pass over the data
 * ({@link AveragingRounds}) instead of DL4J's filter of the whole epoch per round. Everything else
 * (workers, averaging, updater state) is DL4J's.
 */
public final class OnePassAveragingMaster extends ParameterAveragingTrainingMaster {
  public OnePassAveragingMaster(Builder b) {
    super(b);
  }

  @Override
  protected <T> JavaRDD<T>[] getSplitRDDs(JavaRDD<T> trainingData, int totalDataSetObjectCount,
                                          int examplesPerDataSetObject) {
    return AveragingRounds.split(trainingData, totalDataSetObjectCount,
        getNumDataSetObjectsPerSplit(examplesPerDataSetObject));
  }
}
