package io.sparkctr.training;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparkctr.features.TestFiles;
import io.sparkctr.models.layers.TableBinding;
import io.sparkctr.models.tables.LocalTable;
import io.sparkctr.models.tables.ModelTables;
import io.sparkctr.models.tables.TableIO;
import io.sparkctr.models.tables.TableRows;
import io.sparkctr.models.tables.TableStep;
import io.sparkctr.models.train.EpochStats;
import io.sparkctr.models.train.TrainSchedule;
import io.sparkctr.models.train.TrainState;
import io.sparkctr.training.progress.EpochLog;
import io.sparkctr.training.tables.TableContent;
import io.sparkctr.training.tables.TablePlacement;
import io.sparkctr.training.tables.sharded.ShardFiles;
import io.sparkctr.models.tables.sharded.ShardMap;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.zip.CRC32C;
import java.util.zip.CheckedOutputStream;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;

/**
 * Checkpoints of a run with sharded tables (the committed fixture {@value #NAME}, two epochs, the
 * best the first): the owners' shard files assemble into the tables on the driver (the best epoch's
 * from the kept best checkpoint), and each owner of a resumed run on another number of executors
 * reads its rows out of them. See {@code fixtures/README.md} for how the fixture was made
 * ({@link #writeFixture}).
 */
class ShardedCheckpointFormatTest {
  static final String NAME = "checkpoints-sharded";
  static final Path FIXTURE = Paths.get("src/test/resources/fixtures/" + NAME);
  static final Configuration CONF = new Configuration();
  /** The executors that "owned" the shards when the fixture was written. */
  static final ShardMap WRITERS = new ShardMap(List.of("1", "2"), List.of("127.0.0.1", "127.0.0.1"),
      List.of(41300, 41301));

  @Test
  void shardedCheckpointsAssembleAndReshard(@TempDir Path dir) throws Exception {
    Checkpoints c = new Checkpoints(TestFiles.copyTree(FIXTURE, dir.resolve("copy")).toString(), CONF);
    Checkpoints.Loaded loaded = c.latest().orElseThrow(); // its checksums verified first
    assertEquals(2, loaded.state().epoch());
    assertEquals(1, loaded.state().bestEpoch());
    FileSystem fs = FileSystem.getLocal(CONF);
    assertTrue(ShardFiles.in(fs, c.latestTablesDir()), "tables/ holds shard files");
    assertTrue(c.bestTablesDir().toString().endsWith("epoch-0001/tables"), "the kept best checkpoint's tables");

    // the best epoch's tables are the replicated fixture's (the fixture was sharded from them)
    Map<String, LocalTable> whole = new Checkpoints(CheckpointFormatTest.FIXTURE.toString(), CONF).latestTables();
    Map<String, LocalTable> best = c.bestTables();
    assertEquals(List.of("emb", "linear-emb"), List.copyOf(best.keySet()));
    for (String t : best.keySet()) {
      assertSameRows(whole.get(t), best.get(t), "best " + t);
    }
    Map<String, LocalTable> latest = c.latestTables();
    assertFalse(sameRows(best.get("emb"), latest.get("emb")), "epoch 2 moved rows of emb");
    // as the driver's tables, which hold no rows while the owners train, take them at the end of the run
    Map<String, LocalTable> empty = new TreeMap<>();
    best.forEach((t, b) -> empty.put(t, LocalTable.deferred(t, b.rows(), b.dim(), b.optimizer())));
    io.sparkctr.models.tables.ModelTables driver = new io.sparkctr.models.tables.ModelTables(empty);
    assertFalse(driver.local("emb").allocated());
    c.readBestInto(driver, false);
    for (String t : best.keySet()) {
      assertSameRows(best.get(t), driver.local(t), "read in place: " + t);
      assertEquals(best.get(t).step(), driver.local(t).step(), t);
    }

    // a resumed run on 3 executors: each owner reads its rows of the latest tables
    ShardMap three = new ShardMap(List.of("4", "5", "6"), List.of("h", "h", "h"), List.of(1, 2, 3));
    for (String t : latest.keySet()) {
      LocalTable all = latest.get(t);
      for (int me = 0; me < 3; me++) {
        LocalTable shard = new LocalTable(t, three.localRows(all.rows()), all.dim(), all.optimizer());
        ShardFiles.readShard(fs, new org.apache.hadoop.fs.Path(c.latestTablesDir().toString()), shard, all.rows(),
            three, me);
        float[] a = new float[TableRows.stride(all)];
        float[] b = new float[a.length];
        for (long r = 0; r < shard.rows(); r++) {
          long id = three.global(me, r);
          if (id < all.rows()) {
            TableRows.read(all, id, a, 0);
            TableRows.read(shard, r, b, 0);
            assertArrayEquals(a, b, t + " shard " + me + " row " + r);
          }
        }
        assertEquals(all.step(), shard.step(), t + ": the step");
      }
    }

    // as a resumed run on a local master reads them: assembled, bound to the graph
    TablePlacement resumed = TablePlacement.of(TablePlacement.Kind.LOCAL, null, null, null);
    resumed.resume(loaded.model(), c);
    ModelTables bound = TableBinding.tablesOf(loaded.model());
    assertSameRows(latest.get("emb"), bound.local("emb"), "bound emb");
  }

