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
    assertEquals(List.of("best-tables/emb.table", "best-tables/linear-emb.table", "best.bin", "model.zip",
        "state.json", "tables/emb.table", "tables/linear-emb.table"), summed);
    assertEquals(1, c.latest().orElseThrow().state().epoch(), "its own sums verify");
    Path oldEpoch = FIXTURE.resolve("epoch-0001");
    for (String table : List.of("tables/emb.table", "tables/linear-emb.table", "best-tables/emb.table",
        "best-tables/linear-emb.table")) {
      assertArrayEquals(Files.readAllBytes(oldEpoch.resolve(table)), Files.readAllBytes(epoch.resolve(table)),
          table + " written back as it was read");
    }

    byte[] bytes = Files.readAllBytes(epoch.resolve("tables/emb.table"));
    bytes[bytes.length / 2] ^= 0x01;
    Files.write(epoch.resolve("tables/emb.table"), bytes);
    Files.deleteIfExists(epoch.resolve("tables/.emb.table.crc")); // Hadoop's own sum would answer first
    String m = assertThrows(IllegalArgumentException.class, c::latest).getMessage();
    assertTrue(m.startsWith("Cannot read checkpoint ") && m.contains("epoch-0001: tables/emb.table fails its checksum"),
        m);
  }
}
