package io.sparkctr.training.tables;

import io.sparkctr.models.tables.LocalTable;
import io.sparkctr.models.tables.ModelTables;
import io.sparkctr.models.tables.ReplicaMean;
import io.sparkctr.models.tables.ShippedTables;
import io.sparkctr.training.executor.OnEachExecutor;
import io.sparkctr.training.tables.sharded.ShardTicket;
import io.sparkctr.training.tables.sharded.ShardedSession;
import java.io.Serializable;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;

/**
 * A model's embedding tables in the executor JVMs, as tasks find them: with
 * {@code training.tables = replicated} one full copy per executor, shipped by broadcast and, after
 * training, averaged back into the driver's tables (weights and optimizer state; the step is the
 * largest); with sharded tables a {@link ShardTicket} with which an executor reaches the owners.
 *
 * <p>In local mode every task runs in the driver's JVM, where a graph rebuilt from its
 * configuration finds the driver's tables by key ({@code TableRegistry}): nothing is shipped and the
 * DL4J workers of the JVM share one table (striped row locks, see {@code LocalTable}). Elsewhere
 * each executor registers its copy under the driver's key the first time a task of a new
 * {@link Ref} runs there ({@link #ensure}, called at the start of every partition function that
 * builds a graph) and keeps the copies of the {@value #KEPT} most recent refs.
 *
 * <p>Cost of replicated tables: the whole tables travel to every executor and back once per epoch
 * (parameter averaging of the tables per epoch, whatever the dense averaging frequency).
 */
public final class ExecutorTables {
  static final int KEPT = 3;
  private static final Map<String, Held> HELD = new LinkedHashMap<>(4, 0.75f, true);

  /** What a task needs to find the tables; {@code null} stands for "local mode, nothing to do". */
  public static final class Ref implements Serializable {
    private static final long serialVersionUID = 1L;
    final String key;
    final String version;
    final double learningRateScale;
    final Broadcast<byte[]> bytes;
    final ShardTicket ticket;
    /** Executor copies trained apart (replicated training): each weighs its steps' regularization by it. */
    final int copies;
    /** Shipped to be trained (with the optimizer state) and averaged back. */
    final boolean trains;

    Ref(String key, String version, double learningRateScale, Broadcast<byte[]> bytes, ShardTicket ticket,
        int copies, boolean trains) {
      this.key = key;
      this.version = version;
      this.learningRateScale = learningRateScale;
      this.bytes = bytes;
      this.ticket = ticket;
      this.copies = copies;
      this.trains = trains;
    }

    /** Whether the tables travel with this ref (replicated), rather than being served by their shards' owners. */
    public boolean shipsTables() {
      return bytes != null;
    }

    /** Frees the broadcast (the executors' copies go when newer refs arrive). */
    public void destroy() {
      if (bytes != null) {
        bytes.destroy();
      }
    }
  }

  private static final class Held {
    final String version;
    final ModelTables tables;

    Held(String version, ModelTables tables) {
      this.version = version;
      this.tables = tables;
    }
  }

  private ExecutorTables() {}

  /**
   * The tables for scoring or training tasks: {@code null} in local mode; while a sharded-tables
   * session serves them on the executors the session's {@link ShardTicket} ({@link #served}),
   * otherwise a broadcast copy ({@link #replicate}).
   *
   * @param withState ship the optimizer state too (training), or the weights only (scoring)
   */
  public static Ref share(JavaSparkContext sc, ModelTables tables, boolean withState, double learningRateScale) {
    if (sc.isLocal()) {
      return null;
    }
    ShardTicket ticket = ShardedSession.ticket(tables.key());
    if (ticket != null) {
      return served(tables, ticket);
    }
    return replicate(sc, tables, withState, learningRateScale);
  }

  /**
   * Ships a copy of {@code tables} to the executors by broadcast (replicated tables). For training
   * ({@code withState}) each copy takes about 1/N of the run's steps on N executors, so it weighs
   * the regularization of every row by N per step ({@link LocalTable#setRegularizationStepWeight}):
   * after averaging, every row has decayed as if one table had taken every step.
   */
  static Ref replicate(JavaSparkContext sc, ModelTables tables, boolean withState, double learningRateScale) {
    int copies = withState ? Math.max(1, OnEachExecutor.live(sc).size()) : 1;
    return new Ref(tables.key(), UUID.randomUUID().toString(), learningRateScale,
        sc.broadcast(ShippedTables.of(tables, withState)), null, copies, withState);
  }

  /**
   * Ships nothing: the tasks reach the owners of sharded {@code tables} with {@code ticket} (the
   * owners step the rows at their own learning-rate scale).
   */
  static Ref served(ModelTables tables, ShardTicket ticket) {
    return new Ref(tables.key(), UUID.randomUUID().toString(), 1, null, ticket, 1, false);
  }

  /** In a task: makes the ref's tables this JVM's tables under the driver's key (once per ref). */
  public static void ensure(Ref ref) {
    if (ref == null) {
      return;
    }
    if (ref.ticket != null) {
      ref.ticket.join();
      return;
    }
    synchronized (HELD) {
      Held h = HELD.get(ref.key);
      if (h != null && h.version.equals(ref.version)) {
        return;
      }
      ModelTables t = ShippedTables.open(ref.key, ref.bytes.value(), h == null ? null : h.tables,
          ref.learningRateScale, ref.copies, ref.trains);
      HELD.put(ref.key, new Held(ref.version, t));
      while (HELD.size() > KEPT) {
        HELD.remove(HELD.keySet().iterator().next());
      }
    }
  }

  /**
   * After training with {@code ref}: the mean of the copies of the executors that hold it becomes
   * {@code into}'s content. Does nothing in local mode (the tables were trained in place) and with
   * sharded tables (the owners hold them).
   *
   * @return how many executor copies were averaged
   */
  public static int averageInto(JavaSparkContext sc, Ref ref, ModelTables into, String action) {
    if (ref == null || !ref.shipsTables()) {
      return 0;
    }
    TableSum sum = OnEachExecutor.run(sc, OnEachExecutor.live(sc), action, TableSum.EMPTY, () -> {
      synchronized (HELD) {
        Held h = HELD.get(ref.key);
        String me = OnEachExecutor.executorId();
        if (h == null || !h.version.equals(ref.version)) {
          return TableSum.none(me);
        }
        h.tables.flush(); // the flush point of an executor's copy: every row's pending regularization, before the sum
        return TableSum.of(me, h.tables);
      }
    });
    if (sum.count() == 0) {
      throw new IllegalStateException("Cannot " + action + ": no executor holds the tables it trained (lost?)");
    }
    Map<String, LocalTable> mean = sum.tables();
    for (Map.Entry<String, LocalTable> e : mean.entrySet()) {
      ReplicaMean.finish(e.getValue());
      into.local(e.getKey()).restoreFrom(e.getValue());
    }
    return sum.count();
  }
}
