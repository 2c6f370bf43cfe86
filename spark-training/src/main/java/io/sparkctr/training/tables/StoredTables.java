package io.sparkctr.training.tables;

import io.sparkctr.models.tables.LocalTable;
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

  /** The best epoch's tables: its own {@code best-tables/}, or the kept best checkpoint's {@code tables/}. */
  Map<String, LocalTable> bestTables();

  /** Its {@code tables/} directory, for owners that read their rows themselves. */
  Path latestTablesDir();

  /** Where the best epoch's tables are (sharded: the kept best checkpoint's {@code tables/}). */
  Path bestTablesDir();
}
