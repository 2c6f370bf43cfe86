package io.sparkctr.training.tables;

import io.sparkctr.models.tables.LocalTable;
import io.sparkctr.models.tables.ModelTables;
import java.util.Map;
import org.apache.hadoop.fs.Path;

/**
 * The tables of a run's newest complete checkpoint, as a {@link TablePlacement} reads them back on
 * resume and at the end of a run ({@code io.sparkctr.training.Checkpoints} implements it). Each
 * call looks up the newest checkpoint afresh.
 */
public interface StoredTables {

  /** Its tables (shard files assembled), read into this JVM. */
  Map<String, LocalTable> latestTables();

  /**
   * Reads the best epoch's tables (its checkpoint's {@code tables/}, or a {@code best-tables/} of the
   * newest) into the tables of the same names in {@code into}, in place: weights, optimizer state, step.
   *
   * @param exceptNewest read nothing when the best epoch's tables are the newest checkpoint's (for
   *     tables that hold the newest epoch's rows already)
   * @throws IllegalStateException when a table of {@code into} is not there, or the files hold others
   */
  void readBestInto(ModelTables into, boolean exceptNewest);

  /** Its {@code tables/} directory, for owners that read their rows themselves. */
  Path latestTablesDir();

  /** Where the best epoch's tables are (sharded: the kept best checkpoint's {@code tables/}). */
  Path bestTablesDir();
}
