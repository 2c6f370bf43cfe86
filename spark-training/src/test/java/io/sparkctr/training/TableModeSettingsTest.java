package io.sparkctr.training;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparkctr.common.config.ConfigLoader;
import io.sparkctr.training.tables.TablePlacement;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code training.tables}, {@code table-base-port} and {@code table-timeout}: defaults and checks. */
class TableModeSettingsTest {
  @TempDir
  Path dir;

  private TrainSettings load(String conf) throws Exception {
    File f = dir.resolve("t.conf").toFile();
    Files.writeString(f.toPath(), conf);
    return TrainSettings.from(ConfigLoader.load(f), f.toString());
  }

  @Test
  void shardedByDefaultReplicatedOnRequest() throws Exception {
    TrainSettings d = load("");
    assertEquals(TablePlacement.Kind.SHARDED, d.tables());
    assertTrue(d.shardedTables());
    assertEquals(25300, d.tableBasePort());
    assertEquals(Duration.ofSeconds(30), d.tableTimeout());
    assertEquals(100, d.averagingFrequency());
    TrainSettings r = load("sparkctr.training.tables = Replicated\n");
    assertEquals(TablePlacement.Kind.REPLICATED, r.tables());
    assertFalse(r.shardedTables());
  }

  @Test
  void rejectsUnknownModesOverlappingPortsAndNonPositiveTimeouts() {
    assertMessage("training.tables 'remote' is not one of [replicated, sharded]",
        () -> load("sparkctr.training.tables = remote\n"));
    assertMessage("overlaps gradient-sharing.executor-base-port 24200",
        () -> load("sparkctr.training.table-base-port = 24250\n"));
    assertMessage("controller-port 25350 falls inside training.table-base-port 25300",
        () -> load("sparkctr.training.gradient-sharing.controller-port = 25350\n"));
    assertMessage("must leave room for 100 executors", () -> load("sparkctr.training.table-base-port = 65500\n"));
    assertMessage("training.table-timeout PT0S must be positive", () -> load("sparkctr.training.table-timeout = 0s\n"));
  }

  @Test
  void theMasterIsAnEnumSpelledAsInTheConfig() throws Exception {
    assertEquals(TrainSettings.Master.PARAMETER_AVERAGING, load("").master());
    assertEquals(TrainSettings.Master.GRADIENT_SHARING, load("sparkctr.training.master = Gradient-Sharing\n").master());
    assertEquals(java.util.List.of("parameter-averaging", "gradient-sharing"), TrainSettings.Master.configNames());
    assertMessage("Cannot train: training.master 'allreduce' is not one of [parameter-averaging, gradient-sharing]",
        () -> load("sparkctr.training.master = allreduce\n"));
  }

  private static void assertMessage(String part, org.junit.jupiter.api.function.Executable e) {
    IllegalArgumentException x = assertThrows(IllegalArgumentException.class, e);
    assertTrue(x.getMessage().contains(part), x.getMessage());
  }
}
