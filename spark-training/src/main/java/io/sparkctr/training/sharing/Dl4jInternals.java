package io.sparkctr.training.sharing;

import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.spark.impl.graph.SparkComputationGraph;
import org.deeplearning4j.spark.impl.multilayer.SparkDl4jMultiLayer;
import org.deeplearning4j.spark.parameterserver.networking.v2.UpdatesConsumer;
import org.deeplearning4j.spark.parameterserver.pw.SharedTrainingWrapper;
import org.deeplearning4j.spark.parameterserver.training.SharedTrainingMaster;
import org.nd4j.parameterserver.distributed.v2.ModelParameterServer;
import org.nd4j.parameterserver.distributed.v2.transport.Transport;
import org.nd4j.parameterserver.distributed.v2.transport.impl.AeronUdpTransport;
import org.nd4j.parameterserver.distributed.v2.util.MeshOrganizer;

/**
 * Every access to DL4J 1.0.0-M2 gradient-sharing internals that have no public API, in one place
 * (upstream no longer changes these classes; a version bump must re-check this file).
 */
final class Dl4jInternals {
  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(Dl4jInternals.class);

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

  /**
   * Ends the threads that DL4J's {@link AeronUdpTransport} leaves running after its
   * {@code shutdown()}, and returns the transport threads still alive after that (none, normally).
   * Its subscription poller is {@code while (true) idler.idle(ownSubscription.poll(..))} with a
   * 1 µs sleep: it never exits, and once the subscription is closed it keeps polling it about
   * 18,000 times a second — 10–25% of a core in the driver and in every executor that trained, for
   * the rest of the application (docs/design/gradient-sharing.md, "Gradient sharing's poller after training").
   * {@code shutdown()} only calls its pool's {@code shutdown()}, so its queue readers wait forever
   * too. Here the poller's subscription is set to null, so that its next poll throws and its thread
   * ends (each transport thread's uncaught-exception handler is set first to log at debug level:
   * Spark's default handler would exit the executor JVM), and the pool is shut down now, which
   * interrupts the queue readers.
   */
  static List<Thread> stopTransportThreads(Transport t) {
    if (t instanceof AeronUdpTransport) {
      List<Thread> threads = transportThreads();
      boolean poller = false;
      for (Thread th : threads) {
        th.setUncaughtExceptionHandler((x, e) -> LOG.debug("Gradient sharing's transport thread {} ended: {}",
            x.getName(), e.toString()));
        poller |= isPoller(th);
      }
      if (poller) { // only with its handler set: an uncaught exception would end an executor
        set(AeronUdpTransport.class, "ownSubscription", t, null);
      } else if (!threads.isEmpty() && !QuietPoller.replaced(t)) {
        LOG.warn("Cannot find the subscription poller among gradient sharing's transport threads {}; left running",
            threads);
      }
      ExecutorService pool = (ExecutorService) get(AeronUdpTransport.class, "messagesExecutorService", t);
      pool.shutdownNow();
      try {
        pool.awaitTermination(5, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    return transportThreads();
  }

  /** The transport's subscription, or null before its launch. */
  static io.aeron.Subscription subscription(AeronUdpTransport t) {
    return (io.aeron.Subscription) get(AeronUdpTransport.class, "ownSubscription", t);
  }

  /** The transport's handler of incoming fragments, or null before its launch. */
  static io.aeron.logbuffer.FragmentHandler fragmentHandler(AeronUdpTransport t) {
    return (io.aeron.logbuffer.FragmentHandler) get(AeronUdpTransport.class, "messageHandler", t);
  }

  /**
   * Ends DL4J's subscription poller of {@code t} and returns true once it has ended, with the
   * transport's subscription field as it was (its {@code shutdown()} closes it); false, changing
   * nothing, when the poller is not running, when more than one transport poller runs in this JVM
   * (which is {@code t}'s cannot be told), or when it does not end within {@code waitMillis}.
   */
  static boolean endDl4jPoller(AeronUdpTransport t, long waitMillis) {
    List<Thread> pollers = transportThreads().stream().filter(Dl4jInternals::isPoller).toList();
    io.aeron.Subscription own = subscription(t);
    if (pollers.size() != 1 || own == null) {
      return false; // none yet, or another transport's poller beside it: cannot tell which is t's
    }
    Thread poller = pollers.get(0);
    poller.setUncaughtExceptionHandler((x, e) -> LOG.debug("DL4J's subscription poller {} ended: {}", x.getName(),
        e.toString()));
    set(AeronUdpTransport.class, "ownSubscription", t, null); // its next poll throws: the thread ends
    try {
      poller.join(waitMillis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      set(AeronUdpTransport.class, "ownSubscription", t, own);
    }
    return !poller.isAlive();
  }

  /**
   * The live threads of this JVM's transport pools: pool workers ({@code ThreadPoolExecutor.runWorker})
   * whose task is DL4J's Aeron transport code (its poller and queue readers), not other threads that
   * merely call into the transport.
   */
  static List<Thread> transportThreads() {
    List<Thread> out = new ArrayList<>();
    String prefix = AeronUdpTransport.class.getName();
    for (var e : Thread.getAllStackTraces().entrySet()) {
      StackTraceElement[] st = e.getValue();
      for (int i = 1; i < st.length; i++) {
        if (st[i].getMethodName().equals("runWorker") && st[i].getClassName().equals(
            java.util.concurrent.ThreadPoolExecutor.class.getName()) && st[i - 1].getClassName().startsWith(prefix)) {
          if (e.getKey().isAlive()) {
            out.add(e.getKey());
          }
          break;
        }
      }
    }
    return out;
  }

  /** Whether DL4J's own subscription poller runs in this JVM. */
  static boolean dl4jPollerRunning() {
    return transportThreads().stream().anyMatch(Dl4jInternals::isPoller);
  }

  /**
   * Whether {@code th} is the poller: its stack holds the subscription's poll or the poller's idle
   * strategy (the senders' stacks hold a publication's offer, the readers' a queue's take).
   */
  private static boolean isPoller(Thread th) {
    for (StackTraceElement f : th.getStackTrace()) {
      String c = f.getClassName();
      if (c.equals("io.aeron.Subscription") || c.equals("io.aeron.Image")
          || c.equals("org.agrona.concurrent.SleepingIdleStrategy")) {
        return true;
      }
    }
    return false;
  }

  private static Object wrapperInstance() {
    return get(SharedTrainingWrapper.class, "INSTANCE", null);
  }

  private static void set(Class<?> type, String field, Object target, Object value) {
    try {
      Field f = type.getDeclaredField(field);
      f.setAccessible(true);
      f.set(target, value);
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException("Cannot set DL4J's " + type.getSimpleName() + "." + field + ": " + e, e);
    }
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
