package io.sparkctr.training.tables.sharded;

import io.sparkctr.models.tables.LocalTable;
import io.sparkctr.models.tables.TableIO;
import io.sparkctr.models.tables.TableRows;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * A table written shard by shard, each by its owner: {@code NAME.rows-R.shard-S-of-N.table} in one
 * directory, each a {@code TableIO} table (weights and optimizer state) of the shard's local rows
 * (row r of shard s is row {@link ShardMap#global(int, int, long)} of the whole table). Reading
 * assembles the whole table one shard at a time (the reader holds the table and one shard), for any
 * number of executors later: a resumed run shards it again its own way.
 */
public final class ShardFiles {
  private static final Pattern NAME = Pattern.compile("(.+)\\.rows-(\\d+)\\.shard-(\\d{5})-of-(\\d{5})\\.table");

  private ShardFiles() {}

  /** The file name of shard {@code shard} of {@code n} of table {@code table} (of {@code rows} rows in all). */
  public static String name(String table, long rows, int shard, int n) {
    return String.format("%s.rows-%d.shard-%05d-of-%05d.table", table, rows, shard, n);
  }

  /** Whether {@code dir} holds shard files (rather than whole-table files). */
  public static boolean in(FileSystem fs, Path dir) throws IOException {
    for (FileStatus f : fs.listStatus(dir)) {
      if (NAME.matcher(f.getPath().getName()).matches()) {
        return true;
      }
    }
    return false;
  }

  /**
   * The whole tables of {@code dir}'s shard files.
   *
   * @throws IllegalStateException when a table's shards are not all there (0..N-1 of one N)
   */
  public static Map<String, LocalTable> assemble(FileSystem fs, Path dir) throws IOException {
    Map<String, TreeMap<Integer, Path>> byTable = new TreeMap<>();
    Map<String, Integer> counts = new TreeMap<>();
    Map<String, Long> rows = new TreeMap<>();
    for (FileStatus f : fs.listStatus(dir)) {
      Matcher m = NAME.matcher(f.getPath().getName());
      if (!m.matches()) {
        continue;
      }
      int n = Integer.parseInt(m.group(4));
      rows.put(m.group(1), Long.parseLong(m.group(2)));
      Integer before = counts.putIfAbsent(m.group(1), n);
      if (before != null && before != n) {
        throw new IllegalStateException("Cannot read the shards of table '" + m.group(1) + "' in " + dir
            + ": files of " + before + " and of " + n + " shards");
      }
      byTable.computeIfAbsent(m.group(1), k -> new TreeMap<>()).put(Integer.parseInt(m.group(3)), f.getPath());
    }
    Map<String, LocalTable> out = new LinkedHashMap<>();
    for (Map.Entry<String, TreeMap<Integer, Path>> e : byTable.entrySet()) {
      int n = counts.get(e.getKey());
      if (e.getValue().size() != n || e.getValue().firstKey() != 0 || e.getValue().lastKey() != n - 1) {
        throw new IllegalStateException("Cannot read table '" + e.getKey() + "' from " + dir + ": it has shards "
            + e.getValue().keySet() + " of " + n);
      }
      out.put(e.getKey(), assemble(fs, e.getKey(), rows.get(e.getKey()), e.getValue(), n));
    }
    return out;
  }

  private static LocalTable assemble(FileSystem fs, String table, long rows, TreeMap<Integer, Path> shards, int n)
      throws IOException {
    LocalTable whole = null;
    for (Map.Entry<Integer, Path> e : shards.entrySet()) {
      LocalTable shard;
      try (InputStream in = new BufferedInputStream(fs.open(e.getValue()), 1 << 20)) {
        shard = TableIO.read(in, e.getValue().toString());
      }
      if (whole == null) {
        whole = new LocalTable(table, rows, shard.dim(), shard.optimizer());
        TableRows.setStep(whole, shard.step());
      }
      int stride = TableRows.stride(shard);
      float[] row = new float[stride];
      for (long local = 0; local < shard.rows(); local++) {
        long id = ShardMap.global(n, e.getKey(), local);
        if (id < rows) {
          TableRows.read(shard, local, row, 0);
          TableRows.write(whole, id, row, 0);
        }
      }
      TableRows.setStep(whole, Math.max(whole.step(), shard.step()));
    }
    return whole;
  }
}
