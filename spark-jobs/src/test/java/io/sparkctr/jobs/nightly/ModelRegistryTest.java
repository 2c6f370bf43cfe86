package io.sparkctr.jobs.nightly;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparkctr.common.output.StagedOutput;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The registry's pointer on a real local file system, without a Spark run. */
class ModelRegistryTest {
  @TempDir
  Path dir;

  @Test
  void currentFollowsPublishAndOnlyNamesCompleteVersions() throws Exception {
    ModelRegistry r = new ModelRegistry(dir.toString(), new Configuration());
    assertEquals(Optional.empty(), r.current());
    assertThrows(IllegalStateException.class, () -> r.publish("2026-11-30"));
    Files.createDirectories(dir.resolve("versions/2026-11-30"));
    Files.writeString(dir.resolve("versions/2026-11-30/result.json"), "{}");
    assertThrows(IllegalStateException.class, () -> r.publish("2026-11-30"), "not complete without its marker");
    assertEquals(Optional.empty(), r.readText("2026-11-30", "result.json"));
    Files.createFile(dir.resolve("versions/2026-11-30/" + StagedOutput.COMPLETE));
    r.publish("2026-11-30");
    assertEquals(Optional.of("2026-11-30"), r.current());
    assertEquals(Optional.of("{}"), r.readText("2026-11-30", "result.json"));
    assertEquals(Optional.empty(), r.readText("2026-11-30", "absent.json"));
    Files.createDirectories(dir.resolve("versions/2026-12-01"));
    Files.createFile(dir.resolve("versions/2026-12-01/" + StagedOutput.COMPLETE));
    r.publish("2026-12-01");
    assertEquals(Optional.of("2026-12-01"), r.current());
    try (Stream<Path> s = Files.list(dir)) {
      assertTrue(s.noneMatch(p -> p.getFileName().toString().contains(".tmp-")), "no temporary pointer left");
    }
  }

  @Test
  void aPointerToAMissingVersionIsAClearError() throws Exception {
    Files.writeString(dir.resolve("CURRENT"), "2020-01-01\n");
    ModelRegistry r = new ModelRegistry(dir.toString(), new Configuration());
    String m = assertThrows(IllegalArgumentException.class, r::current).getMessage();
    assertTrue(m.contains("CURRENT names '2020-01-01'") && m.contains("sparkctr registry repair"), m);
  }
}
