package io.sparkctr.training.tables.sharded;

import io.sparkctr.models.tables.LocalTable;
import io.sparkctr.models.tables.ModelTables;
import io.sparkctr.models.tables.TableRows;
import io.sparkctr.models.tables.sharded.ShardMap;
import io.sparkctr.models.tables.sharded.ShardedTables;
import io.sparkctr.training.executor.OnEachExecutor;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The driver side of sharded tables ({@code sparkctr.training.tables = sharded}) for one training
 * run. Opening it: every executor starts its table server ({@link ShardNode#start}); the addresses
 * make the {@link ShardMap}; every executor creates its {@link ShardedTables} (its shards, and the
 * sharded tables registered under the driver's model key), so DL4J's worker graphs and scoring tasks find them; then the owners
 * get their rows ({@link Fill}): a new run's owners initialize them, a resumed run's read them from
 * the checkpoint's shard files ({@link #readShards}), a warm start's come from the driver. The
 * driver's own tables stay unallocated ({@code LocalTable.deferred}) but for a warm start. Per
 * epoch: {@link #beginEpoch} (the owners' learning-rate scale), training, {@link #endEpoch} (traffic), and
 * {@link #writeShards} into the checkpoint. {@link #close} (also on failure) closes every server
 * and client, so a later run in the application starts clean.
 */
public final class ShardedSession implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(ShardedSession.class);
  private static final Map<String, ShardedSession> ACTIVE = new ConcurrentHashMap<>();
  /** Floats per fill run (16 MiB): no broadcast outgrows what an executor can hold next to its shard. */
  private static final int FILL_FLOATS = 1 << 22;
  private final JavaSparkContext sc;
  private final String session = UUID.randomUUID().toString().substring(0, 8);
  private final String key;
  private final Map<String, String> executors;
  private final ShardMap map;
  private final List<TableShape> shapes = new ArrayList<>();
  private final Duration timeout;
  private ShardWatch watch;

  /**
   * What the tables moved in one epoch.
   *
   * @param bytes bytes of pull and push frames (requests and answers) between executors
   * @param requests pull and push requests
   * @param checkpointBytes bytes of shard files the owners wrote into the epoch's checkpoint
   * @param waitSeconds seconds the training threads of all executors spent waiting for other shards'
   *     answers (pulled rows, acknowledged pushes)
   */
  public record Traffic(int epoch, long bytes, long requests, long checkpointBytes, double waitSeconds) {
    /** With the bytes of the epoch's checkpoint. */
    public Traffic checkpointed(long bytes) {
      return new Traffic(epoch, this.bytes, requests, bytes, waitSeconds);
    }
  }

  /** Where a new session's shards get their rows. */
  public enum Fill {
    /** Each owner initializes its rows as a new whole table's would be ({@code LocalTable.initialize}). */
    INITIALIZE,
    /** The driver ships each owner its rows of the driver's tables. */
    DRIVER,
    /** Zeros, for the owners to {@link #readShards} next. */
    FILES
  }

  /**
   * What tasks carry so that an executor outside the shard map (joined after the shards were placed)
   * can reach the tables under {@code key}; null when no session serves them.
   */
  public static ShardTicket ticket(String key) {
    ShardedSession s = ACTIVE.get(key);
    return s == null ? null : s.ticket();
  }

  /** This session's ticket ({@link #ticket(String)}). */
  public ShardTicket ticket() {
    return new ShardTicket(session, map, key, shapes, timeout);
  }

  /**
   * @param basePort executor n serves on basePort + n, n below {@code ports}
   * @param mask the executors' subnet, or "" (each executor's Spark host; loopback on one host)
   * @param fill where the owners' rows come from: {@link Fill#INITIALIZE} (a new run), {@link Fill#DRIVER}
   *     ({@code tables} on the driver, e.g. a warm start's) or {@link Fill#FILES} (zeros until the
   *     caller's {@link #readShards}, e.g. of the checkpoint a resumed run continues)
   */
  public ShardedSession(JavaSparkContext sc, ModelTables tables, int basePort, int ports, String mask,
                        Duration timeout, Fill fill) {
    this.sc = sc;
    this.key = tables.key();
    this.timeout = timeout;
    String master = sc.getConf().get("spark.master", "");
    boolean oneHost = master.startsWith("local");
    if (sc.getConf().getBoolean("spark.dynamicAllocation.enabled", false)) {
      throw new IllegalArgumentException("Cannot train with sharded tables: spark.dynamicAllocation.enabled is true; "
          + "the shards are placed once per run, so turn dynamic allocation off");
    }
    this.executors = OnEachExecutor.live(sc);
    String s = session;
    try {
      ShardReport started = OnEachExecutor.run(sc, executors, "sharded tables: start servers", ShardReport.EMPTY,
          () -> ShardNode.start(s, basePort, ports, mask, oneHost));
      List<String> ids = new ArrayList<>(started.addresses().keySet());
      List<String> hosts = new ArrayList<>();
      List<Integer> portList = new ArrayList<>();
      for (String id : ids) {
        String a = started.addresses().get(id);
        hosts.add(a.substring(0, a.lastIndexOf(':')));
        portList.add(Integer.parseInt(a.substring(a.lastIndexOf(':') + 1)));
      }
      this.map = new ShardMap(ids, hosts, portList);
      this.watch = new ShardWatch(sc, session, map);
      ShardMap m = map;
      String k = key;  // lambdas must not capture this session (not serializable)
      for (String n : tables.names()) {
        LocalTable t = tables.local(n);
        shapes.add(new TableShape(t));
      }
      List<TableShape> sh = shapes;
      boolean initialize = fill == Fill.INITIALIZE;
      OnEachExecutor.run(sc, executors, "sharded tables: create shards", ShardReport.EMPTY,
          () -> ShardNode.install(s, m, k, sh, timeout, initialize));
      long shipped = fill == Fill.DRIVER ? load(tables) : 0;
      ACTIVE.put(key, this);
      LOG.info("Sharded tables session {}: {} shards on executors {} ({}), {} MB of rows shipped", session, map.size(),
          ids, started.addresses().values(), String.format("%.2f", shipped / 1e6));
    } catch (Exception e) {  // also Spark's SparkException, checked but thrown undeclared through Scala
      release();
      throw e;
    }
  }

  /**
   * Overwrites every shard with its rows of {@code tables} (weights, state, step), e.g. the best
   * epoch's tables put back on the driver, so executors keep scoring with shards, never with a
   * whole table each.
   *
   * @return the bytes shipped
   */
  public long load(ModelTables tables) {
    requireOwners();
    long shipped = 0;
    for (int shard = 0; shard < map.size(); shard++) {
      for (String n : tables.names()) {
        shipped += fill(tables.local(n), shard);
      }
    }
    return shipped;
  }

  /**
   * Why this session cannot go on, when one of its executors was lost (naming the executor and its
   * shard), or null. The session's running jobs were cancelled when it happened.
   */
  public String lost() {
    return watch == null ? null : watch.lost();
  }

  /**
   * Before an epoch: the learning-rate scale every owner steps its rows at (the schedule's, for the
   * pushes of every worker); traffic counting restarts.
   */
  public void beginEpoch(double learningRateScale) {
    requireOwners();
    String s = session;
    OnEachExecutor.run(sc, executors, "sharded tables: begin epoch", ShardReport.EMPTY,
        () -> ShardNode.begin(s, learningRateScale));
  }

  /** After an epoch: what the tables moved between executors in it (nothing comes to the driver). */
  public Traffic endEpoch(int epoch) {
    requireOwners();
    String s = session;
    ShardReport t = OnEachExecutor.run(sc, executors, "sharded tables: traffic of epoch " + epoch, ShardReport.EMPTY,
        () -> ShardNode.traffic(s));
    LOG.info("Sharded tables, epoch {}: {} MB in {} pull/push requests between executors; workers waited {} s "
        + "for other shards' answers", epoch, String.format("%.2f", t.bytes / 1e6), t.requests,
        String.format("%.2f", t.waitNanos / 1e9));
    return new Traffic(epoch, t.bytes, t.requests, 0, t.waitNanos / 1e9);
  }

  /**
   * Every owner writes its shard of every table (weights and optimizer state) into {@code dir} on the
   * Hadoop file system ({@link ShardFiles}); returns once all have, with the bytes written. The
   * driver commits the checkpoint holding {@code dir} only after this returns, with the files'
   * CRC32C sums that the owners computed while writing.
   */
  public Written writeShards(String dir, org.apache.hadoop.conf.Configuration hadoop) {
    ShardReport r = onEveryOwner("write shards into " + dir, "Cannot checkpoint the sharded tables into " + dir,
        "wrote their shards", hadoop, (s, conf) -> ShardNode.write(s, dir, conf));
    return new Written(r.bytes, Map.copyOf(r.sums));
  }

  /** What the owners wrote into a checkpoint: bytes, and each shard file's CRC32C by its name. */
  public record Written(long bytes, Map<String, String> sums) {}

  /**
   * Every owner overwrites its shards with its rows of the shard files in {@code dir} (a checkpoint's
   * tables, written by this or another number of executors), reading them itself: nothing passes
   * through the driver. Returns once all have, with the bytes read.
   */
  public long readShards(String dir, org.apache.hadoop.conf.Configuration hadoop) {
    long bytes = onEveryOwner("read shards from " + dir, "Cannot restore the sharded tables from " + dir,
        "read their shards", hadoop, (s, conf) -> ShardNode.read(s, dir, conf)).bytes;
    LOG.info("Sharded tables session {}: the owners read {} MB of shard files from {}", session,
        String.format("%.2f", bytes / 1e6), dir);
    return bytes;
  }

  /** A file task of an owner: its session id and the Hadoop configuration in, its report out. */
  private interface FileTask extends java.io.Serializable {
    ShardReport run(String session, org.apache.spark.util.SerializableConfiguration conf);
  }

  /** Runs {@code task} on every owner; fails with {@code cannot} unless all of them {@code did}; their reports. */
  private ShardReport onEveryOwner(String what, String cannot, String did, org.apache.hadoop.conf.Configuration hadoop,
                            FileTask task) {
    requireOwners();
    String s = session;
    org.apache.spark.util.SerializableConfiguration conf = new org.apache.spark.util.SerializableConfiguration(hadoop);
    ShardReport r = OnEachExecutor.run(sc, executors, "sharded tables: " + what, ShardReport.EMPTY,
        () -> task.run(s, conf));
    if (!r.executors().containsAll(executors.keySet())) {
      throw new IllegalStateException(cannot + ": only executors " + r.executors() + " of " + executors.keySet()
          + " " + did);
    }
    return r;
  }

  /** Closes every executor's server and client (best effort: a lost executor's JVM is gone anyway). */
  @Override
  public void close() {
    release();
  }

  private void release() {
    ACTIVE.remove(key);
    String s = session;
    // a lost executor's JVM (and its ports) is gone: asking it would only wait out the pinned tasks' rounds
    if (watch != null) {
      watch.close();  // before the release job: the watch cancels the session's jobs once an owner is lost
    }
    // the owners and any executor that joined later as a client; not a lost one (its JVM and ports are gone,
    // asking it would only wait out the pinned tasks' rounds)
    Map<String, String> alive = OnEachExecutor.live(sc);
    try {
      OnEachExecutor.run(sc, alive, "sharded tables: release", ShardReport.EMPTY, () -> ShardNode.release(s));
    } catch (Exception e) {  // SparkException included (undeclared)
      LOG.warn("Cannot release the sharded tables on every executor: {}", e.getMessage());
    }
  }

  private void requireOwners() {
    String why = lost();
    if (why != null) {
      throw new ShardLost(why);
    }
  }

  private Map<String, String> one(int shard) {
    String id = map.executor(shard);
    return Map.of(id, executors.get(id));
  }

  /** Ships shard {@code shard}'s rows of {@code t} (weights and state) to its owner, a run at a time; the bytes. */
  private long fill(LocalTable t, int shard) {
    String s = session;
    String name = t.name();
    long step = t.step();
    int stride = TableRows.stride(t);
    long local = map.localRows(t.rows());
    int per = Math.max(1, FILL_FLOATS / stride);
    long bytes = 0;
    for (long from = 0; from < local; from += per) {
      int n = (int) Math.min(per, local - from);
      float[] rows = new float[n * stride];
      for (int i = 0; i < n; i++) {
        long id = map.global(shard, from + i);
        if (id < t.rows()) {
          TableRows.read(t, id, rows, i * stride);
        }
      }
      long start = from;
      // a broadcast destroyed at once, not the task's closure: Spark keeps task binaries in the executors'
      // block managers until the driver's garbage collector lets them go, next to the shard being filled
      Broadcast<float[]> run = sc.broadcast(rows);
      try {
        OnEachExecutor.run(sc, one(shard), "sharded tables: fill rows " + from + "+" + n + " of '" + name
            + "' on shard " + shard, ShardReport.EMPTY, () -> ShardNode.fill(s, name, start, run.value(), step));
      } finally {
        run.destroy();
      }
      bytes += 4L * rows.length;
    }
    return bytes;
  }
}
