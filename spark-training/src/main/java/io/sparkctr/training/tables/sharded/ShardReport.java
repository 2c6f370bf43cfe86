package io.sparkctr.training.tables.sharded;

import io.sparkctr.training.executor.OnEachExecutor;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * What executors report about their table servers: addresses, the bytes their clients moved
 * since the last reset and how long their training threads waited for answers. A plain class (task results go through Kryo).
 */
final class ShardReport implements OnEachExecutor.Partial<ShardReport> {
  private static final long serialVersionUID = 1L;
  static final ShardReport EMPTY = new ShardReport(new TreeMap<>(), 0, 0, 0);
  /** executor id → "host:port" of its server ("" when not reported). */
  private final TreeMap<String, String> addresses;
  final long bytes;
  final long requests;
  /** Nanoseconds the training threads waited for other shards' answers (all executors together). */
  final long waitNanos;

  private ShardReport(TreeMap<String, String> addresses, long bytes, long requests, long waitNanos) {
    this.addresses = addresses;
    this.bytes = bytes;
    this.requests = requests;
    this.waitNanos = waitNanos;
  }

  static ShardReport of(String executor, String address, long bytes, long requests) {
    return of(executor, address, bytes, requests, 0);
  }

  static ShardReport of(String executor, String address, long bytes, long requests, long waitNanos) {
    TreeMap<String, String> a = new TreeMap<>();
    a.put(executor, address);
    return new ShardReport(a, bytes, requests, waitNanos);
  }

  TreeMap<String, String> addresses() {
    return addresses;
  }

  @Override
  public Set<String> executors() {
    return new TreeSet<>(addresses.keySet());
  }

  @Override
  public ShardReport merge(ShardReport o) {
    TreeMap<String, String> all = new TreeMap<>(addresses);
    all.putAll(o.addresses);
    return new ShardReport(all, bytes + o.bytes, requests + o.requests, waitNanos + o.waitNanos);
  }
}
