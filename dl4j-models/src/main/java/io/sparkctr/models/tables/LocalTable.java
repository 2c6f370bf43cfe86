package io.sparkctr.models.tables;

import java.util.concurrent.atomic.AtomicLong;

/**
 * An {@link EmbeddingTable} in this JVM: a {@link RowStore} whose rows are
 * {@code [weights(k) | optimizer state]} side by side (one cache-friendly block per row; see
 * {@link #bytesPerRow}), updated by its {@link TableOptimizer}.
 *
 * <p>Concurrency (several DL4J workers of one JVM sharing the table, e.g. Spark local[*]): each
 * row's update runs under one of 4096 striped monitors (stripe = id mod 4096), so concurrent
 * updates of one row are serialized and none is lost; lookups do not lock (Hogwild reads: a
 * forward pass may see a row while another thread updates it). The global step (Adam's bias
 * correction) is an atomic counter of {@code applyGradients} calls.
 */
public final class LocalTable implements EmbeddingTable {
  private static final int STRIPES = 4096;
  /** Rows per touch pass: 512 rows of Adam's 48 floats are 96 KiB, well inside L2. */
  static final int TOUCH_BLOCK = 512;
  private final String name;
  private final int dim;
  private final TableOptimizer config;
  private final RowOptimizer optimizer;
  private final long rows;
  private final int stride;
  private final String description;
  /** Null until first used for a table made {@link #deferred}; always set for one made by the constructor. */
  private volatile RowStore store;
  private java.util.function.LongUnaryOperator initGlobal = row -> row;
  private final AtomicLong step = new AtomicLong();
  private final Object[] locks = new Object[STRIPES];
  private volatile double initStd;
  private volatile long initSeed;

  /** A table of zeros (weights and state), after checking that the heap can hold it. */
  public LocalTable(String name, long rows, int dim, TableOptimizer config) {
    this(name, rows, dim, config, true);
  }

  /**
   * A table whose rows are allocated (after the same check) only when first read, written or
   * saved; {@link #initialize} is applied then. A driver whose executors own the rows (sharded
   * tables) binds its graph to such tables and never holds them unless it assembles a bundle.
   */
  public static LocalTable deferred(String name, long rows, int dim, TableOptimizer config) {
    return new LocalTable(name, rows, dim, config, false);
  }

  private LocalTable(String name, long rows, int dim, TableOptimizer config, boolean allocate) {
    if (rows < 1 || dim < 1) {
      throw new IllegalArgumentException("Cannot create table '" + name + "': " + rows + " rows of " + dim);
    }
    this.name = name;
    this.dim = dim;
    this.config = config;
    this.optimizer = config.create();
    this.rows = rows;
    this.stride = dim + optimizer.stateWidth(dim);
    this.description = String.format(java.util.Locale.ROOT, "table '%s' (%,d rows × %d floats, %s)", name, rows,
        stride, config.name());
    for (int i = 0; i < STRIPES; i++) {
      locks[i] = new Object();
    }
    if (allocate) {
      store();
    }
  }

  /** Whether the rows are in memory (always, but for a {@link #deferred} table not used yet). */
  public boolean allocated() {
    return store != null;
  }

  /** Bytes per row: 4 × (k weights + the optimizer's state: adam 2k, ftrl 2k, adagrad 1, sgd 0). */
  public static long bytesPerRow(int dim, TableOptimizer config) {
    return 4L * (dim + config.create().stateWidth(dim));
  }

  public String name() {
    return name;
  }

  public TableOptimizer optimizer() {
    return config;
  }

  @Override
  public int dim() {
    return dim;
  }

  @Override
  public long rows() {
    return rows;
  }

  /** Steps applied so far (restored with the optimizer state). */
  public long step() {
    return step.get();
  }

  /** Initial weights N(0, std²) per seed and row (std 0 keeps zeros); remembered for {@link #initStd}. */
  public void initialize(double std, long seed) {
    initializeRows(std, seed, row -> row);
  }

  /**
   * As {@link #initialize}, for a shard of a larger table: row r gets what row
   * {@code global.applyAsLong(r)} of the whole table would.
   */
  public void initializeRows(double std, long seed, java.util.function.LongUnaryOperator global) {
    synchronized (this) {
      initStd = std;
      initSeed = seed;
      initGlobal = global;
      if (std > 0 && store != null) {
        store.fillGaussian(dim, std, seed, global);
      }
    }
  }

  /** The standard deviation of the last {@link #initialize} (0: zeros), and its seed. */
  public double initStd() {
    return initStd;
  }

