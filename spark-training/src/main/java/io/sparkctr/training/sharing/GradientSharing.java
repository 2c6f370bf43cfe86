package io.sparkctr.training.sharing;

import io.sparkctr.training.executor.OnEachExecutor;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.storage.StorageLevel;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.optimize.solvers.accumulation.encoding.threshold.FixedThresholdAlgorithm;
import org.deeplearning4j.spark.api.RDDTrainingApproach;
import org.deeplearning4j.spark.api.Repartition;
import org.deeplearning4j.spark.impl.graph.SparkComputationGraph;
import org.deeplearning4j.spark.parameterserver.training.SharedTrainingMaster;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.parameterserver.distributed.conf.VoidConfiguration;
import org.nd4j.parameterserver.distributed.v2.ModelParameterServer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Gradient sharing (DL4J's {@code SharedTrainingMaster}) made to work across executor JVMs, and
 * never silently wrong. One instance per training run, closed at its end (also on failure).
 *
 * <p>What DL4J 1.0.0-M2 gets wrong, and what this class does about it:
 * <ol>
 *   <li>Every node takes its Aeron port from one supplier that gives all of them the same port:
 *       executors on the driver's host claim the root's identity, believe themselves the root and
 *       train alone. → {@link ExecutorPortSupplier}: a distinct port per executor.</li>
 *   <li>Updates are threshold-encoded: each element moves by exactly ±threshold or not at all, on
 *       every replica including the sender's. DL4J's default threshold (1e-3) is below an Adam step
 *       (about the learning rate), which caps the speed of learning at threshold/lr. → The
 *       threshold defaults to the workers' learning rate ({@link GradientSharingSettings#thresholdFor}).</li>
 *   <li>Every replica applies every worker's update, so N workers move the model N steps per
 *       round where parameter averaging moves it about one (averaged) step: at the same learning
 *       rate gradient sharing overfits sooner and its best epoch varies more from run to run. →
 *       Each worker steps at learning rate / N ({@code scale-learning-rate}, default on).</li>
 *   <li>The driver's model is a "silent" replica rebuilt from the encoded updates it receives,
 *       applied in bulk every 32 messages; it drifts from what the workers learnt (scale and
 *       logloss, at equal AUC), and nothing ever brings the workers' parameters back. → The
 *       replica is switched off; after each epoch the driver's parameters become the average of the
 *       workers' models, and before the next epoch the workers start from them (which also carries
 *       learning-rate changes to the workers).</li>
 *   <li>A worker that cannot reach the root waits for its answer forever, and one that trained
 *       outside the mesh goes unnoticed. → {@link MeshWatch} fails the epoch after the join
 *       timeout; after each epoch every worker must be a node of the root's mesh, and the
 *       parameters must have changed.</li>
 *   <li>DL4J keeps an executor's transport across training runs (it never rejoins a new root) and
 *       Aeron leaves its {@code /dev/shm} directory and needs a longer unblock timeout on Java 17.
 *       → {@link WorkerNode} prepares and releases each executor, {@link AeronFiles} the files.</li>
 * </ol>
 */
