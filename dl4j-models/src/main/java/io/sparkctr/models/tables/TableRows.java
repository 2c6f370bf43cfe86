package io.sparkctr.models.tables;

/**
 * Whole rows of a {@link LocalTable} — weights and optimizer state side by side — for code that
 * moves rows between tables with their state (sharded tables: an owner's shard is filled from the
 * driver's table and gathered back into it). Rows are {@link #stride} floats:
 * {@code [weights(dim) | optimizer state]}.
 */
public final class TableRows {
  private TableRows() {}

  /** Floats per row: the weights and the optimizer's state. */
  public static int stride(LocalTable t) {
    return t.store().stride;
  }

  /**
   * Copies row {@code id} (weights, with any regularization of every row it is owed applied, and
   * state) into {@code out[off, off + stride)}.
   */
  public static void read(LocalTable t, long id, float[] out, int off) {
    checkRow(t, id);
    t.readRow(id, out, off);
  }

  /** Overwrites row {@code id} (weights and state) with {@code in[off, off + stride)}. */
  public static void write(LocalTable t, long id, float[] in, int off) {
    checkRow(t, id);
    t.writeRow(id, in, off);
  }

  /**
   * Sets the table's global step (Adam's bias correction), e.g. to the step of the table it came
   * from; every row then counts as regularized to that step.
   */
  public static void setStep(LocalTable t, long step) {
    t.setStep(step);
  }

  private static void checkRow(LocalTable t, long id) {
    if (id < 0 || id >= t.rows()) {
      throw new IllegalArgumentException("Cannot access row " + id + " of table '" + t.name() + "': it has "
          + t.rows() + " rows");
    }
  }
}
