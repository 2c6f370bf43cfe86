package io.sparkctr.training;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparkctr.common.json.Json;
import io.sparkctr.features.TestFiles;
import io.sparkctr.models.graph.L2Mode;
import io.sparkctr.models.graph.ModelSpec;
import io.sparkctr.models.layers.TableBinding;
import io.sparkctr.models.tables.LocalTable;
import io.sparkctr.models.tables.ModelTables;
import io.sparkctr.models.tables.TableRows;
import io.sparkctr.models.train.TrainState;
import io.sparkctr.training.tables.TablePlacement;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Checkpoints carry their own CRC32C index, verified before anything is read; checkpoints written
 * before the index (the committed fixture) still load for {@code --resume}.
 */
class CheckpointFormatTest {
  static final Path FIXTURE = Paths.get("src/test/resources/fixtures/checkpoints-format2");
  static final Configuration CONF = new Configuration();


  /**
   * The fixture's run had deep-l2 and wide-l2 before l2-mode existed: its spec reads as coupled and resumes
   * with that spec; the same values with the default mode (decoupled) are refused, naming the setting.
   */
  @Test
  void aCheckpointWithL2FromBeforeL2ModeResumesWithCoupledOnly(@TempDir Path dir) throws Exception {
    Checkpoints old = new Checkpoints(TestFiles.copyTree(FIXTURE, dir.resolve("old")).toString(), CONF);
    String saved = old.latest().orElseThrow().state().specJson();
    ModelSpec then = Json.COMPACT.readValue(saved, ModelSpec.class);
    assertEquals(L2Mode.COUPLED, then.l2Mode());
    ResumeCheck.sameSpec(old, saved, then, DistributedTrainer.json(then));
    ModelSpec now = then.toBuilder().l2Mode(L2Mode.DECOUPLED).build();
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> ResumeCheck.sameSpec(old, saved, now, DistributedTrainer.json(now)));
    assertTrue(e.getMessage().startsWith("Cannot resume from " + old.dir() + ": it trained the spec " + saved)
        && e.getMessage().endsWith("set sparkctr.model.l2-mode = coupled to resume it"), e.getMessage());
    ModelSpec other = now.toBuilder().seed(1).build();
    e = assertThrows(IllegalArgumentException.class,
        () -> ResumeCheck.sameSpec(old, saved, other, DistributedTrainer.json(other)));
    assertTrue(!e.getMessage().contains("l2-mode"), "another difference: no hint");
  }

  @Test
  void checkpointsWrittenBeforeTheIndexLoadAndNewOnesAreSummedAndVerified(@TempDir Path dir) throws Exception {
    Checkpoints old = new Checkpoints(TestFiles.copyTree(FIXTURE, dir.resolve("old")).toString(), CONF);
    Checkpoints.Loaded loaded = old.latest().orElseThrow();
    assertEquals(1, loaded.state().epoch());
    // as a resumed run's placement reads them: the driver's tables bound to the graph, the best epoch's kept
    TablePlacement resumed = TablePlacement.of(TablePlacement.Kind.LOCAL, null, null, null);
    resumed.resume(loaded.model(), old);
    ModelTables tables = TableBinding.tablesOf(loaded.model());
    assertEquals(Set.of("emb", "linear-emb"), tables.names());
    Map<String, LocalTable> best = old.bestTables();
    assertEquals(List.of("emb", "linear-emb"), List.copyOf(best.keySet()));

    Path fresh = dir.resolve("new");
    Checkpoints c = new Checkpoints(fresh.toString(), CONF);
    resumed.checkpoint(content -> c.save(loaded.model(), loaded.best(), loaded.state(), content));
    Path epoch = fresh.resolve("epoch-0001");
    var files = Json.PRETTY.readTree(Files.readString(epoch.resolve(CheckpointSums.FILE))).path("files");
    List<String> summed = new java.util.ArrayList<>();
    files.fieldNames().forEachRemaining(summed::add);
    // the fixture's epoch is its best: the new checkpoint's tables/ are the best tables, written once
    assertEquals(List.of("best.bin", "model.zip", "state.json", "tables/emb.table", "tables/linear-emb.table"), summed);
    assertEquals(1, c.latest().orElseThrow().state().epoch(), "its own sums verify");
    assertTrue(c.bestTablesDir().toString().endsWith("new/epoch-0001/tables"), c.bestTablesDir().toString());
    Path oldEpoch = FIXTURE.resolve("epoch-0001");
    for (String table : List.of("emb.table", "linear-emb.table")) {
      assertArrayEquals(Files.readAllBytes(oldEpoch.resolve("tables/" + table)),
          Files.readAllBytes(epoch.resolve("tables/" + table)), table + " written back as it was read");
      assertArrayEquals(Files.readAllBytes(oldEpoch.resolve("best-tables/" + table)),
          Files.readAllBytes(epoch.resolve("tables/" + table)), table + ": the old best tables, now in tables/");
    }

    byte[] bytes = Files.readAllBytes(epoch.resolve("tables/emb.table"));
    bytes[bytes.length / 2] ^= 0x01;
    Files.write(epoch.resolve("tables/emb.table"), bytes);
    Files.deleteIfExists(epoch.resolve("tables/.emb.table.crc")); // Hadoop's own sum would answer first
    String m = assertThrows(IllegalArgumentException.class, c::latest).getMessage();
    assertTrue(m.startsWith("Cannot read checkpoint ") && m.contains("epoch-0001: tables/emb.table fails its checksum"),
        m);
  }

  /**
   * An epoch that is not the best refers to the best epoch's kept checkpoint, which stays; only where
   * that checkpoint is gone (a run resumed from a checkpoint that carried {@code best-tables/}) does
   * the new one carry those files on.
   */
  @Test
  void theBestTablesAreWrittenOnceAndKeptWithTheBestEpochsCheckpoint(@TempDir Path dir) throws Exception {
    Checkpoints old = new Checkpoints(TestFiles.copyTree(FIXTURE, dir.resolve("old")).toString(), CONF);
    Checkpoints.Loaded loaded = old.latest().orElseThrow();
    TablePlacement placement = TablePlacement.of(TablePlacement.Kind.LOCAL, null, null, null);
    placement.resume(loaded.model(), old);
    TrainState first = loaded.state();
    TrainState second = new TrainState(2, first.learningRate(), 1, first.bestAuc(), 1, 1, false, first.epochs(),
        first.specJson());

    Path kept = dir.resolve("kept");
    Checkpoints c = new Checkpoints(kept.toString(), CONF);
    placement.checkpoint(content -> c.save(loaded.model(), loaded.best(), first, content));
    LocalTable emb = TableBinding.tablesOf(loaded.model()).local("emb");
    float[] best = fullRow(emb, 5);
    float[] moved = best.clone();
    moved[0] += 1; // a row moved since the newest checkpoint: only a read that should not happen restores it
    TableRows.write(emb, 5, moved, 0);
    c.readBestInto(TableBinding.tablesOf(loaded.model()), true);
    assertArrayEquals(moved, fullRow(emb, 5), "the newest checkpoint is the best: nothing read");
    c.readBestInto(TableBinding.tablesOf(loaded.model()), false);
    assertArrayEquals(best, fullRow(emb, 5));
    TableRows.write(emb, 5, moved, 0); // epoch 2 moves the row and is no better
    placement.checkpoint(content -> c.save(loaded.model(), loaded.best(), second, content));
    assertTrue(Files.isDirectory(kept.resolve("epoch-0001/tables")), "the best epoch's checkpoint is kept");
    assertTrue(Files.isDirectory(kept.resolve("epoch-0002/tables")));
    assertTrue(!Files.exists(kept.resolve("epoch-0002/best-tables")), "no second copy of the best tables");
    assertTrue(c.bestTablesDir().toString().endsWith("kept/epoch-0001/tables"), c.bestTablesDir().toString());
    assertEquals(List.of("emb", "linear-emb"), List.copyOf(c.bestTables().keySet()));
    long step = emb.step();
    emb.applyGradients(new long[] {5, 6}, new float[2 * emb.dim()], 2, new io.sparkctr.models.tables.TableStep(8, 1));
    placement.export(c);
    assertArrayEquals(best, fullRow(emb, 5), "the bundle's tables are the best epoch's, read from its checkpoint");
    assertEquals(step, emb.step(), "and their step");

    // no epoch judged best yet (an undefined AUC): nothing to keep, nothing carried
    Checkpoints none = new Checkpoints(dir.resolve("none").toString(), CONF);
    TrainState undefined = new TrainState(1, first.learningRate(), 0, Double.NEGATIVE_INFINITY, 1, 1, false,
        first.epochs(), first.specJson());
    placement.checkpoint(content -> none.save(loaded.model(), loaded.best(), undefined, content));
    assertTrue(!Files.exists(dir.resolve("none/epoch-0001/best-tables")));
    assertEquals(none.latestTablesDir(), none.bestTablesDir());

    // a checkpoint of the old layout, epoch 3 of a run whose best epoch 1 is only in its best-tables/
    Path legacy = TestFiles.copyTree(FIXTURE, dir.resolve("legacy"));
    Files.move(legacy.resolve("epoch-0001"), legacy.resolve("epoch-0003"));
    var st = (com.fasterxml.jackson.databind.node.ObjectNode) Json.PRETTY.readTree(
        Files.readString(legacy.resolve("epoch-0003/state.json")));
    Files.writeString(legacy.resolve("epoch-0003/state.json"), st.put("epoch", 3).put("sinceBest", 2).toString());
    Checkpoints r = new Checkpoints(legacy.toString(), CONF);
    TablePlacement resumed = TablePlacement.of(TablePlacement.Kind.LOCAL, null, null, null);
    Checkpoints.Loaded three = r.latest().orElseThrow();
    resumed.resume(three.model(), r);
    TrainState fourth = new TrainState(4, first.learningRate(), 1, first.bestAuc(), 3, 3, false, first.epochs(),
        first.specJson());
    resumed.checkpoint(content -> r.save(three.model(), three.best(), fourth, content));
    assertTrue(!Files.exists(legacy.resolve("epoch-0003")), "the old checkpoint goes");
    assertTrue(r.bestTablesDir().toString().endsWith("legacy/epoch-0004/best-tables"), r.bestTablesDir().toString());
    assertEquals(4, r.latest().orElseThrow().state().epoch(), "the carried files are summed");
    for (String table : List.of("emb.table", "linear-emb.table")) {
      assertArrayEquals(Files.readAllBytes(FIXTURE.resolve("epoch-0001/best-tables/" + table)),
          Files.readAllBytes(legacy.resolve("epoch-0004/best-tables/" + table)), table + " carried on as it was");
    }
    LocalTable resumedEmb = TableBinding.tablesOf(three.model()).local("emb");
    TableRows.write(resumedEmb, 5, moved, 0);
    resumed.export(r);
    LocalTable fixtureBest = new Checkpoints(FIXTURE.toString(), CONF).bestTables().get("emb");
    assertArrayEquals(fullRow(fixtureBest, 5), fullRow(resumedEmb, 5), "the carried best tables are the bundle's");
  }

  private static float[] fullRow(LocalTable t, long id) {
    float[] out = new float[TableRows.stride(t)];
    TableRows.read(t, id, out, 0);
    return out;
  }
}
