package io.sparkctr.training.tables.sharded;

import io.sparkctr.models.tables.LocalTable;
import io.sparkctr.models.tables.ModelTables;
import io.sparkctr.models.tables.TableIO;
import io.sparkctr.models.tables.TableRows;
import io.sparkctr.models.tables.sharded.ShardMap;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.function.LongUnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * A table written shard by shard, each by its owner: {@code NAME.rows-R.shard-S-of-N.table} in one
 * directory, each a {@code TableIO} table (weights and optimizer state) of the shard's local rows
 * (row r of shard s is row {@link ShardMap#global(int, int, long)} of the whole table). Reading
 * streams the files one block of rows at a time: the driver assembles the whole table (for the
 * bundle), and each owner of a resumed run, on any number of executors, picks its own rows out of
 * them ({@link #readShard}).
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
    Map<String, LocalTable> out = new LinkedHashMap<>();
    for (Map.Entry<String, Shards> e : list(fs, dir).entrySet()) {
      Shards s = e.getValue();
      LocalTable[] whole = new LocalTable[1];
      s.copy(fs, h -> {
        if (whole[0] == null) {
          whole[0] = new LocalTable(e.getKey(), s.rows, h.dim(), h.optimizer());
        }
        return whole[0];
      }, id -> id);
      out.put(e.getKey(), whole[0]);
    }
    return out;
  }

  /**
   * Streams {@code dir}'s shard files into the tables of the same names in {@code into}, in place
   * (no second copy of a table), each table's step set to its shards' largest.
   *
   * @throws IllegalStateException when a table's shards are not all there, or have another shape
   */
  public static Set<String> readInto(FileSystem fs, Path dir, ModelTables into)
      throws IOException {
    Map<String, Shards> all = list(fs, dir);
    for (Map.Entry<String, Shards> e : all.entrySet()) {
      LocalTable t = into.local(e.getKey());
      e.getValue().copy(fs, h -> {
        if (t.rows() != e.getValue().rows || t.dim() != h.dim() || TableRows.stride(t) != h.stride()
            || !t.optimizer().name().equals(h.optimizer().name())) {
          throw new IllegalStateException("Cannot read table '" + e.getKey() + "' from " + dir + ": its shards hold "
              + e.getValue().rows + " rows of dimension " + h.dim() + " with " + h.optimizer().name() + " state, the "
              + "table " + t.rows() + " of " + t.dim() + " with " + t.optimizer().name());
        }
        return t;
      }, id -> id);
    }
    return all.keySet();
  }

  /**
   * Fills {@code shard}, shard {@code me} of {@code map}, with its rows of the table of the same name
   * in {@code dir}, whatever the number of shards that wrote it (a resumed run on other executors),
   * streaming: the reader holds its shard and one block of rows. Sets the table's step.
   *
   * @return bytes of shard files read
   * @throws IllegalStateException when the table's shards are not all there, or have another shape
   */
  public static long readShard(FileSystem fs, Path dir, LocalTable shard, long rows, ShardMap map, int me)
      throws IOException {
    Shards s = list(fs, dir).get(shard.name());
    if (s == null || s.rows != rows) {
      throw new IllegalStateException("Cannot read shard " + me + " of table '" + shard.name() + "' (" + rows
          + " rows) from " + dir + ": it holds " + (s == null ? "no such table" : s.rows + " rows of it"));
    }
    return s.copy(fs, h -> {
      if (h.dim() != shard.dim()) {
        throw new IllegalStateException("Cannot read table '" + shard.name() + "' from " + dir + ": its rows have "
            + h.dim() + " dimensions, the model's " + shard.dim());
      }
      return shard;
    }, id -> map.owner(id) == me ? map.local(id) : -1);
  }

  /** One table's shard files in a directory: shard index → file, of {@code count} shards. */
  private record Shards(String table, long rows, int count, TreeMap<Integer, Path> files, Path dir) {
    /**
     * Streams every shard file's rows into the table {@code into} returns for its header, row id g of
     * the whole table at row {@code place(g)} (skipped when -1); the table's step is the largest.
     */
    long copy(FileSystem fs, Function<TableIO.Header, LocalTable> into, LongUnaryOperator place) throws IOException {
      if (files.size() != count || files.firstKey() != 0 || files.lastKey() != count - 1) {
        throw new IllegalStateException("Cannot read table '" + table + "' from " + dir + ": it has shards "
            + files.keySet() + " of " + count);
      }
      long bytes = 0;
      long step = 0;
      LocalTable target = null;
      for (Map.Entry<Integer, Path> e : files.entrySet()) {
        int shard = e.getKey();
        LocalTable[] t = new LocalTable[1];
        TableIO.Header h;
        try (InputStream in = new BufferedInputStream(fs.open(e.getValue()), 1 << 20)) {
          h = TableIO.readRows(in, e.getValue().toString(), header -> {
            t[0] = into.apply(header);
            return (local, values, off) -> {
              long id = ShardMap.global(count, shard, local);
              long at = id < rows ? place.applyAsLong(id) : -1;
              if (at >= 0) {
                TableRows.write(t[0], at, values, off);
              }
            };
          });
        }
        target = t[0];
        step = Math.max(step, h.step());
        bytes += fs.getFileStatus(e.getValue()).getLen();
      }
      if (target != null) {
        TableRows.setStep(target, step);
      }
      return bytes;
    }
  }

  private static Map<String, Shards> list(FileSystem fs, Path dir) throws IOException {
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
    Map<String, Shards> out = new LinkedHashMap<>();
    byTable.forEach((t, files) -> out.put(t, new Shards(t, rows.get(t), counts.get(t), files, dir)));
    return out;
  }
}
