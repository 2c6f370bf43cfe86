package io.sparkctr.models.tables;

import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.stream.IntStream;

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
 *
 * <p>Regularization of every row ({@link TableOptimizer#decay()}, {@link TableOptimizer#shrink()}) is
 * lazy and exact: a {@link RowInts} clock keeps the step each row was last regularized to; a touched row
 * first receives its pending steps in closed form ({@link RowRegularization}), lookups return the
 * regularized value without writing it back, and {@link #flush} brings every row up to date. The
 * closed form needs one rate per segment, so a step at a new learning-rate scale flushes first; every
 * whole-table read (copies, averaging, saving) flushes too, so no artifact holds pending values.
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
  /** Null when the optimizer regularizes touched rows only. */
  private final RowRegularization regularization;
  /** With {@link #regularization}: each row's last regularized step, after {@link #base}. */
  private volatile RowInts clock;
  /** The step every row has been regularized to (the last flush, load or copy). */
  private volatile long base;
  /** The learning-rate scale of the steps since {@link #base}; NaN before the first. */
  private volatile double segmentScale = Double.NaN;
  /** Null, or since {@link #countSteps}: how often each row was stepped (an executor's replicated copy). */
  private volatile RowInts touches;
  /** Regularization steps per table step: replicated copies that each see 1/N of the steps take N. */
  private volatile int stepWeight = 1;
  /** Steps share it; a flush holds it alone. */
  private final ReentrantReadWriteLock phase = new ReentrantReadWriteLock();
  /**
   * Research switch (-Dsparkctr.table.eager=l2): also step every untouched row with a zero loss
   * gradient, so the optimizer's l2 moves every row every step, as DL4J's dense tables did.
   */
  private static final boolean EAGER_L2 = "l2".equals(System.getProperty("sparkctr.table.eager"));

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
    this.regularization = RowRegularization.of(config, optimizer);
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

  /**
   * Bytes per row: 4 × (k weights + the optimizer's state: adam 2k, ftrl 2k, adagrad 1, sgd 0), plus 4
   * for the row's step ({@link RowInts}) when every row is regularized.
   */
  public static long bytesPerRow(int dim, TableOptimizer config) {
    return 4L * (dim + config.create().stateWidth(dim)) + (config.decay() > 0 || config.shrink() > 0 ? 4 : 0);
  }

  @Override
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
    if (regularization == null) {
      for (int i = 0; i < count; i++) {
        long id = check(ids[i]);
        System.arraycopy(store.chunk(id), store.offset(id), out, i * dim, dim);
      }
      return;
    }
    long now = step.get();
    double rate = rate();
    for (int i = 0; i < count; i++) {
      long id = check(ids[i]);
      regularization.apply(store.chunk(id), store.offset(id), out, i * dim, dim, pending(id, now), rate);
    }
  }

  /** Regularization steps row {@code id} is owed at step {@code now}. */
  private long pending(long id, long now) {
    return (now - base - clock.get(id)) * stepWeight;
  }

  private double rate() {
    return config.learningRate() * segmentScale;
  }

  /**
   * Updates the rows in blocks of {@value #TOUCH_BLOCK}: a lock-free pass first reads every cache
   * line of the block's rows ({@link RowStore#touch}), then each row is updated under its stripe.
   * The update of one row is a long dependent chain (sums, a square root, the writes), so few of its
   * cache misses overlap when rows are visited one by one; the touch pass has a few instructions per
   * row, so the misses of a whole block are in flight together (docs/design/sparse-tables.md, "Table updates:
   * a touch pass and huge pages": 10 → 6.5 ms per step at 2^24 rows).
   */
  @Override
  public void applyGradients(long[] ids, float[] grads, int count, TableStep s) {
    for (int i = 0; i < count; i++) {
      check(ids[i]); // all or nothing: a bad id fails the call before any row changes
    }
    RowStore store = store();
    lockSegment(s.learningRateScale());
    try {
      long t = step.incrementAndGet();
      RowInts counted = touches;
      for (int from = 0; from < count; from += TOUCH_BLOCK) {
        int to = from + Math.min(TOUCH_BLOCK, count - from);
        store.touch(ids, from, to);
        for (int i = from; i < to; i++) {
          long id = ids[i];
          synchronized (locks[(int) (id & (STRIPES - 1))]) {
            float[] chunk = store.chunk(id);
            int off = store.offset(id);
            int since = (int) (t - base);
            if (regularization != null && clock.get(id) < since) { // a later step may have passed this row already
              regularization.apply(chunk, off, chunk, off, dim, pending(id, t), rate());
              clock.set(id, since);
            }
            optimizer.update(chunk, off, dim, grads, i * dim, s, t);
            if (counted != null) {
              counted.increment(id);
            }
          }
        }
      }
      if (EAGER_L2) {
        stepUntouched(store, ids, count, s, t);
      }
    } finally {
      phase.readLock().unlock();
    }
  }

  /** The research switch's pass: every row not in {@code ids} takes a step with a zero loss gradient. */
  private void stepUntouched(RowStore store, long[] ids, int count, TableStep s, long t) {
    java.util.BitSet touched = new java.util.BitSet((int) Math.min(rows, Integer.MAX_VALUE));
    for (int i = 0; i < count; i++) {
      touched.set((int) ids[i]);
    }
    float[] zeros = new float[dim];
    for (long id = 0; id < rows; id++) {
      if (!touched.get((int) id)) {
        synchronized (locks[(int) (id & (STRIPES - 1))]) {
          optimizer.update(store.chunk(id), store.offset(id), dim, zeros, 0, s, t);
        }
      }
    }
  }

  /**
   * Takes the step lock in a segment at {@code scale}: a step at a new scale first flushes the steps
   * taken at the old one. Checked again under the lock, so a step never runs at a scale another
   * thread's flush has just left.
   */
  private void lockSegment(double scale) {
    while (true) {
      if (regularization != null && segmentScale != scale) {
        startSegment(scale);
      }
      phase.readLock().lock();
      if (regularization == null || segmentScale == scale) {
        return;
      }
      phase.readLock().unlock();
    }
  }

  /** Flushes the steps taken at the old learning-rate scale, then continues at {@code scale}. */
  private void startSegment(double scale) {
    phase.writeLock().lock();
    try {
      if (segmentScale != scale) {
        if (!Double.isNaN(segmentScale)) {
          flushRows();
        }
        segmentScale = scale;
      }
    } finally {
      phase.writeLock().unlock();
    }
  }

  /**
   * Brings every row's pending regularization up to the current step and writes it, so the rows
   * hold final values (before saving, averaging or copying; a table without regularization of every
   * row has nothing to do). Waits for steps in progress.
   */
  public void flush() {
    if (regularization == null || store == null) {
      return;
    }
    phase.writeLock().lock();
    try {
      flushRows();
    } finally {
      phase.writeLock().unlock();
    }
  }

  private void flushRows() {
    RowStore store = store();
    long now = step.get();
    if (now != base) {
      double rate = rate();
      long weight = stepWeight;
      IntStream.range(0, store.chunks.length).parallel().forEach(c -> {
        float[] a = store.chunks[c];
        int[] since = clock.chunk(c);
        for (int i = 0, off = 0; i < since.length; i++, off += stride) {
          regularization.apply(a, off, a, off, dim, (now - base - since[i]) * weight, rate);
        }
      });
    }
    atBase(now);
  }

  /** Every row regularized to {@code t}. */
  private void atBase(long t) {
    base = t;
    if (clock != null) {
      clock.reset();
    }
  }

  /**
   * Regularization steps per table step (default 1): a replicated copy that takes 1/N of a run's
   * steps takes N, so every row decays as much as with one table taking every step.
   */
  public void setRegularizationStepWeight(int weight) {
    if (weight < 1) {
      throw new IllegalArgumentException("Cannot weight table '" + name + "' steps by " + weight);
    }
    flush();
    stepWeight = weight;
  }

  /**
   * Starts counting how often each row is stepped, from zero: an executor's replicated copy, whose
   * rows are averaged with the other copies' weighted by these counts ({@link ReplicaMean}). Costs
   * 4 bytes per row.
   */
  public void countSteps() {
    touches = new RowInts(store());
  }

  /** The step counts since {@link #countSteps}, or null. */
  RowInts touches() {
    return touches;
  }

  void setTouches(RowInts counts) {
    touches = counts;
  }

  /**
   * Copies row {@code id}'s weights (regularized to the current step) and optimizer state into
   * {@code out[off, off + stride)}.
   */
  void readRow(long id, float[] out, int off) {
    RowStore store = store();
    float[] chunk = store.chunk(id);
    int o = store.offset(id);
    System.arraycopy(chunk, o, out, off, stride);
    if (regularization != null) {
      regularization.apply(chunk, o, out, off, dim, pending(id, step.get()), rate());
    }
  }

  /** Overwrites row {@code id}'s weights and state; the row counts as regularized to the current step. */
  void writeRow(long id, float[] in, int off) {
    RowStore store = store();
    System.arraycopy(in, off, store.chunk(id), store.offset(id), stride);
    if (clock != null) {
      clock.set(id, (int) (step.get() - base));
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
      if (clock != null) {
        clock.set(id, (int) (step.get() - base));
      }
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
        RowStore.checkFits(description, RowStore.bytes(rows, stride) + (regularization == null ? 0 : 4L * rows));
        RowStore fresh = new RowStore(rows, stride);
        if (initStd > 0) {
          fresh.fillGaussian(dim, initStd, initSeed, initGlobal);
        }
        if (regularization != null) {
          clock = new RowInts(fresh);
        }
        store = fresh;
      }
      return store;
    }
  }

  /** Sets the global step; every row counts as regularized to it (a load, or rows copied in). */
  void setStep(long t) {
    step.set(t);
    atBase(t);
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
    other.flush();
    other.store().copyInto(store());
    setStep(other.step.get());
  }
}
