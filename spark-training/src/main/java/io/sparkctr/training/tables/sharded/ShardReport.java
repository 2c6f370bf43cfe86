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
  static final ShardReport EMPTY = new ShardReport(new TreeMap<>(), 0, 0, 0, new TreeMap<>());
  /** executor id → "host:port" of its server ("" when not reported). */
  private final TreeMap<String, String> addresses;
  final long bytes;
  final long requests;
  /** Nanoseconds the training threads waited for other shards' answers (all executors together). */
  final long waitNanos;
  /** File name → CRC32C of the shard files the owners wrote (checkpoints). */
  final TreeMap<String, String> sums;

  private ShardReport(TreeMap<String, String> addresses, long bytes, long requests, long waitNanos,
                      TreeMap<String, String> sums) {
    this.addresses = addresses;
    this.bytes = bytes;
    this.requests = requests;
    this.waitNanos = waitNanos;
    this.sums = sums;
  }

  /** This report with the sums of the files an owner wrote. */
  ShardReport withSums(java.util.Map<String, String> written) {
    return new ShardReport(addresses, bytes, requests, waitNanos, new TreeMap<>(written));
  }

  static ShardReport of(String executor, String address, long bytes, long requests) {
    return of(executor, address, bytes, requests, 0);
  }

  static ShardReport of(String executor, String address, long bytes, long requests, long waitNanos) {
    TreeMap<String, String> a = new TreeMap<>();
    a.put(executor, address);
    return new ShardReport(a, bytes, requests, waitNanos, new TreeMap<>());
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
    TreeMap<String, String> allSums = new TreeMap<>(sums);
    allSums.putAll(o.sums);
    return new ShardReport(all, bytes + o.bytes, requests + o.requests, waitNanos + o.waitNanos, allSums);
  }
}
