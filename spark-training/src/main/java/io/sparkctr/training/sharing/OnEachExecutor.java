package io.sparkctr.training.sharing;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Collection;
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
 * executor gets a new task, up to {@value #ATTEMPTS} rounds. Results are combined
 * on the executors with a tree reduce, so gathered parameters reach the driver as one sum.
 */
final class OnEachExecutor {
  static final int ATTEMPTS = 5;

  private OnEachExecutor() {}

  /** Executor id → host of the live executors; only "driver" in local mode. */
  static Map<String, String> live(JavaSparkContext sc) {
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
   * @param action what the executor does, e.g. "prepare" (for messages)
   * @return one report per executor; parameters summed over the reports that carried them
   * @throws IllegalStateException naming the executors that could not be reached
   */
  static Gathered run(JavaSparkContext sc, Map<String, String> hosts, String action, Function0<WorkerReport> fn) {
    Gathered all = Gathered.EMPTY;
    Set<String> pending = new TreeSet<>(hosts.keySet());
    for (int attempt = 1; attempt <= ATTEMPTS && !pending.isEmpty(); attempt++) {
      List<Tuple2<String, scala.collection.Seq<String>>> tasks = new ArrayList<>();
      for (String id : pending) {
        String location = "executor_" + hosts.get(id) + "_" + id;
        tasks.add(new Tuple2<>(id, JavaConverters.asScalaBuffer(List.of(location)).toSeq()));
      }
      sc.setJobDescription("gradient sharing: " + action + " on executors " + pending);
      Gathered round;
      try {
        round = sc.sc().makeRDD(JavaConverters.asScalaBuffer(tasks).toSeq(), ClassTag$.MODULE$.apply(String.class))
            .toJavaRDD()
            .map(target -> {
              String me = WorkerNode.executorId();
              return me.equals(target) ? Gathered.of(fn.call()) : Gathered.EMPTY;
            })
            .treeReduce(Gathered::merge, 2);
      } catch (RuntimeException e) {
        throw new IllegalStateException("Cannot " + action + " for gradient sharing on executors " + pending + ": "
            + GradientSharing.rootCause(e), e);
      }
      all = all.merge(round);
      pending.removeAll(round.reports().keySet());
    }
    sc.setJobDescription(null);
    if (!pending.isEmpty()) {
      throw new IllegalStateException("Cannot " + action + " for gradient sharing: executor(s) " + pending
          + " ran none of " + ATTEMPTS + " tasks pinned to them (lost, or busy with other work?)");
    }
    return all;
  }

  /**
   * Reports by executor, and the sum of the parameters that came with them (a plain class: task
   * results go through Kryo, which cannot serialize records).
   */
  static final class Gathered implements Serializable {
    static final Gathered EMPTY = new Gathered(Map.of(), null, 0);
    private final Map<String, WorkerReport> reports;
    private final float[] paramSum;
    private final int summed;

    Gathered(Map<String, WorkerReport> reports, float[] paramSum, int summed) {
      this.reports = new TreeMap<>(reports);
      this.paramSum = paramSum;
      this.summed = summed;
    }

    Map<String, WorkerReport> reports() {
      return reports;
    }

    /** The sum of the parameters of {@link #summed} reports, or null. */
    float[] paramSum() {
      return paramSum;
    }

    int summed() {
      return summed;
    }

    static Gathered of(WorkerReport r) {
      return new Gathered(Map.of(r.executorId(), r.withoutParams()), r.params(), r.params() == null ? 0 : 1);
    }

    Gathered merge(Gathered o) {
      Map<String, WorkerReport> r = new TreeMap<>(reports);
      r.putAll(o.reports);
      return new Gathered(r, add(paramSum, o.paramSum), summed + o.summed);
    }

    Collection<WorkerReport> all() {
      return reports.values();
    }

    private static float[] add(float[] a, float[] b) {
      if (a == null) {
        return b == null ? null : b.clone();
      }
      if (b == null) {
        return a;
      }
      if (a.length != b.length) {
        throw new IllegalStateException("Cannot average worker parameters: lengths " + a.length + " and " + b.length);
      }
      float[] s = a.clone();
      for (int i = 0; i < s.length; i++) {
        s[i] += b[i];
      }
      return s;
    }
  }
}
