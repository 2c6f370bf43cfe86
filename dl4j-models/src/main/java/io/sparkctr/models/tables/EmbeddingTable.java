package io.sparkctr.models.tables;

/**
 * Rows of k floats addressed by 64-bit row ids, with the sparse optimizer that updates them living
 * next to the rows. This is all a graph's sparse embedding layer needs from a table: look up rows
 * for the ids of a minibatch, and hand back one gradient row per distinct touched id. A local
 * table ({@link LocalTable}) or a remote, sharded one (rows pulled from and row gradients pushed
 * to the executors that own them) can stand behind it without the graph noticing.
 *
 * <p>Implementations must accept concurrent calls from several training threads of one JVM.
 */
public interface EmbeddingTable {
  /** The table's name in its model ({@link ModelTables}) and in its file's header ({@link TableIO}). */
  String name();

  /** k: floats per row. */
  int dim();

  /** Number of rows; valid ids are {@code [0, rows())}. */
  long rows();

  /**
   * Copies row {@code ids[i]} into {@code out[i·dim, (i+1)·dim)} for {@code i < count}.
   *
   * @throws IllegalArgumentException naming the id when one is outside {@code [0, rows())}
   */
  void gather(long[] ids, int count, float[] out);

  /**
   * Applies one optimizer step to the rows {@code ids[0..count)}, which must be distinct; rows not
   * listed are not read or written (their optimizer state stays as it is).
   *
   * @param grads {@code grads[i·dim, (i+1)·dim)} is the gradient of the step's <em>summed</em>
   *     loss (over its {@link TableStep#examples()} examples) with respect to row {@code ids[i]}
   */
  void applyGradients(long[] ids, float[] grads, int count, TableStep step);
}
