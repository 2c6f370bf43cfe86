package io.sparkctr.training.tables;

import io.sparkctr.models.tables.ModelTables;
import java.io.IOException;
import java.util.Map;
import org.apache.hadoop.fs.Path;

/**
 * What a checkpoint holds of a run's tables, as its {@link TablePlacement} gives it; the
 * checkpoint writer lays out the files ({@code io.sparkctr.training.Checkpoints}).
 */
public sealed interface TableContent {

  /**
   * Tables held on the driver: it writes them into {@code tables/NAME.table} (weights and optimizer
   * state); the best epoch's are its checkpoint's, kept beside the newest (see {@code Checkpoints}).
   */
  record OnDriver(ModelTables tables) implements TableContent {}

  /**
   * Tables whose owners write {@code tables/} themselves (shard files); there is no
   * {@code best-tables/}: the best epoch's checkpoint is kept beside the newest.
   */
  record ByOwners(Writer owners) implements TableContent {}

  /** Writes a checkpoint's tables into its {@code tables/} directory. */
  @FunctionalInterface
  interface Writer {
    Written write(Path dir) throws IOException;
  }

  /** What a {@link Writer} wrote: bytes, and each file's CRC32C by its name in the directory. */
  record Written(long bytes, Map<String, String> sums) {}
}
