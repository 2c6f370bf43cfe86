package io.sparkctr.training.tables.sharded;

import io.sparkctr.training.executor.OnEachExecutor;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * What executors report about their table servers: addresses, and the bytes their clients moved
 * since the last reset. A plain class (task results go through Kryo).
 */
final class ShardReport implements OnEachExecutor.Partial<ShardReport> {
  private static final long serialVersionUID = 1L;
  static final ShardReport EMPTY = new ShardReport(new TreeMap<>(), 0, 0);
  /** executor id → "host:port" of its server ("" when not reported). */
  private final TreeMap<String, String> addresses;
  final long bytes;
  final long requests;

  private ShardReport(TreeMap<String, String> addresses, long bytes, long requests) {
    this.addresses = addresses;
    this.bytes = bytes;
    this.requests = requests;
  }

  static ShardReport of(String executor, String address, long bytes, long requests) {
    TreeMap<String, String> a = new TreeMap<>();
    a.put(executor, address);
    return new ShardReport(a, bytes, requests);
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
    return new ShardReport(all, bytes + o.bytes, requests + o.requests);
  }
}