  /**
   * A run whose checkpoints have the layout before the best epoch's was kept (its best epoch 1 only in
   * the newest checkpoint's best-tables/), resumed with sharded tables: its next checkpoint carries
   * those files on, and the end of the run reads them.
   */
  @Test
  void anOldLayoutRunResumedWithShardedTablesCarriesItsBestTables(@TempDir Path dir) throws Exception {
    Path legacy = TestFiles.copyTree(CheckpointFormatTest.FIXTURE, dir.resolve("legacy"));
    Files.move(legacy.resolve("epoch-0001"), legacy.resolve("epoch-0003"));
    var st = (com.fasterxml.jackson.databind.node.ObjectNode) io.sparkctr.common.json.Json.PRETTY.readTree(
        Files.readString(legacy.resolve("epoch-0003/state.json")));
    Files.writeString(legacy.resolve("epoch-0003/state.json"), st.put("epoch", 3).put("sinceBest", 2).toString());
    Checkpoints c = new Checkpoints(legacy.toString(), CONF);
    Checkpoints.Loaded three = c.latest().orElseThrow();
    Map<String, LocalTable> best = c.bestTables();
    Map<String, LocalTable> latest = c.latestTables();
    TrainState s = three.state();
    TrainState four = new TrainState(4, s.learningRate(), 1, s.bestAuc(), 3, 3, false, s.epochs(), s.specJson());
    c.save(three.model(), three.best(), four, new TableContent.ByOwners(d -> writeShards(d, latest)));
    assertFalse(Files.exists(legacy.resolve("epoch-0003")), "the old checkpoint goes");
    assertTrue(c.bestTablesDir().toString().endsWith("legacy/epoch-0004/best-tables"), c.bestTablesDir().toString());
    Map<String, LocalTable> empty = new TreeMap<>();
    best.forEach((t, b) -> empty.put(t, LocalTable.deferred(t, b.rows(), b.dim(), b.optimizer())));
    io.sparkctr.models.tables.ModelTables driver = new io.sparkctr.models.tables.ModelTables(empty);
    c.readBestInto(driver, false);
    for (String t : best.keySet()) {
      assertSameRows(best.get(t), driver.local(t), "the carried best " + t);
    }
  }

