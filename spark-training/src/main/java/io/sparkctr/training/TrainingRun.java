package io.sparkctr.training;

import io.sparkctr.common.progress.Progress;
import io.sparkctr.features.manifest.FeatureOutputSchema;
import io.sparkctr.models.bundle.NonFinitePrediction;
import io.sparkctr.models.data.MiniBatch;
import io.sparkctr.models.graph.ModelSpec;
import io.sparkctr.models.layers.TableBinding;
import io.sparkctr.models.metrics.MetricsReport;
import io.sparkctr.models.tables.ModelTables;
import io.sparkctr.models.train.EpochStats;
import io.sparkctr.models.train.ScheduledGraph;
import io.sparkctr.models.train.TrainState;
import io.sparkctr.training.progress.EpochLog;
import io.sparkctr.training.progress.EpochPhases;
import io.sparkctr.training.progress.RunTiming;
import io.sparkctr.training.progress.ExamplesHook;
import io.sparkctr.training.scoring.ExecutorEvaluation;
import io.sparkctr.training.tables.TablePlacement;
import io.sparkctr.training.tables.sharded.ShardLost;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.apache.spark.storage.StorageLevel;
import org.apache.spark.util.LongAccumulator;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.spark.impl.graph.SparkComputationGraph;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One {@link DistributedTrainer#train} call: start or resume, the epochs, finish. The tables are its
 * {@link TablePlacement}'s; this class holds the dense side and the schedule.
 */
final class TrainingRun {
  private static final Logger LOG = LoggerFactory.getLogger(DistributedTrainer.class);
  private final SparkSession spark;
  private final JavaSparkContext sc;
  private final ModelSpec spec;
  private final TrainSettings t;
  private final Checkpoints checkpoints;
  private final DistributedTrainer.EpochListener listener;
  private final int workers;
  private final String specJson;
  private final TablePlacement placement;
  private final List<Exchange> exchanges = new ArrayList<>();
  private ComputationGraph net;
  private ModelTables tables;
  /** The best epoch's dense parameters so far. */
  private INDArray best;
  /** The best epoch's validation metrics, if this run trained it (else null). */
  private MetricsReport bestReport;
  /** The latest epoch's validation metrics. */
  private MetricsReport lastReport;
  private ScheduledGraph schedule;
  /** {@link #schedule}'s state. */
  private TrainState state;
  // the data, once prepared
  private Dataset<Row> train;
  private Dataset<Row> lossSample;
  private Dataset<Row> val;
  private double factor;
  private long trainRows;
  /** The latest event time (epoch seconds) of the training rows, if they have a timestamp column. */
  private OptionalLong eventTime = OptionalLong.empty();
  private long batchCount;
  private long started;
  private int firstEpoch;
  private EpochLog epochLog;
  private final List<EpochPhases.Timing> epochTimes = new ArrayList<>();
  private double startSeconds;

  TrainingRun(SparkSession spark, ModelSpec spec, TrainSettings t, Checkpoints checkpoints,
              DistributedTrainer.EpochListener listener) {
    this.spark = spark;
    this.sc = JavaSparkContext.fromSparkContext(spark.sparkContext());
    this.spec = spec;
    this.t = t;
    this.checkpoints = checkpoints;
    this.listener = listener;
    this.workers = t.workers() > 0 ? t.workers() : sc.defaultParallelism();
    this.specJson = DistributedTrainer.json(spec);
    this.placement = TablePlacement.of(t.tables().on(sc), sc, spec, t.tableServers());
  }

  DistributedTrainer.Result train(ComputationGraph initial, boolean resume, Dataset<Row> train,
                                  Dataset<Row> validation, double negativeRate) {
    long t0 = System.nanoTime();
    startOrResume(initial, resume);
    prepare(train, validation, negativeRate);
    try (TrainingMasters.Run master = TrainingMasters.open(sc, t, spec, workers);
         Progress progress = Progress.open(spark.sparkContext(), "train")) {
      placement.open();
      SparkComputationGraph sparkNet = new SparkComputationGraph(sc, net, master.master());
      sparkNet.setCollectTrainingStats(false);
      startSeconds = (System.nanoTime() - t0) / 1e9;
      while (!state.stopped() && state.epoch() < t.epochs()) {
        epoch(sparkNet, master, progress);
      }
      return finish(master, progress);
    } catch (Exception e) {  // Spark's SparkException included (checked, thrown undeclared)
      String lost = placement.lost();
      if (lost != null) {  // a cancelled job or a failed pull says less than which owner was lost
        throw new ShardLost(lost, e);
      }
      throw e;
    } finally {
      placement.close();
      lossSample.unpersist();
      val.unpersist();
    }
  }

  /** The graph, the best parameters and the state: the newest checkpoint's, or new (warm started from {@code initial}). */
  private void startOrResume(ComputationGraph initial, boolean resume) {
    checkpoints.claim();
    var loaded = resume ? checkpoints.latest() : java.util.Optional.<Checkpoints.Loaded>empty();
    if (resume && loaded.isEmpty()) {
      throw new IllegalArgumentException("Cannot resume: no complete checkpoint under " + checkpoints.dir());
    }
    if (!resume && checkpoints.any()) {
      throw new IllegalArgumentException("Cannot train: checkpoints of an earlier run exist under " + checkpoints.dir()
          + "; pass --resume to continue it or remove them");
    }
    if (loaded.isPresent()) {
      resume(loaded.get());
    } else {
      // sharded: the owners initialize their rows; the driver's tables stay unallocated (unless warm started)
      schedule = ScheduledGraph.start(spec, t.schedule(), specJson, placement.defersDriverRows());
      net = schedule.graph();
      if (initial != null) {
        net.setParams(initial.params().dup());
        TableBinding.tablesOf(net).copyFrom(TableBinding.tablesOf(initial)); // no third copy in between
      }
      best = net.params().dup();
      placement.startNew(TableBinding.tablesOf(net), initial != null);
      net.setLearningRate(schedule.state().learningRate()); // the spec's, on the dense part; the new tables are at scale 1
    }
    state = schedule.state();
    tables = TableBinding.tablesOf(net);
  }

  private void resume(Checkpoints.Loaded loaded) {
    TrainState saved = loaded.state();
    ResumeCheck.sameSpec(checkpoints, saved.specJson(), spec, specJson);
    net = loaded.model();
    best = loaded.best();
    placement.resume(net, checkpoints);
    schedule = ScheduledGraph.resume(spec, t.schedule(), saved, net);
    if (saved.stopped() && saved.epoch() < t.epochs()) {
      LOG.info("Resuming after epoch {} of {} from {}: that run stopped early ({} epochs without a better validation "
          + "AUC than epoch {}); continuing up to epoch {} with the patience counter reset", saved.epoch(), t.epochs(),
          checkpoints.dir(), saved.sinceBest(), saved.bestEpoch(), t.epochs());
      schedule.continued();
    } else {
      LOG.info("Resuming after epoch {} of {} from {}", saved.epoch(), t.epochs(), checkpoints.dir());
    }
  }

  /**
   * Counts the training rows and finds their latest event time (one pass); persists a sample of
   * them (the training loss's) and the validation rows.
   */
  private void prepare(Dataset<Row> train, Dataset<Row> validation, double negativeRate) {
    this.train = train;
    this.factor = spec.recalibrationFactor(negativeRate);
    if (java.util.Arrays.asList(train.columns()).contains(FeatureOutputSchema.TIMESTAMP)) {
      Row r = train.agg(functions.count(functions.lit(1)), functions.max(FeatureOutputSchema.TIMESTAMP)).first();
      trainRows = r.getLong(0);
      eventTime = r.isNullAt(1) ? OptionalLong.empty() : OptionalLong.of(((Number) r.get(1)).longValue());
    } else {
      trainRows = train.count();
    }
    if (trainRows == 0 || validation.isEmpty()) {
      throw new IllegalArgumentException("Cannot train: " + trainRows + " training rows and "
          + (validation.isEmpty() ? "no" : "some") + " validation rows");
    }
    lossSample = train.sample(false, Math.min(1.0, (double) t.lossSampleRows() / trainRows), 17)
        .persist(StorageLevel.MEMORY_AND_DISK());
    val = validation.persist(StorageLevel.MEMORY_AND_DISK());
    batchCount = (trainRows + t.batchSize() - 1) / t.batchSize();
    started = System.nanoTime();
    firstEpoch = state.epoch() + 1;
    epochLog = new EpochLog(checkpoints.dir(), sc.hadoopConfiguration());
  }

  /** One epoch: fit, evaluation, the schedule, a checkpoint, the curve and the log line. */
  private void epoch(SparkComputationGraph sparkNet, TrainingMasters.Run master, Progress progress) {
    int epoch = state.epoch() + 1;
    EpochPhases phases = new EpochPhases(epoch);
    phases.time(EpochPhases.FIT, () -> {
      fit(epoch, sparkNet, master, progress);
      net = sparkNet.getNetwork();
      TableBinding.bind(net, tables);
    });
    double seconds = phases.seconds(EpochPhases.FIT);
    EpochStats s = evaluate(epoch, seconds, progress, phases);
    state = schedule.after(s, net); // and the next epoch's rate on the driver's graph and tables
    if (state.improved()) {
      best = net.params().dup();
      bestReport = lastReport; // its tables: the epoch's checkpoint, kept beside the newest
    }
    ComputationGraph n = net;
    INDArray b = best;
    TrainState st = state;
    phases.time(EpochPhases.CHECKPOINT, () -> placement.checkpoint(content -> checkpoints.save(n, b, st, content)));
    epochLog.append(s, state.bestEpoch(), phases); // the curve so far, kept if the run dies
    EpochPhases.Timing timing = phases.timing();
    epochTimes.add(timing);
    listener.checkpointed(s);
    double elapsed = (System.nanoTime() - started) / 1e9;
    int done = epoch - firstEpoch + 1;
    LOG.info(String.format("epoch %d/%d  loss %.5f  val AUC %.5f  val logloss %.5f  %.0f ex/s  lr %.2g  ETA %.0f s%s"
        + "  (%s; epoch %.1f s)", epoch, t.epochs(), s.trainLoss(), s.validationAuc(), s.validationLogloss(),
        trainRows / seconds, s.learningRate(), state.stopped() ? 0 : elapsed / done * (t.epochs() - epoch),
        state.stopped() && epoch < t.epochs() ? "  (early stop: keeping epoch " + state.bestEpoch() + ")" : "",
        EpochPhases.describe(timing), timing.wallSeconds()));
  }

  /** The epoch's fit on a freshly shuffled RDD of minibatches, the tables as the placement ships them. */
  private void fit(int epoch, SparkComputationGraph sparkNet, TrainingMasters.Run master, Progress progress) {
    double lrScale = state.learningRate() / spec.learningRate(); // as the schedule scales the driver's tables
    // every epoch trains on the same rows: their latest event time
    try (TablePlacement.Epoch shipped = placement.beginEpoch(epoch, lrScale, eventTime)) {
      JavaRDD<MiniBatch> batches = TrainingBatches.shuffled(train, workers, t.shuffleSeed() * 1_000_003L + epoch,
          t.batchSize(), spec.layout(), shipped.ref());
      // progress: the examples DL4J's workers fit, counted on the executors
      LongAccumulator examples = progress.count(DistributedTrainer.fitDescription(epoch, t, batchCount, workers),
          trainRows, "examples");
      ExamplesHook hook = ExamplesHook.addTo(master.master(), examples);
      exchanges.add(master.fitEpoch(sparkNet, batches, batchCount, TrainingBatches.taskSetup(shipped.ref()), epoch,
          state.learningRate()));
      hook.removeFrom(master.master());
      batches.unpersist(false);
      shipped.trained(phase -> progress.phase(String.format("epoch %d/%d: %s", epoch, t.epochs(), phase)));
    }
    placement.endEpoch(epoch);
  }

  /** Training loss on the fixed sample and validation metrics, both on the executors; a non-finite one aborts. */
  private EpochStats evaluate(int epoch, double seconds, Progress progress, EpochPhases phases) {
    double paramSum = net.params().sumNumber().doubleValue();
    if (!Double.isFinite(paramSum)) {
      throw diverged(epoch, Double.NaN, Double.NaN, paramSum);
    }
    progress.phase(String.format("epoch %d/%d: training loss and validation metrics", epoch, t.epochs()));
    double loss;
    MetricsReport v;
    try {
      loss = phases.time(EpochPhases.TRAINING_LOSS, () -> ExecutorEvaluation.logloss(sc, net, lossSample,
          spec.fields(), spec.denseFeatures()));
      v = phases.time(EpochPhases.VALIDATION, () -> ExecutorEvaluation.metrics(sc, net, val, spec.fields(),
          spec.denseFeatures(), factor).report());
    } catch (Exception e) { // Spark's SparkException (checked, undeclared) included: a NaN prediction diverged
      if (!causedByNonFinite(e)) {
        throw e;
      }
      throw diverged(epoch, Double.NaN, Double.NaN, paramSum);
    }
    if (!Double.isFinite(loss) || !Double.isFinite(v.logloss())) {
      throw diverged(epoch, loss, v.logloss(), paramSum);
    }
    lastReport = v;
    return new EpochStats(epoch, loss, v.auc(), v.logloss(), trainRows / seconds, state.learningRate(), seconds);
  }

  /**
   * The best epoch's parameters and tables, and their validation metrics: those its epoch computed
   * when this run trained it (the same parameters, tables and rows), else computed here.
   */
  private DistributedTrainer.Result finish(TrainingMasters.Run master, Progress progress) {
    long t0 = System.nanoTime();
    net.setParams(best);
    placement.export(checkpoints);
    MetricsReport kept = bestReport;
    if (kept == null) { // a resumed run whose best epoch an earlier run trained
      placement.restoreBest(state.bestEpoch(), state.epoch(), checkpoints);
      progress.phase("validation metrics of the kept epoch " + state.bestEpoch());
      kept = ExecutorEvaluation.metrics(sc, net, val, spec.fields(), spec.denseFeatures(), factor).report();
    }
    TablePlacement.Report tablesDid = placement.report();
    RunTiming timing = new RunTiming(startSeconds, epochTimes, (System.nanoTime() - t0) / 1e9,
        trainRows * epochTimes.size());
    return new DistributedTrainer.Result(net, state, kept, trainRows, master.json(), List.copyOf(exchanges),
        tablesDid.traffic(), tablesDid.driverHeldRows(), timing);
  }

  private static boolean causedByNonFinite(Throwable e) {
    for (Throwable x = e; x != null; x = x.getCause()) {
      if (x instanceof NonFinitePrediction) {
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
}
