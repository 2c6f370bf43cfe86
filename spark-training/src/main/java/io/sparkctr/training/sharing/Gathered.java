package io.sparkctr.training.sharing;

import io.sparkctr.training.executor.OnEachExecutor;
import java.util.Collection;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Reports by executor, and the sum of the parameters that came with them (a plain class: task
 * results go through Kryo, which cannot serialize records).
 */
final class Gathered implements OnEachExecutor.Partial<Gathered> {
  static final Gathered EMPTY = new Gathered(Map.of(), null, 0);
  private final Map<String, WorkerReport> reports;
  private final float[] paramSum;
  private final int summed;

  Gathered(Map<String, WorkerReport> reports, float[] paramSum, int summed) {
    this.reports = new TreeMap<>(reports);
    this.paramSum = paramSum;
    this.summed = summed;
  }

  @Override
  public Set<String> executors() {
    return reports.keySet();
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

  @Override
  public Gathered merge(Gathered o) {
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