  /**
   * Writes the fixture into {@code -Dsparkctr.fixtures.out=DIR} (then copied into
   * src/test/resources/fixtures without Hadoop's .crc files): the replicated fixture's epoch 1 with
   * its tables as two owners' shard files, and an epoch 2 (a lower validation AUC, some rows moved),
   * each written by {@link Checkpoints#save} with {@link TableContent.ByOwners} content laid out as
   * {@code ShardNode.write} lays it out.
   */
  @Test
  @EnabledIfSystemProperty(named = "sparkctr.fixtures.out", matches = ".+")
  void writeFixture() throws Exception {
    Path out = Paths.get(System.getProperty("sparkctr.fixtures.out")).resolve(NAME);
    Checkpoints source = new Checkpoints(CheckpointFormatTest.FIXTURE.toString(), CONF);
    Checkpoints.Loaded loaded = source.latest().orElseThrow();
    Map<String, LocalTable> tables = source.latestTables();
    Checkpoints c = new Checkpoints(out.toString(), CONF);
    c.claim();
    EpochLog log = new EpochLog(c.dir(), CONF);
    TrainState one = loaded.state();
    c.save(loaded.model(), loaded.best(), one, new TableContent.ByOwners(d -> writeShards(d, tables)));
    log.append(one.epochs().get(0), 1);

    SplittableRandom rnd = new SplittableRandom(3);
    for (LocalTable t : tables.values()) {
      long[] ids = new long[20];
      float[] grads = new float[ids.length * t.dim()];
      for (int i = 0; i < ids.length; i++) {
        ids[i] = rnd.nextLong(t.rows());
      }
      for (int i = 0; i < grads.length; i++) {
        grads[i] = (float) rnd.nextGaussian();
      }
      t.applyGradients(ids, grads, ids.length, new TableStep(8, 1.0));
    }
    EpochStats e2 = new EpochStats(2, 0.61, one.bestAuc() - 0.01, 0.672, 450, one.learningRate(), 3.2);
    TrainState two = one.continued().after(e2, new TrainSchedule(2, 256, 2, 1, 1.0, 0));
    c.save(loaded.model(), loaded.best(), two, new TableContent.ByOwners(d -> writeShards(d, tables)));
    log.append(e2, two.bestEpoch());
    try (var files = Files.walk(out)) {
      for (Path p : files.filter(p -> p.getFileName().toString().endsWith(".crc")).toList()) {
        Files.delete(p);
      }
    }
  }

  /** What each owner's {@code ShardNode.write} writes: its shard of every table, and the CRC32C of each file. */
  private static TableContent.Written writeShards(org.apache.hadoop.fs.Path dir, Map<String, LocalTable> tables)
      throws IOException {
    FileSystem fs = dir.getFileSystem(CONF);
    Map<String, String> sums = new TreeMap<>();
    long bytes = 0;
    for (int s = 0; s < WRITERS.size(); s++) {
      for (LocalTable whole : tables.values()) {
        LocalTable shard = new LocalTable(whole.name(), WRITERS.localRows(whole.rows()), whole.dim(),
            whole.optimizer());
        float[] row = new float[TableRows.stride(whole)];
        for (long r = 0; r < shard.rows(); r++) {
          long id = WRITERS.global(s, r);
          if (id < whole.rows()) {
            TableRows.read(whole, id, row, 0);
            TableRows.write(shard, r, row, 0);
          }
        }
        TableRows.setStep(shard, whole.step());
        String name = ShardFiles.name(whole.name(), whole.rows(), s, WRITERS.size());
        org.apache.hadoop.fs.Path file = new org.apache.hadoop.fs.Path(dir, name);
        CRC32C crc = new CRC32C();
        try (OutputStream o = new BufferedOutputStream(new CheckedOutputStream(fs.create(file, true), crc), 1 << 20)) {
          TableIO.write(shard, true, o);
        }
        sums.put(name, String.format("%08x", crc.getValue()));
        bytes += fs.getFileStatus(file).getLen();
      }
    }
    return new TableContent.Written(bytes, sums);
  }

  private static void assertSameRows(LocalTable a, LocalTable b, String what) {
    assertEquals(a.rows(), b.rows(), what + ": rows");
    assertTrue(sameRows(a, b), what + ": every row, weights and optimizer state");
  }

  private static boolean sameRows(LocalTable a, LocalTable b) {
    float[] x = new float[TableRows.stride(a)];
    float[] y = new float[x.length];
    for (long id = 0; id < a.rows(); id++) {
      TableRows.read(a, id, x, 0);
      TableRows.read(b, id, y, 0);
      if (!java.util.Arrays.equals(x, y)) {
        return false;
      }
    }
    return true;
  }
}
