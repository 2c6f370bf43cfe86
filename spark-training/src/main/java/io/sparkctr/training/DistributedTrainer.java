package io.sparkctr.training;

import io.sparkctr.common.json.Json;
import io.sparkctr.common.progress.Progress;
import io.sparkctr.training.progress.EpochLog;
import io.sparkctr.training.progress.ExamplesHook;
import io.sparkctr.training.executor.ExecutorEvaluation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sparkctr.models.graph.CtrGraphBuilder;
import io.sparkctr.models.graph.ModelSpec;
import io.sparkctr.models.layers.TableBinding;
import io.sparkctr.models.tables.LocalTable;
import io.sparkctr.models.tables.ModelTables;
import io.sparkctr.training.tables.ExecutorTables;
import io.sparkctr.training.tables.sharded.ShardedSession;
import io.sparkctr.models.metrics.MetricsReport;
import io.sparkctr.models.train.EpochStats;
import io.sparkctr.models.train.TrainState;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.storage.StorageLevel;
import org.apache.spark.util.LongAccumulator;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.spark.impl.graph.SparkComputationGraph;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Trains a graph on the executors with the configured training master, one epoch per
 * {@code fit} over a freshly shuffled RDD of minibatches. After every epoch: training loss on a
 * fixed sample and validation AUC/logloss, both computed on the executors; a checkpoint; the
 * learning-rate schedule and early stopping of {@link TrainState}. Ends with the best epoch's
 * parameters and tables. A non-finite loss or parameter aborts with an error.
 *
 * <p>The embedding tables live outside DL4J's parameters: DL4J's training master moves only the
 * dense part. In local mode the executors' DL4J workers share the driver's tables in place; with
 * executor JVMs, either every executor trains a copy of the tables during the epoch and the copies
 * are averaged after it ({@link ExecutorTables}, {@code training.tables = replicated}), or the rows
 * are sharded across the executors and exchanged per step ({@link ShardedSession},
 * {@code training.tables = sharded}: the owners write their shards into every checkpoint, and the
 * driver reads the best epoch's tables back from it once, at the end, for the bundle).
 *
 * <p>Progress: every Spark job carries its phase ("train: epoch 3/10: fit (40 averaging rounds)")
 * and a line reports the examples fitted so far at a steady interval ({@link Progress}); each
 * finished epoch is appended to {@link EpochLog#FILE} beside the checkpoints.
 */
public final class DistributedTrainer {
  private static final Logger LOG = LoggerFactory.getLogger(DistributedTrainer.class);
  private static final ObjectMapper JSON = Json.COMPACT;
  /** Called with the epoch number after each checkpoint; tests use it to simulate a crash. */
  public static volatile java.util.function.IntConsumer afterCheckpoint = e -> { };
  /** What sharded tables moved per epoch in this JVM's last training run (empty unless tables = sharded). */
  public static volatile List<ShardedSession.Traffic> lastTableTraffic = List.of();
  /**
   * Whether this JVM's last training run held table rows on the driver before it assembled the
   * bundle's (sharded tables: only a warm start's; replicated: always).
   */
  public static volatile boolean lastDriverHeldRows;

  /**
   * @param model the graph with the best epoch's parameters
   * @param state the final training state (epochs, best epoch)
   * @param validation metrics of the kept parameters on the validation split
   * @param trainRows training rows per epoch
   * @param masterJson the effective training-master configuration
   * @param exchanges what the workers exchanged, per epoch run
   */
  public record Result(ComputationGraph model, TrainState state, MetricsReport validation, long trainRows,
                       String masterJson, List<Exchange> exchanges) {}

  private DistributedTrainer() {}

  /**
   * @param negativeRate the manifest's training negative keep-rate
   * @param resume continue from the newest checkpoint (an error if there is none)
   */
  public static Result train(SparkSession spark, ModelSpec spec, TrainSettings t, Dataset<Row> train,
                             Dataset<Row> validation, double negativeRate, Checkpoints checkpoints, boolean resume) {
    return train(spark, spec, t, null, train, validation, negativeRate, checkpoints, resume);
  }

  /**
   * @param initial a model whose dense parameters and tables start the training instead of a fresh
   *     initialization (ignored when resuming), or null
   */
  public static Result train(SparkSession spark, ModelSpec spec, TrainSettings t, ComputationGraph initial,
                             Dataset<Row> train,
                             Dataset<Row> validation, double negativeRate, Checkpoints checkpoints, boolean resume) {
    JavaSparkContext sc = JavaSparkContext.fromSparkContext(spark.sparkContext());
    int workers = t.workers() > 0 ? t.workers() : sc.defaultParallelism();
    // sharded: the owners hold the tables and write them into each checkpoint; the driver keeps no copy
    boolean shardedTables = t.shardedTables() && !sc.isLocal();
    String specJson = json(spec);
    double factor = spec.recalibrationFactor(negativeRate);
    int f = spec.fields();
    int d = spec.denseFeatures();

    ComputationGraph net;
    INDArray best;
    Map<String, LocalTable> bestTables;
    TrainState state;
    checkpoints.claim();
    // sharded: the driver reads no tables of a checkpoint (the owners read their rows themselves)
    Optional<Checkpoints.Loaded> loaded = resume ? checkpoints.latest(!shardedTables) : Optional.empty();
    if (resume && loaded.isEmpty()) {
      throw new IllegalArgumentException("Cannot resume: no complete checkpoint under " + checkpoints.dir());
    }
    if (!resume && checkpoints.any()) {
      throw new IllegalArgumentException("Cannot train: checkpoints of an earlier run exist under " + checkpoints.dir()
          + "; pass --resume to continue it or remove them");
    }
    if (loaded.isPresent()) {
      state = loaded.get().state();
      if (!state.specJson().equals(specJson)) {
        throw new IllegalArgumentException("Cannot resume from " + checkpoints.dir() + ": it trained the spec "
            + state.specJson() + ", the config now gives " + specJson);
      }
      net = loaded.get().model();
      if (shardedTables) {  // tables of the spec's shape, never allocated here unless the bundle needs them
        TableBinding.bind(net, CtrGraphBuilder.newTables(spec, true));
      }
      best = loaded.get().best();
      bestTables = loaded.get().bestTables();
      if (state.stopped() && state.epoch() < t.epochs()) {
        LOG.info("Resuming after epoch {} of {} from {}: that run stopped early ({} epochs without a better validation "
            + "AUC than epoch {}); continuing up to epoch {} with the patience counter reset", state.epoch(), t.epochs(),
            checkpoints.dir(), state.sinceBest(), state.bestEpoch(), t.epochs());
        state = state.continued();
      } else {
        LOG.info("Resuming after epoch {} of {} from {}", state.epoch(), t.epochs(), checkpoints.dir());
      }
    } else {
      Nd4j.getRandom().setSeed(spec.seed());
      // sharded: the owners initialize their rows; the driver's tables stay unallocated (unless warm started)
      net = CtrGraphBuilder.build(spec, DataType.FLOAT, shardedTables);
      if (initial != null) {
        net.setParams(initial.params().dup());
        TableBinding.tablesOf(net).restore(TableBinding.tablesOf(initial).snapshot());
      }
      best = net.params().dup();
      bestTables = shardedTables ? null : TableBinding.tablesOf(net).snapshot();
      state = TrainState.start(spec.learningRate(), specJson);
    }
    ModelTables tables = TableBinding.tablesOf(net);
    setLearningRate(net, tables, state.learningRate(), spec);

    long trainRows = train.count();
    if (trainRows == 0 || validation.isEmpty()) {
      throw new IllegalArgumentException("Cannot train: " + trainRows + " training rows and "
          + (validation.isEmpty() ? "no" : "some") + " validation rows");
    }
    Dataset<Row> lossSample = train.sample(false, Math.min(1.0, (double) t.lossSampleRows() / trainRows), 17)
        .persist(StorageLevel.MEMORY_AND_DISK());
    Dataset<Row> val = validation.persist(StorageLevel.MEMORY_AND_DISK());
    long batchCount = (trainRows + t.batchSize() - 1) / t.batchSize();
    List<Exchange> exchanges = new ArrayList<>();
    List<ShardedSession.Traffic> tableTraffic = new ArrayList<>();
    long started = System.nanoTime();
    int firstEpoch = state.epoch() + 1;
    ShardedSession sharded = null;
    EpochLog epochLog = new EpochLog(checkpoints.dir(), sc.hadoopConfiguration());
    try (TrainingMasters.Run master = TrainingMasters.open(sc, t, spec, workers);
         Progress progress = Progress.open(spark.sparkContext(), "train")) {
      if (shardedTables) {
        ShardedSession.Fill fill = loaded.isPresent() ? ShardedSession.Fill.FILES
            : initial != null ? ShardedSession.Fill.DRIVER : ShardedSession.Fill.INITIALIZE;
        sharded = new ShardedSession(sc, tables, t.tableBasePort(), TrainSettings.TABLE_PORTS,
            t.sharing().networkMask(), t.tableTimeout(), fill);
        if (fill == ShardedSession.Fill.FILES) {
          sharded.readShards(checkpoints.latestTablesDir().toString(), sc.hadoopConfiguration());
        }
      }
      SparkComputationGraph sparkNet = new SparkComputationGraph(sc, net, master.master());
      sparkNet.setCollectTrainingStats(false);
      while (!state.stopped() && state.epoch() < t.epochs()) {
        int epoch = state.epoch() + 1;
        long t0 = System.nanoTime();
        double lrScale = state.learningRate() / spec.learningRate();
        if (sharded != null) {
          sharded.beginEpoch(lrScale);
        }
        ExecutorTables.Ref shipped = ExecutorTables.share(sc, tables, true, lrScale);
        try {
          JavaRDD<DataSet> batches = TrainingBatches.shuffled(train, workers, t.shuffleSeed() * 1_000_003L + epoch,
              t.batchSize(), spec.layout(), shipped);
          // progress: the examples DL4J's workers fit, counted on the executors
          LongAccumulator examples = progress.count(fitDescription(epoch, t, batchCount, workers), trainRows, "examples");
          ExamplesHook hook = ExamplesHook.addTo(master.master(), examples);
          exchanges.add(master.fitEpoch(sparkNet, batches, batchCount, TrainingBatches.taskSetup(shipped), epoch,
              state.learningRate()));
          hook.removeFrom(master.master());
          batches.unpersist(false);
          if (shipped != null && shipped.shipsTables()) {
            progress.phase(String.format("epoch %d/%d: average the embedding tables", epoch, t.epochs()));
            int copies = ExecutorTables.averageInto(sc, shipped, tables, "embedding tables: average after epoch "
                + epoch);
            LOG.info("Averaged the embedding tables of {} executor(s) after epoch {}", copies, epoch);
          }
        } finally {
          if (shipped != null) {
            shipped.destroy(); // on failure too: the broadcast of the whole tables is not kept to the end
          }
        }
        ShardedSession.Traffic traffic = sharded == null ? null : sharded.endEpoch(epoch);
        net = sparkNet.getNetwork();
        TableBinding.bind(net, tables);
        double seconds = (System.nanoTime() - t0) / 1e9;
        double paramSum = net.params().sumNumber().doubleValue();
        if (!Double.isFinite(paramSum)) {
          throw diverged(epoch, Double.NaN, Double.NaN, paramSum);
        }
        progress.phase(String.format("epoch %d/%d: training loss and validation metrics", epoch, t.epochs()));
        double loss;
        MetricsReport v;
        try {
          loss = ExecutorEvaluation.metrics(sc, net, lossSample, f, d, 1.0).report().logloss();
          v = ExecutorEvaluation.metrics(sc, net, val, f, d, factor).report();
        } catch (Exception e) { // Spark's SparkException (checked, undeclared) included: a NaN prediction diverged
          if (!causedByNonFinite(e)) {
            throw e;
          }
          throw diverged(epoch, Double.NaN, Double.NaN, paramSum);
        }
        if (!Double.isFinite(loss) || !Double.isFinite(v.logloss())) {
          throw diverged(epoch, loss, v.logloss(), paramSum);
        }
        EpochStats s = new EpochStats(epoch, loss, v.auc(), v.logloss(), trainRows / seconds, state.learningRate(),
            seconds);
        state = state.after(s, t.schedule());
        if (state.improved()) {
          best = net.params().dup();
          Map<String, LocalTable> now = bestTables;
          if (now != null) {
            now.forEach((name, copy) -> copy.restoreFrom(tables.local(name)));
          }
        }
        setLearningRate(net, tables, state.learningRate(), spec);
        if (sharded != null) {
          ShardedSession owners = sharded;
          var hadoop = sc.hadoopConfiguration();
          long written = checkpoints.save(net, best, state, dir -> {
            ShardedSession.Written w = owners.writeShards(dir.toString(), hadoop);
            return new Checkpoints.TablesWritten(w.bytes(), w.sums());
          });
          tableTraffic.add(traffic.checkpointed(written));
        } else {
          checkpoints.save(net, best, bestTables, state);
        }
        epochLog.append(s, state.bestEpoch()); // the curve so far, kept if the run dies
        afterCheckpoint.accept(epoch);
        double elapsed = (System.nanoTime() - started) / 1e9;
        int done = epoch - firstEpoch + 1;
        LOG.info(String.format("epoch %d/%d  loss %.5f  val AUC %.5f  val logloss %.5f  %.0f ex/s  lr %.2g  ETA %.0f s%s",
            epoch, t.epochs(), loss, v.auc(), v.logloss(), trainRows / seconds, s.learningRate(),
            state.stopped() ? 0 : elapsed / done * (t.epochs() - epoch),
            state.stopped() && epoch < t.epochs() ? "  (early stop: keeping epoch " + state.bestEpoch() + ")" : ""));
      }
      net.setParams(best);
      lastDriverHeldRows = tables.names().stream().anyMatch(n -> tables.local(n).allocated());
      // sharded: the best epoch's tables come from its checkpoint's shard files, assembled here once
      tables.restore(bestTables != null ? bestTables : checkpoints.bestTables());
      if (sharded != null && state.bestEpoch() != state.epoch()) {
        // the shards hold the last epoch's rows: the owners read the best epoch's from its checkpoint
        sharded.readShards(checkpoints.bestTablesDir().toString(), sc.hadoopConfiguration());
      }
      progress.phase("validation metrics of the kept epoch " + state.bestEpoch());
      MetricsReport kept = ExecutorEvaluation.metrics(sc, net, val, f, d, factor).report();
      return new Result(net, state, kept, trainRows, master.json(), List.copyOf(exchanges));
    } catch (Exception e) {  // Spark's SparkException included (checked, thrown undeclared)
      String lost = sharded == null ? null : sharded.lost();
      if (lost != null) {  // a cancelled job or a failed pull says less than which owner was lost
        throw new IllegalStateException(lost, e);
      }
      throw e;
    } finally {
      if (sharded != null) {
        sharded.close();
      }
      lastTableTraffic = List.copyOf(tableTraffic);
      lossSample.unpersist();
      val.unpersist();
    }
  }

  /** "epoch 3/10: fit (40 averaging rounds)": the Spark UI's description of an epoch's training jobs. */
  private static String fitDescription(int epoch, TrainSettings t, long batchCount, int workers) {
    String rounds = t.master().equals(TrainSettings.PARAMETER_AVERAGING) ? String.format(" (%d averaging rounds)",
        (batchCount + (long) workers * t.averagingFrequency() - 1) / ((long) workers * t.averagingFrequency())) : "";
    return String.format("epoch %d/%d: fit%s", epoch, t.epochs(), rounds);
  }

  /** The dense part's rate, and the tables' rates scaled by the same schedule. */
  private static void setLearningRate(ComputationGraph net, ModelTables tables, double rate, ModelSpec spec) {
    net.setLearningRate(rate);
    tables.setLearningRateScale(rate / spec.learningRate());
  }

  private static boolean causedByNonFinite(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof io.sparkctr.models.bundle.NonFinitePrediction) {
        return true;
      }
    }
    return false;
  }

  private static IllegalStateException diverged(int epoch, double loss, double valLogloss, double paramSum) {
    return new IllegalStateException("Cannot train: epoch " + epoch + " ended with training loss " + loss
        + ", validation logloss " + valLogloss + " and parameter sum " + paramSum + " (diverged or non-finite input: "
        + "check the features, lower model.learning-rate or set model.gradient-clip); nothing was published");
  }

  static String json(ModelSpec spec) {
    try {
      return JSON.writeValueAsString(spec);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("Cannot serialize the model spec", e);
    }
  }
}
