package io.sparkctr.common.output;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Staging is removed on any failure, leftovers of killed runs are cleaned, publish is one rename. */
class StagedOutputTest {
  static final Configuration CONF = new Configuration();
  @TempDir
  Path dir;

  private long hidden() throws Exception {
    try (Stream<Path> s = Files.list(dir)) {
      return s.filter(p -> p.getFileName().toString().startsWith(".")).count();
    }
  }

  @Test
  void aFailureOfAnyKindLeavesNothing() throws Exception {
    String out = dir.resolve("out").toString();
    Exception checked = new java.io.IOException("like Spark's SparkException, checked");
    assertThrows(Exception.class, () -> {
      try (StagedOutput o = StagedOutput.begin(out, false, CONF)) {
        o.writeText("part", "x");
        throw checked;
      }
    });
    assertEquals(0, hidden());
    assertFalse(Files.exists(dir.resolve("out")));
  }

  private static void age(Path p, Duration by) throws Exception {
    try (Stream<Path> s = Files.walk(p)) {
      for (Path q : s.toList()) {
        Files.setLastModifiedTime(q, FileTime.fromMillis(System.currentTimeMillis() - by.toMillis()));
      }
    }
  }

  @Test
  void leftoversOfAKilledRunAreCleanedByTheNextRun() throws Exception {
    Files.createDirectories(dir.resolve(".out.staging-dead-run/sub"));
    age(dir.resolve(".out.staging-dead-run"), Duration.ofMinutes(3)); // killed three minutes ago
    try (StagedOutput o = StagedOutput.begin(dir.resolve("out").toString(), false, CONF)) {
      o.writeText("x", "1");
      o.publish();
    }
    assertEquals(0, hidden());
    assertEquals("1", Files.readString(dir.resolve("out/x")));
    assertTrue(Files.exists(dir.resolve("out/" + StagedOutput.COMPLETE)), "the completion marker is written");
    StagedOutput.requireComplete(dir.resolve("out").toString(), CONF, "test output");
  }

  @Test
  void aSecondWriterFailsAtOnceAndLeavesTheLiveRunsStagingAlone() throws Exception {
    String out = dir.resolve("out").toString();
    Configuration conf = new Configuration();
    conf.set(StagedOutput.APPLICATION_ID_KEY, "app-1");
    try (StagedOutput first = StagedOutput.begin(out, false, conf)) {
      first.writeText("x", "1");
      OutputInUseException e = assertThrows(OutputInUseException.class, () -> StagedOutput.begin(out, false, CONF));
      assertTrue(e.getMessage().startsWith("Cannot write ") && e.getMessage().contains("another run (app app-1, host ")
          && e.getMessage().contains("is writing it"), e.getMessage());
      assertTrue(Files.isDirectory(Path.of(first.staging().toUri())), "the live run's staging directory stays");
      assertEquals(1, hidden(), "only the first run's staging directory");
      first.publish();
    }
    assertEquals("1", Files.readString(dir.resolve("out/x")));
    assertFalse(Files.exists(dir.resolve("out/" + StagingOwner.FILE)), "the owner file is not published");
    assertEquals(0, hidden());
  }

  @Test
  void aStagingDirectoryWhoseHeartbeatStoppedIsADeadRunsAndIsRemoved() throws Exception {
    Path dead = dir.resolve(".out.staging-dead");
    Files.createDirectories(dead);
    long stopped = System.currentTimeMillis() - Duration.ofMinutes(3).toMillis();
    Files.writeString(dead.resolve(StagingOwner.FILE), "app app-0, host h, pid 1, started then\n" + stopped + "\n");
    Files.setLastModifiedTime(dead.resolve(StagingOwner.FILE), FileTime.fromMillis(stopped)); // as last beaten
    try (StagedOutput o = StagedOutput.begin(dir.resolve("out").toString(), false, CONF)) {
      assertFalse(Files.exists(dead));
      o.publish();
    }
    Files.createDirectories(dead);
    Files.writeString(dead.resolve(StagingOwner.FILE), "app app-0, host h, pid 1, started then\n"
        + System.currentTimeMillis() + "\n");
    assertThrows(OutputInUseException.class, () -> StagedOutput.begin(dir.resolve("out").toString(), true, CONF));
    assertTrue(Files.exists(dead), "a fresh heartbeat: never removed");
  }

  @Test
  void readersRefuseADirectoryWithoutTheCompletionMarker() throws Exception {
    Files.createDirectories(dir.resolve("copied"));
    String m = assertThrows(IllegalArgumentException.class,
        () -> StagedOutput.requireComplete(dir.resolve("copied").toString(), CONF, "features")).getMessage();
    assertTrue(m.startsWith("Cannot read features ") && m.contains("no _SPARKCTR_COMPLETE marker"), m);
  }

  @Test
  void aTargetMovedAsideByAnInterruptedPublishIsPutBack() throws Exception {
    Files.createDirectories(dir.resolve(".out.replaced-dead-run"));
    Files.writeString(dir.resolve(".out.replaced-dead-run/x"), "old");
    String m = assertThrows(IllegalArgumentException.class,
        () -> StagedOutput.begin(dir.resolve("out").toString(), false, CONF)).getMessage();
    assertTrue(m.contains("already exists") && m.contains("--overwrite"), m);
    assertEquals("old", Files.readString(dir.resolve("out/x")));
    assertEquals(0, hidden());
  }

  @Test
  void anOutputHoldingTheInputIsRefusedBeforeAnythingIsWritten() throws Exception {
    Files.createDirectories(dir.resolve("in"));
    String m = assertThrows(IllegalArgumentException.class, () -> StagedOutput.begin(dir.toString(), true, CONF,
        OutputGuard.Read.input(dir.resolve("in").toString()))).getMessage();
    assertTrue(m.contains("it contains the input"), m);
    assertTrue(Files.exists(dir.resolve("in")));
    assertEquals(0, hidden());
  }
}
