package io.sparkctr.training;

import io.sparkctr.common.json.Json;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sparkctr.training.executor.TaskSetup;
import io.sparkctr.training.paramavg.OnePassAveragingMaster;
import io.sparkctr.training.sharing.GradientSharing;
import io.sparkctr.models.data.MiniBatch;
import io.sparkctr.models.graph.ModelSpec;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.deeplearning4j.spark.api.RDDTrainingApproach;
import org.deeplearning4j.spark.api.Repartition;
import org.deeplearning4j.spark.api.TrainingMaster;
import org.deeplearning4j.spark.impl.graph.SparkComputationGraph;
import org.deeplearning4j.spark.impl.paramavg.ParameterAveragingTrainingMaster;

/**
 * The DL4J training master named by {@code training.master}, for one training run. The one place a
 * master is chosen.
 *
 * <p>Parameter averaging is configured for our data path: {@code Direct} training on the RDD of
 * minibatches (DL4J's default {@code Export} approach writes every batch to files and fails on a
 * cluster with a local file system), no repartitioning by DL4J (the batches come already split
 * into {@code workers} partitions), updater state averaged with the parameters, and the epoch split
 * into averaging rounds in one pass without a counting job ({@link OnePassAveragingMaster}). Gradient sharing
 * is {@link GradientSharing}.
 */
public final class TrainingMasters {
  private static final ObjectMapper JSON = Json.COMPACT;

  private TrainingMasters() {}

  /** A master for one run: fits epochs, describes itself, releases what it holds when closed. */
  public interface Run extends AutoCloseable {
    TrainingMaster<?, ?> master();

    /**
     * Fits one epoch of {@code batches} ({@code batchCount} minibatches) into {@code net}; a task
     * that reads them other than through {@code batches}' own closures runs {@code setup} first.
     */
    Exchange fitEpoch(SparkComputationGraph net, JavaRDD<MiniBatch> batches, long batchCount, TaskSetup setup,
                      int epoch, double learningRate);

    /** The effective configuration, recorded with the model. */
    String json();

    @Override
    void close();
  }

  /** Opens the configured master; gradient sharing prepares the executors here. */
  public static Run open(JavaSparkContext sc, TrainSettings t, ModelSpec spec, int workers) {
    if (t.master() == TrainSettings.Master.GRADIENT_SHARING) {
      return sharing(new GradientSharing(sc, t.sharing(), spec.learningRate(), t.batchSize(), workers, spec.seed()));
    }
    OnePassAveragingMaster m = parameterAveraging(t, workers, spec.seed());
    return new Run() {
      @Override
      public TrainingMaster<?, ?> master() {
        return m;
      }

      @Override
      public Exchange fitEpoch(SparkComputationGraph net, JavaRDD<MiniBatch> batches, long batchCount,
                               TaskSetup setup, int epoch, double learningRate) {
        m.expect(batchCount, setup, batches);
        net.fit(TrainingBatches.dataSets(batches));
        return Exchange.parameterAveraging(net.getNetwork(), batchCount, workers, t.averagingFrequency());
      }

      @Override
      public String json() {
        return m.toJson();
      }

      @Override
      public void close() {
        // nothing held between epochs
      }
    };
  }

  private static Run sharing(GradientSharing g) {
    return new Run() {
      @Override
      public TrainingMaster<?, ?> master() {
        return g.master();
      }

      @Override
      public Exchange fitEpoch(SparkComputationGraph net, JavaRDD<MiniBatch> batches, long batchCount,
                               TaskSetup setup, int epoch, double learningRate) {
        GradientSharing.Epoch e = g.fit(net, TrainingBatches.dataSets(batches), epoch, learningRate);
        return new Exchange(e.bytes(), e.updates(), batchCount, e.summary());
      }

      @Override
      public String json() {
        try {
          return JSON.writeValueAsString(g.describe());
        } catch (JsonProcessingException e) {
          throw new IllegalStateException("Cannot describe the gradient-sharing master", e);
        }
      }

      @Override
      public void close() {
        g.close();
      }
    };
  }

  static OnePassAveragingMaster parameterAveraging(TrainSettings s, int workers, long seed) {
    return new OnePassAveragingMaster(new ParameterAveragingTrainingMaster.Builder(workers, s.batchSize())
        .batchSizePerWorker(s.batchSize())
        .averagingFrequency(s.averagingFrequency())
        .workerPrefetchNumBatches(2)
        .rddTrainingApproach(RDDTrainingApproach.Direct)
        .repartionData(Repartition.Never)
        .storageLevel(null) // made once, in the training tasks or the rounds' shuffle (OnePassAveragingMaster)
        .saveUpdater(true)
        .collectTrainingStats(false)
        .rngSeed(seed));
  }
}
