package io.sparkctr.training.sharing;


import io.sparkctr.training.executor.OnEachExecutor;
import java.util.List;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.parameterserver.distributed.v2.ModelParameterServer;
import org.nd4j.parameterserver.distributed.v2.transport.Transport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The executor side of a gradient-sharing session: what runs inside an executor JVM around DL4J's
 * worker (a JVM singleton holding the worker model, its Aeron transport and its update queue).
 * All methods are idempotent and called through {@link OnEachExecutor}, once per executor.
 */
final class WorkerNode {
  private static final Logger LOG = LoggerFactory.getLogger(WorkerNode.class);
  /** How long an executor waits for DL4J to launch its transport (in its first training task). */
  private static final long POLLER_WATCH_MILLIS = 3_600_000;
  /** The session whose DL4J state this JVM holds, or null. */
  private static String session;

  private WorkerNode() {}

  /**
   * Before the session's first epoch: Aeron's settings and directory for this JVM; DL4J state of an
   * earlier session in this JVM (DL4J keeps its transport across training runs and would never
   * rejoin the new root) is shut down first.
   */
  static synchronized WorkerReport prepare(String newSession) {
    String id = OnEachExecutor.executorId();
    if (session != null && !session.equals(newSession)) {
      release(session);
    }
    session = newSession;
    AeronFiles.configure(newSession, id);
    QuietPoller.installWhenLaunched(POLLER_WATCH_MILLIS);
    return report(false);
  }

  /** Before a later epoch: the driver's parameters and learning rate become the worker model's. */
  static synchronized WorkerReport start(String s, float[] params, double learningRate) {
    requireSession(s);
    Model model = Dl4jInternals.workerModel();
    if (model != null) {
      if (model.numParams() != params.length) {
        throw new IllegalStateException("Cannot start the epoch on executor " + OnEachExecutor.executorId() + ": its worker model has "
            + model.numParams() + " parameters, the driver's " + params.length);
      }
      model.params().assign(Nd4j.createFromArray(params).reshape(model.params().shape()));
      if (model instanceof ComputationGraph g) {
        g.setLearningRate(learningRate);
      }
    }
    return report(false);
  }

  /** After an epoch: the mesh membership of this JVM and, when it trained, its parameters. */
  static synchronized WorkerReport snapshot(String s) {
    requireSession(s);
    return report(true);
  }

  /** Shuts down this JVM's transport and worker state of session {@code s} and removes its Aeron files. */
  static synchronized WorkerReport release(String s) {
    String id = OnEachExecutor.executorId();
    if (s.equals(session)) {
      // a transport whose launch failed (e.g. its port was taken) leaves the server uninitialized
      // but its Aeron driver running: shut the transport down directly, then the server
      QuietPoller.stop();
      Transport t = ModelParameterServer.getInstance().getTransport();
      if (t != null) {
        try {
          t.shutdown();
        } catch (RuntimeException e) {
          LOG.warn("Transport of session {} on executor {} did not shut down cleanly: {}", s, id, e.toString());
        }
        try {
          ModelParameterServer.getInstance().shutdown();
        } catch (RuntimeException e) {  // a server that was configured but never launched
          LOG.warn("Parameter server of session {} on executor {} did not shut down cleanly: {}", s, id, e.toString());
        }
        List<Thread> left = Dl4jInternals.stopTransportThreads(t);
        if (!left.isEmpty()) {
          LOG.warn("Gradient sharing session {} on executor {}: transport threads still running: {}", s, id, left);
        }
      }
      Dl4jInternals.resetWorker();
      session = null;
    }
    AeronFiles.delete(s, id);
    LOG.info("Gradient sharing session {} released on executor {}", s, id);
    return report(false);
  }

  private static void requireSession(String s) {
    if (!s.equals(session)) {
      throw new IllegalStateException("Cannot use executor " + OnEachExecutor.executorId() + " for gradient-sharing session " + s
          + ": it was prepared for " + session + " (an executor added after training started?)");
    }
  }

  private static WorkerReport report(boolean withParams) {
    Model model = Dl4jInternals.workerModel();
    Transport t = ModelParameterServer.getInstance().isInitialized()
        ? ModelParameterServer.getInstance().getTransport() : null;
    String transportId = t == null ? null : t.id();
    boolean introduced = t != null && t.isIntroduced();
    long iterations = model instanceof ComputationGraph g ? g.getIterationCount() : -1;
    float[] params = withParams && model != null ? model.params().toFloatVector() : null;
    return new WorkerReport(OnEachExecutor.executorId(), model != null, transportId, introduced, iterations, params);
  }
}
