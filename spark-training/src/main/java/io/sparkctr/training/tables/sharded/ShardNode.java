package io.sparkctr.training.tables.sharded;

import io.sparkctr.models.tables.LocalTable;
import io.sparkctr.models.tables.TableRows;
import io.sparkctr.models.tables.sharded.ShardMap;
import io.sparkctr.models.tables.sharded.ShardedTables;
import io.sparkctr.training.executor.OnEachExecutor;
import java.time.Duration;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The executor side of a sharded-tables session (a JVM singleton): its table server, its client to
 * the other shards, and its {@link ShardedTables} (its shards, and the sharded tables registered
 * under the driver's model key, held strongly here: the registry's entries are weak). Every method
 * runs through {@link OnEachExecutor}; a new session releases an older one first.
 */
final class ShardNode {
  private static final Logger LOG = LoggerFactory.getLogger(ShardNode.class);
  private static String session;
  private static ShardServer server;
  private static ShardClient client;
  private static ShardedTables owned;
  /** This executor's shard and the shard count, while it owns one. */
  private static int shardIndex = -1;
  private static int shardCount;
  private static ShardMap shardMap;

  private ShardNode() {}

  /** Starts this executor's table server on {@code basePort + executor id}; reports its address. */
  static synchronized ShardReport start(String s, int basePort, int ports, String mask, boolean oneHost) {
    String id = OnEachExecutor.executorId();
    if (session != null) {
      release(session);
    }
    int n;
    try {
      n = Integer.parseInt(id);
    } catch (NumberFormatException e) {
      n = -1;
    }
    if (n < 0 || n >= ports) {
      throw new IllegalStateException("Cannot start a table server on executor " + id + ": its id is outside 0.."
          + (ports - 1) + ", so it has no port in table-base-port " + basePort + " + 0.." + (ports - 1));
    }
    org.apache.spark.SparkEnv env = org.apache.spark.SparkEnv.get();
    String host = TableNetwork.address(mask, oneHost, env == null ? null : env.blockManager().blockManagerId().host());
    server = new ShardServer(host, basePort + n);
    session = s;
    LOG.info("Table server of session {} listening on {} (executor {})", s, server.address(), id);
    return ShardReport.of(id, server.address(), 0, 0);
  }

  /**
   * Creates this executor's shards and registers the sharded tables under {@code key}.
   *
   * @param initialize initialize the shards' rows as the driver's fresh tables were (what row id g of
   *     a whole table gets depends on the seed and g only), or leave zeros to be filled
   */
  static synchronized ShardReport install(String s, ShardMap map, String key, List<TableShape> shapes,
                                          Duration timeout, boolean initialize) {
    require(s);
    String id = OnEachExecutor.executorId();
    int me = map.shardOf(id);
    if (me < 0) {
      throw new IllegalStateException("Cannot install shards on executor " + id + ": it is not in the shard map");
    }
    client = new ShardClient(map, timeout);
    owned = new ShardedTables(key, map, me, shapes, client, initialize);
    server.serve(map, me, owned);
    shardIndex = me;
    shardCount = map.size();
    shardMap = map;
    return report(false);
  }

  /**
   * In a task of an executor outside the shard map (joined after the shards were placed): a client
   * and client-only sharded tables under the ticket's key, once per session (it owns no rows: their
   * owners step them at their learning-rate scale). Does nothing in the session's own executors.
   */
  static synchronized void join(ShardTicket t) {
    if (!t.session.equals(session)) {
      if (session != null) {
        release(session);
      }
      String id = OnEachExecutor.executorId();
      client = new ShardClient(t.map, t.timeout);
      owned = new ShardedTables(t.key, t.map, -1, t.shapes, client, false);
      session = t.session;
      LOG.info("Executor {} joined sharded-tables session {} after its shards were placed: it owns no rows and "
          + "reaches all {} shards remotely", id, t.session, t.map.size());
    }
  }

  /** Overwrites rows {@code [from, from + rows / stride)} of this executor's shard of {@code table}, and its step. */
  static synchronized ShardReport fill(String s, String table, long from, float[] rows, long step) {
    require(s);
    LocalTable shard = owned.shard(table);
    int stride = TableRows.stride(shard);
    for (int i = 0; i < rows.length / stride; i++) {
      TableRows.write(shard, from + i, rows, i * stride);
    }
    TableRows.setStep(shard, step);
    return report(false);
  }

