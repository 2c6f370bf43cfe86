package io.sparkctr.training;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparkctr.training.progress.EpochLog;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A checkpoint directory is claimed before training; a run removes only what runs write there. */
class CheckpointDirTest {
  static final Configuration CONF = new Configuration();
  @TempDir
  Path dir;

  private static List<String> names(Path p) throws Exception {
    try (Stream<Path> s = Files.list(p)) {
      return s.map(x -> x.getFileName().toString()).filter(n -> !n.endsWith(".crc")).sorted().toList();
    }
  }

  @Test
  void aDirectoryHoldingTheUsersFilesIsRefusedNamingThemAndKeptWhole() throws Exception {
    Path ck = dir.resolve("ckdata");
    Files.createDirectories(ck.resolve("sub"));
    Files.writeString(ck.resolve("notes.txt"), "mine");
    Checkpoints c = new Checkpoints(ck.toString(), CONF);
    String m = assertThrows(IllegalArgumentException.class, c::claim).getMessage();
    assertTrue(m.startsWith("Cannot use checkpoint directory ") && m.contains("notes.txt") && m.contains("sub"), m);
    c.delete();
    assertEquals(List.of("notes.txt", "sub"), names(ck), "nothing of the user's is removed");
  }

  @Test
  void aPublishedBundleIsNoCheckpointDirectory() throws Exception {
    Path bundle = dir.resolve("model_base");
    Files.createDirectories(bundle.resolve("tables"));
    Files.writeString(bundle.resolve("bundle.json"), "{}");
    Files.writeString(bundle.resolve("_SPARKCTR_COMPLETE"), "");
    assertThrows(IllegalArgumentException.class, () -> new Checkpoints(bundle.toString(), CONF).claim());
    assertEquals(List.of("_SPARKCTR_COMPLETE", "bundle.json", "tables"), names(bundle));
  }

  @Test
  void aDirectoryTheRunCreatedGoesWithItsFiles() throws Exception {
    Path ck = dir.resolve("new");
    Checkpoints c = new Checkpoints(ck.toString(), CONF);
    c.claim();
    c.claim(); // idempotent
    Files.createDirectories(ck.resolve("epoch-0001"));
    Files.writeString(ck.resolve(EpochLog.FILE), "{}\n");
    c.delete();
    assertFalse(Files.exists(ck));
  }

  @Test
  void anExistingDirectoryStaysAndOnlyTheRunsFilesGo() throws Exception {
    Path ck = dir.resolve("given");
    Files.createDirectories(ck);
    Checkpoints c = new Checkpoints(ck.toString(), CONF);
    c.claim();
    Files.createDirectories(ck.resolve("epoch-0002"));
    Files.createDirectories(ck.resolve(".epoch-0003.tmp-x"));
    Files.writeString(ck.resolve("added-while-it-ran.txt"), "mine");
    c.delete();
    assertEquals(List.of("added-while-it-ran.txt"), names(ck));
  }

  @Test
  void checkpointsWrittenBeforeTheMarkerAreATrainingRunsAndResumable() throws Exception {
    Path ck = dir.resolve("old");
    Files.createDirectories(ck.resolve("epoch-0001"));
    Files.writeString(ck.resolve(EpochLog.FILE), "{}\n");
    Checkpoints c = new Checkpoints(ck.toString(), CONF);
    c.claim();
    assertTrue(names(ck).contains(CheckpointDir.MARKER));
    c.delete();
    assertEquals(List.of(), names(ck), "an existing directory stays, emptied of the runs' files");
  }

  @Test
  void aLoneFileThatOnlySharesARunsFileNameIsTheUsers() throws Exception {
    Path ck = dir.resolve("lone");
    Files.createDirectories(ck);
    Files.writeString(ck.resolve(EpochLog.FILE), "my own notes\n");
    assertThrows(IllegalArgumentException.class, () -> new Checkpoints(ck.toString(), CONF).claim());
    assertEquals(List.of(EpochLog.FILE), names(ck));
  }
}
