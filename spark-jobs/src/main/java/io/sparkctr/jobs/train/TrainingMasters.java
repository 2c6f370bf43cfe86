package io.sparkctr.jobs.train;

import org.deeplearning4j.spark.api.RDDTrainingApproach;
import org.deeplearning4j.spark.api.Repartition;
import org.deeplearning4j.spark.api.TrainingMaster;
import org.deeplearning4j.spark.impl.paramavg.ParameterAveragingTrainingMaster;
import org.apache.spark.storage.StorageLevel;

/**
 * The DL4J training master named by {@code training.master}. The one place a master is chosen, so
 * gradient sharing can be added beside parameter averaging.
 *
 * <p>Parameter averaging is configured for our data path: {@code Direct} training on the RDD of
 * minibatches (DL4J's default {@code Export} approach writes every batch to files and fails on a
 * cluster with a local file system), no repartitioning by DL4J (the batches come already split
 * into {@code workers} partitions), updater state averaged with the parameters.
 */
public final class TrainingMasters {
  private TrainingMasters() {}

  public static TrainingMaster<?, ?> build(TrainSettings s, int workers, long seed) {
    if (!s.master().equals(TrainSettings.PARAMETER_AVERAGING)) {
      throw new IllegalArgumentException("Cannot train: no training master '" + s.master() + "'");
    }
    return new ParameterAveragingTrainingMaster.Builder(workers, s.batchSize())
        .batchSizePerWorker(s.batchSize())
        .averagingFrequency(s.averagingFrequency())
        .workerPrefetchNumBatches(2)
        .rddTrainingApproach(RDDTrainingApproach.Direct)
        .repartionData(Repartition.Never)
        .storageLevel(StorageLevel.MEMORY_AND_DISK_SER())
        .saveUpdater(true)
        .collectTrainingStats(false)
        .rngSeed(seed)
        .build();
  }
}
