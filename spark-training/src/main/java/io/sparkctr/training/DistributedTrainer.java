package io.sparkctr.training;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sparkctr.common.json.Json;
import io.sparkctr.common.progress.Progress;
import io.sparkctr.models.graph.ModelSpec;
import io.sparkctr.models.metrics.MetricsReport;
import io.sparkctr.models.train.EpochStats;
import io.sparkctr.models.train.TrainState;
import io.sparkctr.training.progress.EpochLog;
import io.sparkctr.training.progress.RunTiming;
import io.sparkctr.training.tables.TablePlacement;
import io.sparkctr.training.tables.sharded.ShardedSession;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.deeplearning4j.nn.graph.ComputationGraph;

/**
 * Trains a graph on the executors with the configured training master, one epoch per
 * {@code fit} over a freshly shuffled RDD of minibatches. After every epoch: training loss on a
 * fixed sample and validation AUC/logloss, both computed on the executors; a checkpoint; the
 * learning-rate schedule and early stopping of {@link TrainState}. Ends with the best epoch's
 * parameters and tables. A non-finite loss or parameter aborts with an error.
 *
 * <p>The embedding tables live outside DL4J's parameters: DL4J's training master moves only the
 * dense part, and the tables are the run's {@link TablePlacement}'s. In local mode the executors'
 * DL4J workers share the driver's tables in place; with executor JVMs, either every executor trains
 * a copy of the tables during the epoch and the copies are averaged after it
 * ({@code training.tables = replicated}), or the rows are sharded across the executors and
 * exchanged per step ({@code training.tables = sharded}: the owners write their shards into every
 * checkpoint, and the driver reads the best epoch's tables back from it once, at the end, for the
 * bundle).
 *
 * <p>Progress: every Spark job carries its phase ("train: epoch 3/10: fit (40 averaging rounds)")
 * and a line reports the examples fitted so far at a steady interval ({@link Progress}); each
 * finished epoch is appended to {@link EpochLog#FILE} beside the checkpoints.
 */
public final class DistributedTrainer {
  private static final ObjectMapper JSON = Json.COMPACT;

  /** Told of each epoch once its checkpoint is written and the epoch curve appended. */
  @FunctionalInterface
  public interface EpochListener {
    EpochListener NONE = epoch -> { };

    /** An exception thrown here ends the run as a failure would (its checkpoint stays: tests simulate crashes). */
    void checkpointed(EpochStats epoch);
  }

  /**
   * @param model the graph with the best epoch's parameters
   * @param state the final training state (epochs, best epoch)
   * @param validation metrics of the kept parameters on the validation split
   * @param trainRows training rows per epoch
   * @param masterJson the effective training-master configuration
   * @param exchanges what the workers exchanged, per epoch run
   * @param tableTraffic what sharded tables moved per epoch run (empty unless tables = sharded on executors)
   * @param driverHeldRows whether the driver held table rows before it assembled the bundle's (sharded
   *     tables: only a warm start's; otherwise always)
   * @param timing where the run's wall time went
   */
  public record Result(ComputationGraph model, TrainState state, MetricsReport validation, long trainRows,
                       String masterJson, List<Exchange> exchanges, List<ShardedSession.Traffic> tableTraffic,
                       boolean driverHeldRows, RunTiming timing) {}

  private DistributedTrainer() {}

  /**
   * @param negativeRate the manifest's training negative keep-rate
   * @param resume continue from the newest checkpoint (an error if there is none)
   */
  public static Result train(SparkSession spark, ModelSpec spec, TrainSettings t, Dataset<Row> train,
                             Dataset<Row> validation, double negativeRate, Checkpoints checkpoints, boolean resume) {
    return train(spark, spec, t, null, train, validation, negativeRate, checkpoints, resume, EpochListener.NONE);
  }

  /**
   * @param initial a model whose dense parameters and tables start the training instead of a fresh
   *     initialization (ignored when resuming), or null
   * @param listener told of each checkpointed epoch
   */
  public static Result train(SparkSession spark, ModelSpec spec, TrainSettings t, ComputationGraph initial,
                             Dataset<Row> train, Dataset<Row> validation, double negativeRate, Checkpoints checkpoints,
                             boolean resume, EpochListener listener) {
    return new TrainingRun(spark, spec, t, checkpoints, listener).train(initial, resume, train, validation,
        negativeRate);
  }

  /** "epoch 3/10: fit (40 averaging rounds)": the Spark UI's description of an epoch's training jobs. */
  static String fitDescription(int epoch, TrainSettings t, long batchCount, int workers) {
    String rounds = t.master() == TrainSettings.Master.PARAMETER_AVERAGING ? String.format(" (%d averaging rounds)",
        (batchCount + (long) workers * t.averagingFrequency() - 1) / ((long) workers * t.averagingFrequency())) : "";
    return String.format("epoch %d/%d: fit%s", epoch, t.epochs(), rounds);
  }

  static String json(ModelSpec spec) {
    try {
      return JSON.writeValueAsString(spec);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("Cannot serialize the model spec", e);
    }
  }
}
