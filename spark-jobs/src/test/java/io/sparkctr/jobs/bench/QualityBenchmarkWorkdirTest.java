package io.sparkctr.jobs.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** bench-quality replaces what it writes under --workdir, so it only takes a directory of its own. */
class QualityBenchmarkWorkdirTest {
  @Test
  void aDirectoryOfTheUsersIsRefusedAndLeftAlone(@TempDir Path dir) throws Exception {
    Path user = Files.createDirectories(dir.resolve("mine"));
    Files.writeString(user.resolve("notes.txt"), "keep me");
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> QualityBenchmark.claim(user));
    assertTrue(e.getMessage().contains("did not write"), e.getMessage());
    assertEquals("keep me", Files.readString(user.resolve("notes.txt")));
    assertTrue(!Files.exists(user.resolve(QualityBenchmark.MARKER)));
  }

  @Test
  void aNewOrEmptyOrMarkedDirectoryIsTaken(@TempDir Path dir) throws Exception {
    Path fresh = dir.resolve("new");
    QualityBenchmark.claim(fresh);
    assertTrue(Files.exists(fresh.resolve(QualityBenchmark.MARKER)));
    Files.writeString(fresh.resolve("bench-quality.data"), "x");
    QualityBenchmark.claim(fresh); // its own, with its files: taken again
    Path empty = Files.createDirectories(dir.resolve("empty"));
    QualityBenchmark.claim(empty);
    assertTrue(Files.exists(empty.resolve(QualityBenchmark.MARKER)));
  }
}
