package io.sparkctr.training.tables.sharded;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparkctr.models.tables.LocalTable;
import io.sparkctr.models.tables.TableIO;
import io.sparkctr.models.tables.TableOptimizer;
import io.sparkctr.models.tables.TableRows;
import io.sparkctr.models.tables.TableStep;
import io.sparkctr.models.tables.sharded.ShardMap;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Tables written shard by shard (as owners write them into a checkpoint) assemble into exactly the
 * whole table, weights, optimizer state and step, whatever the shard count; an incomplete set is
 * refused.
 */
class ShardFilesTest {
  private static final long ROWS = 10_007;
  private static final int DIM = 3;

  @Test
  void shardsWrittenByTheirOwnersAssembleIntoTheWholeTable(@TempDir java.nio.file.Path tmp) throws IOException {
    LocalTable whole = trained(new TableOptimizer("adagrad", 0.1, 0, 0));
    FileSystem fs = FileSystem.getLocal(new Configuration());
    for (int n : new int[] {1, 3}) {
      Path dir = new Path(tmp.resolve("n" + n).toString());
      writeShards(fs, dir, whole, n);
      assertTrue(ShardFiles.in(fs, dir));
      Map<String, LocalTable> read = ShardFiles.assemble(fs, dir);
      LocalTable back = read.get("emb");
      assertEquals(ROWS, back.rows());
      assertEquals(whole.step(), back.step(), n + " shards: the step");
      int stride = TableRows.stride(whole);
      float[] a = new float[stride];
      float[] b = new float[stride];
      for (long id = 0; id < ROWS; id++) {
        TableRows.read(whole, id, a, 0);
        TableRows.read(back, id, b, 0);
        assertArrayEquals(a, b, n + " shards: row " + id + " (weights and AdaGrad accumulator)");
      }
    }
    Path dir = new Path(tmp.resolve("n3").toString());
    fs.delete(new Path(dir, ShardFiles.name("emb", ROWS, 1, 3)), false);
    IllegalStateException e = assertThrows(IllegalStateException.class, () -> ShardFiles.assemble(fs, dir));
    assertTrue(e.getMessage().contains("it has shards [0, 2] of 3"), e.getMessage());
    assertTrue(!ShardFiles.in(fs, new Path(Files.createDirectories(tmp.resolve("none")).toString())));
  }

  @Test
  void eachOwnerOfAResumedRunReadsItsRowsFromFilesOfAnyShardCount(@TempDir java.nio.file.Path tmp)
      throws IOException {
    LocalTable whole = trained(new TableOptimizer("adam", 0.01, 0, 0));
    FileSystem fs = FileSystem.getLocal(new Configuration());
    int stride = TableRows.stride(whole);
    float[] a = new float[stride];
    float[] b = new float[stride];
    for (int written : new int[] {1, 3}) {
      Path dir = new Path(tmp.resolve("n" + written).toString());
      writeShards(fs, dir, whole, written);
      for (int now : new int[] {1, 2}) {  // resumed on 1 or 2 executors
        ShardMap map = new ShardMap(List.of("4", "5").subList(0, now), List.of("h", "h").subList(0, now),
            List.of(1, 2).subList(0, now));
        for (int me = 0; me < now; me++) {
          LocalTable shard = new LocalTable("emb", map.localRows(ROWS), DIM, whole.optimizer());
          long bytes = ShardFiles.readShard(fs, dir, shard, ROWS, map, me);
          assertTrue(bytes > 4L * ROWS * stride, "read every file: " + bytes);
          assertEquals(whole.step(), shard.step(), written + " → " + now + ": the step");
          for (long r = 0; r < shard.rows(); r++) {
            long id = map.global(me, r);
            if (id < ROWS) {
              TableRows.read(whole, id, a, 0);
              TableRows.read(shard, r, b, 0);
              assertArrayEquals(a, b, written + " → " + now + " shards: shard " + me + " row " + r + " (id " + id
                  + "; weights and both Adam moments)");
            }
          }
        }
      }
    }
    LocalTable other = new LocalTable("emb", 100, DIM, whole.optimizer());
    ShardMap one = new ShardMap(List.of("0"), List.of("h"), List.of(1));
    IllegalStateException e = assertThrows(IllegalStateException.class,
        () -> ShardFiles.readShard(fs, new Path(tmp.resolve("n3").toString()), other, 100, one, 0));
    assertTrue(e.getMessage().contains("it holds " + ROWS + " rows of it"), e.getMessage());
  }

  /** What owner s of n would write: its rows (local row r = global {@link ShardMap#global}) and state. */
  private static void writeShards(FileSystem fs, Path dir, LocalTable whole, int n) throws IOException {
    ShardMap map = new ShardMap(List.of("0", "1", "2").subList(0, n), List.of("h", "h", "h").subList(0, n),
        List.of(1, 2, 3).subList(0, n));
    int stride = TableRows.stride(whole);
    float[] row = new float[stride];
    for (int s = 0; s < n; s++) {
      LocalTable shard = new LocalTable("emb", map.localRows(ROWS), DIM, whole.optimizer());
      for (long r = 0; r < shard.rows(); r++) {
        long id = map.global(s, r);
        if (id < ROWS) {
          TableRows.read(whole, id, row, 0);
          TableRows.write(shard, r, row, 0);
        }
      }
      TableRows.setStep(shard, whole.step());
      try (OutputStream out = fs.create(new Path(dir, ShardFiles.name("emb", ROWS, s, n)), true)) {
        TableIO.write(shard, true, out);
      }
    }
  }

  private static LocalTable trained(TableOptimizer opt) {
    LocalTable t = new LocalTable("emb", ROWS, DIM, opt);
    t.initialize(0.1, 7);
    SplittableRandom rnd = new SplittableRandom(5);
    for (int step = 0; step < 20; step++) {
      long[] ids = new long[50];
      float[] grads = new float[50 * DIM];
      for (int i = 0; i < ids.length; i++) {
        ids[i] = rnd.nextLong(ROWS);
      }
      for (int i = 0; i < grads.length; i++) {
        grads[i] = (float) rnd.nextGaussian();
      }
      t.applyGradients(ids, grads, ids.length, new TableStep(8, 1.0));
    }
    return t;
  }
}
