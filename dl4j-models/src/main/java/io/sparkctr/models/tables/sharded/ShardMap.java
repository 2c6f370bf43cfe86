package io.sparkctr.models.tables.sharded;

import io.sparkctr.common.hash.SplitMix64;
import java.io.Serializable;
import java.util.List;

/**
 * Which executor owns which row, and where it serves it. A plain class (it crosses executors).
 *
 * <p>Ownership: {@code owner(id) = (id + h(id / N)) mod N} with {@code h} a SplitMix64 hash and N
 * the number of shards, fixed when training starts. Within each aligned block of N ids the owners
 * are a hashed rotation of {@code 0..N-1}, so every owner gets exactly one id per block and keeps
 * it at local row {@code id / N}: shards are balanced to one row, any stride pattern of ids is
 * spread as by {@code hash(id) mod N}, and the local index needs no memory (no id → row map).
 */
public final class ShardMap implements Serializable {
  private static final long serialVersionUID = 1L;
  private final String[] executors;
  private final String[] hosts;
  private final int[] ports;

  /**
   * @param executors Spark executor id of shard {@code s} at index s
   * @param hosts the address its table server listens on
   * @param ports its port
   */
  public ShardMap(List<String> executors, List<String> hosts, List<Integer> ports) {
    if (executors.isEmpty() || executors.size() != hosts.size() || hosts.size() != ports.size()) {
      throw new IllegalArgumentException("Cannot map shards: " + executors + " at " + hosts + " ports " + ports);
    }
    this.executors = executors.toArray(new String[0]);
    this.hosts = hosts.toArray(new String[0]);
    this.ports = ports.stream().mapToInt(Integer::intValue).toArray();
  }

  /** Number of shards N. */
  public int size() {
    return executors.length;
  }

  public int owner(long id) {
    int n = executors.length;
    return (int) ((id % n + rotation(id / n, n)) % n);
  }

  /** The row of {@code id} in its owner's shard. */
  public long local(long id) {
    return id / executors.length;
  }

  /** The global id of local row {@code row} of shard {@code shard} (may be ≥ the table's rows in the last block). */
  public long global(int shard, long row) {
    return global(executors.length, shard, row);
  }

  /** {@link #global} for {@code n} shards (rows of shard files written by a run with n executors). */
  public static long global(int n, int shard, long row) {
    return row * n + Math.floorMod(shard - rotation(row, n), n);
  }

  /** The hashed rotation of block {@code block}'s owners, in {@code [0, n)}. */
  private static int rotation(long block, int n) {
    return (int) ((SplitMix64.mix(block) & Long.MAX_VALUE) % n);
  }

  /** Rows every shard allocates for a table of {@code rows} rows. */
  public long localRows(long rows) {
    return (rows + executors.length - 1) / executors.length;
  }

  /** The shard served by Spark executor {@code executorId}, or -1. */
  public int shardOf(String executorId) {
    for (int s = 0; s < executors.length; s++) {
      if (executors[s].equals(executorId)) {
        return s;
      }
    }
    return -1;
  }

  public String executor(int shard) {
    return executors[shard];
  }

  public String host(int shard) {
    return hosts[shard];
  }

  public int port(int shard) {
    return ports[shard];
  }

  /** "shard s (executor e at host:port)", for messages. */
  public String describe(int shard) {
    return "shard " + shard + " (executor " + executors[shard] + " at " + hosts[shard] + ":" + ports[shard] + ")";
  }
}
