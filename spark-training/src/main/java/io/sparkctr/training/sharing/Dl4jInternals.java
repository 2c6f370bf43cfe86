package io.sparkctr.training.sharing;

import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.util.Set;
import java.util.TreeSet;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.spark.impl.graph.SparkComputationGraph;
import org.deeplearning4j.spark.impl.multilayer.SparkDl4jMultiLayer;
import org.deeplearning4j.spark.parameterserver.networking.v2.UpdatesConsumer;
import org.deeplearning4j.spark.parameterserver.pw.SharedTrainingWrapper;
import org.deeplearning4j.spark.parameterserver.training.SharedTrainingMaster;
import org.nd4j.parameterserver.distributed.v2.ModelParameterServer;
import org.nd4j.parameterserver.distributed.v2.transport.Transport;
import org.nd4j.parameterserver.distributed.v2.util.MeshOrganizer;

/**
 * Every access to DL4J 1.0.0-M2 gradient-sharing internals that have no public API, in one place
 * (upstream no longer changes these classes; a version bump must re-check this file).
 */
final class Dl4jInternals {
  private Dl4jInternals() {}

  /** The executor JVM's worker model (the singleton SharedTrainingWrapper's), or null before training. */
  static Model workerModel() {
    return (Model) get(SharedTrainingWrapper.class, "originalModel", wrapperInstance());
  }

  /**
   * Forgets the executor JVM's worker state (model, accumulator, updates consumer) as DL4J does when
   * a new training master arrives, so the next training run starts from its own broadcast model.
   */
  static void resetWorker() {
    SharedTrainingWrapper.getInstance(Long.MIN_VALUE + 1);
    // DL4J clears "a master thread is running" only after a successful fit: a fit that failed or was
    // cancelled would make every later task of this JVM wait, forever, for a master that never comes
    ((java.util.concurrent.atomic.AtomicBoolean) get(SharedTrainingWrapper.class, "isFirst", wrapperInstance()))
        .set(false);
  }

  /**
   * Runs the master's one-time driver setup now (root transport, mesh, the driver's update consumer)
   * instead of inside the first {@code fit}, so the caller can observe the mesh and the traffic from
   * the first message on.
   */
  static void prepareDriver(SharedTrainingMaster master, SparkComputationGraph graph) {
    try {
      Method m = SharedTrainingMaster.class.getDeclaredMethod("prepareNetworkAndStuff", SparkDl4jMultiLayer.class,
          SparkComputationGraph.class);
      m.setAccessible(true);
      m.invoke(master, null, graph);
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException("Cannot start the gradient-sharing root on the driver: " + e.getCause(), e);
    }
  }

  /**
   * The driver's "silent worker": it decodes every update it receives and applies it to the driver's
   * copy of the parameters. We set the driver's parameters from the workers' instead (see
   * {@link GradientSharing}), so this replica is switched off.
   */
  static UpdatesConsumer driverReplica(SharedTrainingMaster master) {
    return (UpdatesConsumer) get(SharedTrainingMaster.class, "updatesConsumer", master);
  }

  /** The ids ({@code aeron:udp?endpoint=ip:port}) of all nodes, root included, of this JVM's mesh. */
  static Set<String> meshNodeIds() {
    Set<String> ids = new TreeSet<>();
    Transport t = ModelParameterServer.getInstance().getTransport();
    if (t == null) {
      return ids;
    }
    try {
      Method m = t.getClass().getDeclaredMethod("getMesh");
      m.setAccessible(true);
      MeshOrganizer mesh = (MeshOrganizer) m.invoke(t);
      if (mesh != null) {
        ids.add(mesh.getRootNode().getId());
        mesh.flatNodes().forEach(n -> ids.add(n.getId()));
      }
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException("Cannot read the gradient-sharing mesh: " + e, e);
    }
    return ids;
  }

  private static Object wrapperInstance() {
    return get(SharedTrainingWrapper.class, "INSTANCE", null);
  }

  private static Object get(Class<?> type, String field, Object target) {
    try {
      Field f = type.getDeclaredField(field);
      f.setAccessible(true);
      return f.get(target);
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException("Cannot read DL4J's " + type.getSimpleName() + "." + field + ": " + e, e);
    }
  }
}
