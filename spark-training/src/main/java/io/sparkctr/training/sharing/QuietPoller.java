package io.sparkctr.training.sharing;

import io.aeron.Subscription;
import io.aeron.logbuffer.FragmentHandler;
import java.util.concurrent.TimeUnit;
import org.agrona.concurrent.BackoffIdleStrategy;
import org.agrona.concurrent.IdleStrategy;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.parameterserver.distributed.v2.ModelParameterServer;
import org.nd4j.parameterserver.distributed.v2.transport.Transport;
import org.nd4j.parameterserver.distributed.v2.transport.impl.AeronUdpTransport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Polls this JVM's gradient-sharing subscription in place of DL4J's poller, which sleeps 1 µs
 * between empty polls — about 18,000 wake-ups a second, 10–25% of a core in the driver and in
 * every executor for as long as the transport runs (docs/design/gradient-sharing.md). This one backs off when
 * idle: 100 spins, 10 yields, then parks from 1 µs doubling up to {@link #MAX_PARK_MICROS} µs, and
 * starts over on the next message — an update waits at most that long to be read, against a step
 * of several milliseconds (gradient sharing applies updates asynchronously anyway).
 *
 * <p>One per JVM (the parameter server is a JVM singleton). {@link #installWhenLaunched} waits in a
 * daemon for the transport to launch (on executors DL4J launches it inside the first training
 * task), ends DL4J's poller and starts this one; {@link #stop} ends it before the transport shuts
 * down. Install and stop exclude each other, so a transport never shuts down while its
 * subscription is being handed over.
 */
final class QuietPoller {
  private static final Logger LOG = LoggerFactory.getLogger(QuietPoller.class);
  static final String THREAD = "sparkctr-gs-poller";
  static final long MAX_PARK_MICROS = 500;
  private static final long WATCH_MILLIS = 50;
  private static QuietPoller current;
  /** The last transport whose DL4J poller was replaced (kept after {@link #stop}, for its shutdown). */
  private static java.lang.ref.WeakReference<Transport> lastReplaced = new java.lang.ref.WeakReference<>(null);
  private static long generation;

  private final Transport transport;
  private final Thread thread;
  private volatile boolean stopped;

  private QuietPoller(AeronUdpTransport t, Subscription sub, FragmentHandler handler) {
    this.transport = t;
    this.thread = new Thread(() -> poll(sub, handler), THREAD);
    thread.setDaemon(true);
    thread.setUncaughtExceptionHandler((x, e) -> LOG.warn("Gradient sharing's poller ended: {}", e.toString()));
  }

  /**
   * Starts a daemon that, once this JVM's transport has launched, replaces its poller; it gives up
   * after {@code withinMillis} or at the next {@link #stop}.
   */
  static void installWhenLaunched(long withinMillis) {
    long mine;
    synchronized (QuietPoller.class) {
      mine = ++generation;
    }
    Thread watch = new Thread(() -> {
      long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(withinMillis);
      while (System.nanoTime() < deadline) {
        synchronized (QuietPoller.class) {
          if (generation != mine || installNow()) {
            return;
          }
        }
        try {
          Thread.sleep(WATCH_MILLIS);
        } catch (InterruptedException e) {
          return;
        }
      }
      LOG.info("Gradient sharing's transport did not launch within {} ms; DL4J's own poller is kept", withinMillis);
    }, "sparkctr-gs-poller-watch");
    watch.setDaemon(true);
    watch.start();
  }

  /** Whether DL4J's poller of {@code t} was replaced (so it is not among its threads at shutdown). */
  static synchronized boolean replaced(Transport t) {
    return t != null && lastReplaced.get() == t;
  }

  /** Whether this JVM's quiet poller is running. */
  static synchronized boolean running() {
    return current != null && current.thread.isAlive();
  }

  /** Ends the quiet poller, if one runs, and any watch still waiting; call before the transport shuts down. */
  static synchronized void stop() {
    generation++;
    if (current != null) {
      current.stopped = true;
      try {
        current.thread.join(5_000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      current = null;
    }
  }

  /** Holding the class lock: true when this JVM's launched transport is (now) polled quietly. */
  private static boolean installNow() {
    ModelParameterServer server = ModelParameterServer.getInstance();
    Transport t = server.isInitialized() ? server.getTransport() : null;
    if (!(t instanceof AeronUdpTransport a)) {
      return false;
    }
    if (current != null && current.transport == t && current.thread.isAlive()) {
      return true;
    }
    Subscription sub = Dl4jInternals.subscription(a);
    FragmentHandler handler = Dl4jInternals.fragmentHandler(a);
    if (sub == null || handler == null || sub.isClosed() || !Dl4jInternals.endDl4jPoller(a, 2_000)) {
      return false; // not launched yet, or DL4J's poller busy: try again
    }
    current = new QuietPoller(a, sub, handler);
    current.thread.start();
    lastReplaced = new java.lang.ref.WeakReference<>(t);
    LOG.info("Gradient sharing's subscription is polled by {} (backs off to {} µs parks when idle)", THREAD,
        MAX_PARK_MICROS);
    return true;
  }

  /**
   * The loop. A message the handler cannot take is logged and the loop goes on (DL4J's poller would
   * end, and with it the executor, through Spark's handler); device 0 as DL4J's transport threads.
   */
  private void poll(Subscription sub, FragmentHandler handler) {
    Nd4j.getAffinityManager().unsafeSetDevice(0);
    IdleStrategy idle = new BackoffIdleStrategy(100, 10, TimeUnit.MICROSECONDS.toNanos(1),
        TimeUnit.MICROSECONDS.toNanos(MAX_PARK_MICROS));
    while (!stopped && !sub.isClosed()) {
      try {
        idle.idle(sub.poll(handler, 1024));
      } catch (RuntimeException e) {
        LOG.warn("Gradient sharing's poller could not take a message: {}", e.toString());
      }
    }
  }
}
