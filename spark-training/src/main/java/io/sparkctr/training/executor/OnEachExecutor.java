package io.sparkctr.training.executor;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.api.java.function.Function0;
import org.apache.spark.status.api.v1.ExecutorSummary;
import scala.Tuple2;
import scala.collection.JavaConverters;
import scala.reflect.ClassTag$;

/**
 * Runs an action exactly once in each of a given set of executor JVMs — what Spark has no API for.
 * One task per executor, pinned to it by a preferred location ({@code executor_<host>_<id>}, the
 * form Spark uses for cached blocks); a task that still lands elsewhere does nothing and its
 * executor gets a new task, up to {@value #ATTEMPTS} rounds. Results are {@link Partial}s combined
 * on the executors with a tree reduce, so gathered parameters reach the driver as one sum. Used by
 * gradient sharing (worker set-up, parameters) and by the executors' copies of embedding tables.
 */
public final class OnEachExecutor {
  static final int ATTEMPTS = 5;

  /**
   * What one executor's action returns, mergeable with the others' on the executors.
   *
   * @param <T> the partial's own type
   */
  public interface Partial<T extends Partial<T>> extends Serializable {
    /** The executors whose results this holds. */
    Set<String> executors();

    T merge(T other);
  }

  private OnEachExecutor() {}

  /** This JVM's Spark executor id ("driver" on the driver and in local mode). */
  public static String executorId() {
    org.apache.spark.SparkEnv env = org.apache.spark.SparkEnv.get();
    return env == null ? "driver" : env.executorId();
  }

  /** Executor id → host of the live executors; only "driver" in local mode. */
  public static Map<String, String> live(JavaSparkContext sc) {
    Map<String, String> hosts = new TreeMap<>();
    for (ExecutorSummary e : JavaConverters.seqAsJavaList(sc.sc().statusStore().executorList(true))) {
      String hostPort = e.hostPort();
      int colon = hostPort.lastIndexOf(':');
      hosts.put(e.id(), colon > 0 ? hostPort.substring(0, colon) : hostPort);
    }
    if (hosts.size() > 1) {
      hosts.remove("driver");
    }
    return hosts;
  }

  /**
   * @param action what the executor does, e.g. "gradient sharing: prepare" (for messages)
   * @param empty the partial of no executor
   * @return the merge of every executor's result
   * @throws IllegalStateException naming the executors that could not be reached
   */
  public static <T extends Partial<T>> T run(JavaSparkContext sc, Map<String, String> hosts, String action,
                                             T empty, Function0<T> fn) {
    T all = empty;
    Set<String> pending = new TreeSet<>(hosts.keySet());
    for (int attempt = 1; attempt <= ATTEMPTS && !pending.isEmpty(); attempt++) {
      List<Tuple2<String, scala.collection.Seq<String>>> tasks = new ArrayList<>();
      for (String id : pending) {
        String location = "executor_" + hosts.get(id) + "_" + id;
        tasks.add(new Tuple2<>(id, JavaConverters.asScalaBuffer(List.of(location)).toSeq()));
      }
      sc.setJobDescription(action + " on executors " + pending);
      T round;
      try {
        round = sc.sc().makeRDD(JavaConverters.asScalaBuffer(tasks).toSeq(), ClassTag$.MODULE$.apply(String.class))
            .toJavaRDD()
            .map(target -> {
              return executorId().equals(target) ? fn.call() : empty;
            })
            .treeReduce(T::merge, 2);
      } catch (RuntimeException e) {
        throw new IllegalStateException("Cannot " + action + " on executors " + pending + ": " + rootCause(e), e);
      }
      all = all.merge(round);
      pending.removeAll(round.executors());
    }
    sc.setJobDescription(null);
    if (!pending.isEmpty()) {
      throw new IllegalStateException("Cannot " + action + ": executor(s) " + pending
          + " ran none of " + ATTEMPTS + " tasks pinned to them (lost, or busy with other work?)");
    }
    return all;
  }

  /** The innermost cause's message (Spark wraps task failures several times). */
  public static String rootCause(Throwable e) {
    Throwable t = e;
    while (t.getCause() != null && t.getCause() != t) {
      t = t.getCause();
    }
    return t.toString();
  }
}