  /**
   * Writes this executor's shard of every table (weights and optimizer state) into {@code dir} on
   * the Hadoop file system as {@link ShardFiles}; reports the bytes written.
   */
  static synchronized ShardReport write(String s, String dir, org.apache.spark.util.SerializableConfiguration conf) {
    java.util.Map<String, String> sums = new java.util.TreeMap<>();
    ShardReport r = withFiles(s, dir, conf, "write shard " + shardIndex + " of the tables into", (fs, d, t, shard, rows) -> {
      String name = ShardFiles.name(t, rows, shardIndex, shardCount);
      org.apache.hadoop.fs.Path file = new org.apache.hadoop.fs.Path(d, name);
      java.util.zip.CRC32C crc = new java.util.zip.CRC32C();
      try (java.io.OutputStream out = new java.io.BufferedOutputStream(
          new java.util.zip.CheckedOutputStream(fs.create(file, true), crc), 1 << 20)) {
        io.sparkctr.models.tables.TableIO.write(shard, true, out);
      }
      sums.put(name, String.format("%08x", crc.getValue()));
      return fs.getFileStatus(file).getLen();
    });
    return r.withSums(sums);
  }

  /**
   * Overwrites this executor's shard of every table (weights, state, step) with its rows of the
   * shard files in {@code dir} (a checkpoint's tables, written by any number of owners); reports the
   * bytes read.
   */
  static synchronized ShardReport read(String s, String dir, org.apache.spark.util.SerializableConfiguration conf) {
    return withFiles(s, dir, conf, "read shard " + shardIndex + " of the tables from",
        (fs, d, t, shard, rows) -> ShardFiles.readShard(fs, d, shard, rows, shardMap, shardIndex));
  }

  /** What {@link #withFiles} does with this executor's shard of table {@code t} of {@code rows} rows: the bytes it moved. */
  private interface TableFileAction {
    long apply(org.apache.hadoop.fs.FileSystem fs, org.apache.hadoop.fs.Path dir, String t, LocalTable shard, long rows)
        throws java.io.IOException;
  }

  /** {@code action} on every table of session {@code s} in {@code dir}; reports the bytes ("Cannot {what} dir"). */
  private static ShardReport withFiles(String s, String dir, org.apache.spark.util.SerializableConfiguration conf,
                                       String what, TableFileAction action) {
    require(s);
    long bytes = 0;
    try {
      org.apache.hadoop.fs.Path d = new org.apache.hadoop.fs.Path(dir);
      org.apache.hadoop.fs.FileSystem fs = d.getFileSystem(conf.value());
      for (var t : owned.shards().entrySet()) {
        bytes += action.apply(fs, d, t.getKey(), t.getValue(), owned.tables().table(t.getKey()).rows());
      }
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException("Cannot " + what + " " + dir + " on executor "
          + OnEachExecutor.executorId() + ": " + e.getMessage(), e);
    }
    return ShardReport.of(OnEachExecutor.executorId(), server == null ? "" : server.address(), bytes, 0);
  }

  /**
   * Before an epoch: the learning-rate scale this owner steps its rows at, for every worker's
   * pushes; the traffic counters restart.
   */
  static synchronized ShardReport begin(String s, double learningRateScale) {
    require(s);
    owned.setLearningRateScale(learningRateScale);
    return report(true);
  }

  /** Traffic since the last {@link #begin}. */
  static synchronized ShardReport traffic(String s) {
    require(s);
    return report(false);
  }

  /** Closes the server (its port) and client and drops the shards of session {@code s}. */
  static synchronized ShardReport release(String s) {
    String id = OnEachExecutor.executorId();
    if (s.equals(session)) {
      if (client != null) {
        client.close();
      }
      if (server != null) {
        server.close();
      }
      LOG.info("Sharded tables of session {} released on executor {}", s, id);
      client = null;
      server = null;
      owned = null;
      shardIndex = -1;
      shardMap = null;
      session = null;
    }
    return ShardReport.of(id, "", 0, 0);
  }

  private static void require(String s) {
    if (!s.equals(session)) {
      throw new IllegalStateException("Cannot use executor " + OnEachExecutor.executorId() + " for sharded-tables "
          + "session " + s + ": it holds " + session + " (an executor added or restarted after training started?)");
    }
  }

  private static ShardReport report(boolean reset) {
    String id = OnEachExecutor.executorId();
    String address = server == null ? "" : server.address();
    if (client == null) {
      return ShardReport.of(id, address, 0, 0);
    }
    long bytes = reset ? client.bytesOut.getAndSet(0) + client.bytesIn.getAndSet(0)
        : client.bytesOut.get() + client.bytesIn.get();
    long requests = reset ? client.requests.getAndSet(0) : client.requests.get();
    long waited = reset ? client.waitNanos.getAndSet(0) : client.waitNanos.get();
    return ShardReport.of(id, address, bytes, requests, waited);
  }
}