public final class GradientSharing implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(GradientSharing.class);

  private final JavaSparkContext sc;
  private final GradientSharingSettings settings;
  private final String session = UUID.randomUUID().toString().substring(0, 8);
  private final Map<String, String> executors;
  private final boolean oneJvm;
  private final String controller;
  private final double threshold;
  /** Workers whose updates every replica applies; each steps at the learning rate / this. */
  private final int workers;
  private final SharedTrainingMaster master;
  private final UpdateTraffic traffic = new UpdateTraffic();
  private boolean attached;
  private int epochsRun;

  /**
   * What one epoch exchanged.
   *
   * @param bytes encoded update bytes the root received (each worker's update reaches it once)
   * @param updates update messages
   * @param workers workers that trained
   * @param summary a human-readable account
   */
  public record Epoch(long bytes, long updates, int workers, String summary) {}

  /**
   * Prepares every executor and builds the master; no training yet.
   *
   * @param learningRate the model's learning rate (the default threshold)
   * @param partitions training partitions per epoch
   */
  public GradientSharing(JavaSparkContext sc, GradientSharingSettings settings, double learningRate, int batchSize,
                         int partitions, long seed) {
    this.sc = sc;
    this.settings = settings;
    String sparkMaster = sc.getConf().get("spark.master", "");
    this.oneJvm = sparkMaster.startsWith("local[") || sparkMaster.equals("local");
    boolean oneHost = oneJvm || sparkMaster.startsWith("local-cluster");
    if (sc.getConf().getBoolean("spark.dynamicAllocation.enabled", false)) {
      throw new IllegalArgumentException("Cannot train with gradient sharing: spark.dynamicAllocation.enabled is "
          + "true; the mesh of executors is formed once per run, so turn dynamic allocation off");
    }
    this.controller = !settings.controllerAddress().isEmpty() ? settings.controllerAddress()
        : oneHost ? "127.0.0.1" : sc.getConf().get("spark.driver.host");
    this.executors = OnEachExecutor.live(sc);
    this.workers = settings.scaleLearningRate()
        ? Math.max(1, Math.min(partitions, executors.size() * settings.workersPerExecutor())) : 1;
    this.threshold = settings.thresholdFor(learningRate / workers);
    if (partitions < executors.size()) {
      LOG.warn("Gradient sharing with {} training partitions on {} executors: some executors will not train",
          partitions, executors.size());
    }
    String s = session;
    OnEachExecutor.run(sc, executors, "gradient sharing: prepare", Gathered.EMPTY,
        () -> Gathered.of(WorkerNode.prepare(s)));
    AeronFiles.configure(session, "driver");
    VoidConfiguration voidConf = new ExecutorAddressConfiguration(controller, new ExecutorPortSupplier(settings),
        settings.networkMask(), oneHost);
    this.master = new SharedTrainingMaster.Builder(voidConf, batchSize)
        .batchSizePerWorker(batchSize)
        .workersPerNode(settings.workersPerExecutor())
        .thresholdAlgorithm(new FixedThresholdAlgorithm(threshold))
        .rddTrainingApproach(RDDTrainingApproach.Direct)
        .repartitioner(null)
        .repartitionData(Repartition.Never)
        .storageLevel(StorageLevel.MEMORY_AND_DISK_SER())
        .workerPrefetchNumBatches(2)
        .collectTrainingStats(false)
        .rngSeed(seed)
        .build();
    LOG.info("Gradient sharing session {}: root {}:{}, executors {} on ports {}+id, {} workers each at learning rate "
        + "/ {}, threshold {}", session, controller, settings.controllerPort(), executors, settings.executorBasePort(),
        workers, workers, threshold);
  }

  public SharedTrainingMaster master() {
    return master;
  }

  /** The effective configuration, for the bundle's training-master record. */
  public Map<String, Object> describe() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("master", "gradient-sharing");
    m.put("implementation", SharedTrainingMaster.class.getName());
    m.put("controller", controller + ":" + settings.controllerPort());
    m.put("executorBasePort", settings.executorBasePort());
    m.put("networkMask", settings.networkMask());
    m.put("threshold", threshold);
    m.put("learningRateDivisor", workers);
    m.put("workersPerExecutor", settings.workersPerExecutor());
    m.put("executors", executors);
    return m;
  }

  /**
   * One epoch: the workers start from the driver's parameters and learning rate, train with shared
   * updates, and their averaged parameters become the driver's.
   *
   * @throws IllegalStateException a worker did not join or trained outside the mesh, or nothing changed
   */
  public Epoch fit(SparkComputationGraph sparkNet, JavaRDD<DataSet> batches, int epoch, double learningRate) {
    ComputationGraph net = sparkNet.getNetwork();
    if (!attached) {
      attach(sparkNet);
    }
    float[] before = net.params().toFloatVector();
    String s = session;
    double workerRate = learningRate / workers;
    if (epochsRun > 0) {
      Broadcast<float[]> start = sc.broadcast(before);
      OnEachExecutor.run(sc, executors, "gradient sharing: start epoch " + epoch, Gathered.EMPTY,
          () -> Gathered.of(WorkerNode.start(s, start.value(), workerRate)));
      start.destroy();
    }
    net.setLearningRate(workerRate);  // the first epoch's workers are built from the driver's model
    UpdateTraffic.Totals t0 = traffic.totals();
    String group = "sparkctr-gradient-sharing-" + session + "-" + epoch;
    sc.setJobGroup(group, "gradient sharing epoch " + epoch, true);
    try (MeshWatch watch = new MeshWatch(sc, group, settings)) {
      try {
        sparkNet.fit(batches);
      } catch (Exception e) {  // SparkException is checked but thrown undeclared through Scala
        if (watch.failure() != null) {
          throw new IllegalStateException("Cannot train with gradient sharing: " + watch.failure(), e);
        }
        throw new IllegalStateException("Cannot train with gradient sharing: epoch " + epoch + " failed on the "
            + "executors (mesh " + Dl4jInternals.meshNodeIds() + "): " + OnEachExecutor.rootCause(e), e);
      }
    } finally {
      sc.clearJobGroup();
      net.setLearningRate(learningRate);
    }
    Gathered g = OnEachExecutor.run(sc, executors, "gradient sharing: collect the workers' parameters after epoch "
        + epoch, Gathered.EMPTY, () -> Gathered.of(WorkerNode.snapshot(s)));
    List<WorkerReport> trained = checkMesh(g, epoch);
    float[] avg = g.paramSum();
    double maxChange = 0;
    for (int i = 0; i < avg.length; i++) {
      avg[i] /= g.summed();
      maxChange = Math.max(maxChange, Math.abs(avg[i] - before[i]));
    }
    if (!(maxChange > 0)) {
      throw new IllegalStateException("Cannot train with gradient sharing: the parameters did not change over epoch "
          + epoch + " (largest change " + maxChange + "; workers " + trained + "; threshold " + threshold
          + ", learning rate " + learningRate + ")");
    }
    net.setParams(Nd4j.createFromArray(avg).reshape(net.params().shape()));
    epochsRun++;
    UpdateTraffic.Totals used = traffic.totals().minus(t0);
    String summary = String.format("gradient sharing epoch %d: %d workers, largest parameter change %.4g, %s",
        epoch, trained.size(), maxChange, used.describe(net.numParams()));
    LOG.info(summary);
    if (trained.size() > 1 && used.messages() == 0) {
      // seen when an earlier gradient-sharing session of this driver JVM left DL4J's root heartbeat behind
      LOG.warn("Gradient sharing epoch {}: no update of {} workers reached the root; they trained apart this epoch "
          + "and were only averaged after it (a gradient-sharing run earlier in this application? see deploy/README.md)",
          epoch, trained.size());
    }
    return new Epoch(used.bytes(), used.messages(), trained.size(), summary);
  }

  /** Root setup before the first epoch: mesh root up, the driver replica off, the traffic counted. */
  private void attach(SparkComputationGraph sparkNet) {
    attached = true; // close() releases what the setup started, also when it fails part-way
    Dl4jInternals.prepareDriver(master, sparkNet);
    QuietPoller.installWhenLaunched(60_000);
    Dl4jInternals.driverReplica(master).bypassMode(true);
    ModelParameterServer.getInstance().addUpdatesSubscriber(traffic);
  }

  /** The workers that trained; each must be a node of the root's mesh (not a root of its own). */
  private List<WorkerReport> checkMesh(Gathered g, int epoch) {
    List<WorkerReport> trained = new ArrayList<>();
    g.all().stream().filter(WorkerReport::trained).forEach(trained::add);
    if (trained.isEmpty() || g.summed() != trained.size()) {
      throw new IllegalStateException("Cannot train with gradient sharing: after epoch " + epoch + " no worker model "
          + "came back from the executors " + g.all());
    }
    if (oneJvm) {
      return trained;
    }
    Set<String> mesh = Dl4jInternals.meshNodeIds();
    String root = ModelParameterServer.getInstance().getTransport().id();
    for (WorkerReport w : trained) {
      if (w.transportId() == null || !w.introduced() || w.transportId().equals(root) || !mesh.contains(w.transportId())) {
        throw new IllegalStateException("Cannot train with gradient sharing: after epoch " + epoch + ", " + w
            + " trained outside the mesh of root " + root + " (its nodes: " + mesh + "); its updates never reached "
            + "the other workers");
      }
    }
    return trained;
  }

  /** Releases every executor's transport and Aeron files, then the driver's. Failures are logged. */
  @Override
  public void close() {
    String s = session;
    try {
      OnEachExecutor.run(sc, executors, "gradient sharing: release", Gathered.EMPTY,
          () -> Gathered.of(WorkerNode.release(s)));
    } catch (RuntimeException e) {
      LOG.warn("Cannot release gradient sharing on every executor (their JVMs remove Aeron's files when they exit): {}",
          e.toString());
    }
    if (attached) {
      QuietPoller.stop();
      org.nd4j.parameterserver.distributed.v2.transport.Transport t = ModelParameterServer.getInstance().getTransport();
      try {
        if (ModelParameterServer.getInstance().isInitialized()) {
          ModelParameterServer.getInstance().shutdown();
        } else if (t != null) {
          t.shutdown();
        }
      } catch (RuntimeException e) {
        LOG.warn("Gradient sharing session {}: the driver's transport did not shut down cleanly: {}", session,
            e.toString());
      }
      List<Thread> left = t == null ? List.of() : Dl4jInternals.stopTransportThreads(t);
      if (!left.isEmpty()) {
        LOG.warn("Gradient sharing session {}: the driver's transport threads still running: {}", session, left);
      }
    }
    AeronFiles.delete(session, "driver");
    List<java.nio.file.Path> left = AeronFiles.leftovers(session);
    if (!left.isEmpty()) {
      LOG.warn("Aeron directories of gradient sharing session {} still on this host: {}", session, left);
    }
  }

}
