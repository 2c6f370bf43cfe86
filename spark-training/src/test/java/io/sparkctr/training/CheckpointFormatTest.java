package io.sparkctr.training;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparkctr.common.json.Json;
import io.sparkctr.features.TestFiles;
import io.sparkctr.models.layers.TableBinding;
import io.sparkctr.models.tables.LocalTable;
import io.sparkctr.models.tables.ModelTables;
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
   * the new one carry the best tables itself.
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
    placement.checkpoint(content -> c.save(loaded.model(), loaded.best(), second, content));
    assertTrue(Files.isDirectory(kept.resolve("epoch-0001/tables")), "the best epoch's checkpoint is kept");
    assertTrue(Files.isDirectory(kept.resolve("epoch-0002/tables")));
    assertTrue(!Files.exists(kept.resolve("epoch-0002/best-tables")), "no second copy of the best tables");
    assertTrue(c.bestTablesDir().toString().endsWith("kept/epoch-0001/tables"), c.bestTablesDir().toString());
    assertEquals(List.of("emb", "linear-emb"), List.copyOf(c.bestTables().keySet()));

    Path resumed = dir.resolve("resumed"); // the best epoch's checkpoint is not in this directory
    Checkpoints r = new Checkpoints(resumed.toString(), CONF);
    placement.checkpoint(content -> r.save(loaded.model(), loaded.best(), second, content));
    assertTrue(Files.isDirectory(resumed.resolve("epoch-0002/best-tables")), "the best tables carried along");
    assertTrue(r.bestTablesDir().toString().endsWith("resumed/epoch-0002/best-tables"), r.bestTablesDir().toString());
    assertArrayEquals(Files.readAllBytes(FIXTURE.resolve("epoch-0001/best-tables/emb.table")),
        Files.readAllBytes(resumed.resolve("epoch-0002/best-tables/emb.table")));
  }
}