  public long initSeed() {
    return initSeed;
  }

  @Override
  public void gather(long[] ids, int count, float[] out) {
    RowStore store = store();
    for (int i = 0; i < count; i++) {
      long id = check(ids[i]);
      System.arraycopy(store.chunk(id), store.offset(id), out, i * dim, dim);
    }
  }

  /**
   * Updates the rows in blocks of {@value #TOUCH_BLOCK}: a lock-free pass first reads every cache
   * line of the block's rows ({@link RowStore#touch}), then each row is updated under its stripe.
   * The update of one row is a long dependent chain (sums, a square root, the writes), so few of its
   * cache misses overlap when rows are visited one by one; the touch pass has a few instructions per
   * row, so the misses of a whole block are in flight together (docs/benchmarks.md, "Table updates:
   * a touch pass and huge pages": 10 → 6.5 ms per step at 2^24 rows).
   */
  @Override
  public void applyGradients(long[] ids, float[] grads, int count, TableStep s) {
    for (int i = 0; i < count; i++) {
      check(ids[i]); // all or nothing: a bad id fails the call before any row changes
    }
    long t = step.incrementAndGet();
    RowStore store = store();
    for (int from = 0; from < count; from += TOUCH_BLOCK) {
      int to = from + Math.min(TOUCH_BLOCK, count - from);
      store.touch(ids, from, to);
      for (int i = from; i < to; i++) {
        long id = ids[i];
        synchronized (locks[(int) (id & (STRIPES - 1))]) {
          optimizer.update(store.chunk(id), store.offset(id), dim, grads, i * dim, s, t);
        }
      }
    }
  }

  /**
   * Overwrites the weights of row {@code id} with {@code w[off, off+dim)} and derives its optimizer
   * state from them as for a table loaded without state (imports, tests).
   */
  public void setWeights(long id, float[] w, int off) {
    check(id);
    RowStore store = store();
    synchronized (locks[(int) (id & (STRIPES - 1))]) {
      float[] chunk = store.chunk(id);
      int o = store.offset(id);
      System.arraycopy(w, off, chunk, o, dim);
      optimizer.stateFromWeights(chunk, o, dim);
    }
  }

  private long check(long id) {
    if (id < 0 || id >= rows) {
      throw new IllegalArgumentException("Cannot look up row " + id + " of table '" + name + "': it has "
          + rows + " rows");
    }
    return id;
  }

  /** The rows, allocated (and initialized as {@link #initialize} asked) on first use. */
  RowStore store() {
    RowStore s = store;
    if (s != null) {
      return s;
    }
    synchronized (this) {
      if (store == null) {
        RowStore.checkFits(description, RowStore.bytes(rows, stride));
        RowStore fresh = new RowStore(rows, stride);
        if (initStd > 0) {
          fresh.fillGaussian(dim, initStd, initSeed, initGlobal);
        }
        store = fresh;
      }
      return store;
    }
  }

  void setStep(long t) {
    step.set(t);
  }

  /**
   * Adds {@code other}'s weights and optimizer state to this table's, float by float, and keeps the
   * larger step: with {@link #scale} this averages replicas trained apart (executors' copies).
   */
  public void add(LocalTable other) {
    if (other.rows != rows || other.stride != stride) {
      throw new IllegalArgumentException("Cannot add table '" + other.name + "' (" + other.rows + " × "
          + other.stride + ") to '" + name + "' (" + rows + " × " + stride + ")");
    }
    RowStore store = store();
    RowStore theirs = other.store();
    for (int c = 0; c < store.chunks.length; c++) {
      float[] to = store.chunks[c];
      float[] from = theirs.chunks[c];
      for (int i = 0; i < to.length; i++) {
        to[i] += from[i];
      }
    }
    step.set(Math.max(step.get(), other.step.get()));
  }

  /** Multiplies every weight and optimizer-state value by {@code factor}. */
  public void scale(double factor) {
    float f = (float) factor;
    for (float[] chunk : store().chunks) {
      for (int i = 0; i < chunk.length; i++) {
        chunk[i] *= f;
      }
    }
  }

  /** A deep copy: weights, optimizer state and step (the trainer's best-epoch snapshot). */
  public LocalTable copy() {
    LocalTable out = new LocalTable(name, rows, dim, config);
    out.restoreFrom(this);
    return out;
  }

  /** Overwrites weights, state and step with those of {@code other} (same shape and optimizer). */
  public void restoreFrom(LocalTable other) {
    if (other == this) {
      return;
    }
    other.store().copyInto(store());
    step.set(other.step.get());
  }
}
