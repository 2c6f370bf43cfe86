package io.sparkctr.jobs.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparkctr.common.output.StagedOutput;
import io.sparkctr.features.SparkTestSession;
import io.sparkctr.jobs.PlantedFeatures;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import java.util.zip.CRC32;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Nothing of the user's is deleted (hardening, data loss): configuration files and their includes
 * are inputs no output replaces; {@code --checkpoints} never takes a directory that is not a
 * training run's, and a run removes only its own files; a second run on a live run's output fails
 * at once. Through {@link Main#run}, with every file's checksum compared before and after.
 */
@Tag("integration")
class DataLossCliTest {
  @TempDir
  Path dir;

  /** Relative path → CRC32 of every file under {@code root}. */
  static Map<String, Long> checksums(Path root) throws Exception {
    Map<String, Long> sums = new TreeMap<>();
    try (Stream<Path> s = Files.walk(root)) {
      for (Path p : s.filter(Files::isRegularFile).toList()) {
        CRC32 crc = new CRC32();
        crc.update(Files.readAllBytes(p));
        sums.put(root.relativize(p).toString(), crc.getValue());
      }
    }
    return sums;
  }

  private Path smallConf(String name) throws Exception {
    Path conf = dir.resolve(name);
    Files.writeString(conf, "include \"" + PlantedFeatures.PRESET.getAbsoluteFile() + "\"\n" + PlantedFeatures.SMALL
        + "\nsparkctr.training.epochs = 1\n");
    return conf;
  }

  private void assertRefused(int code, String contains, String... argv) throws Exception {
    Map<String, Long> before = checksums(dir);
    CliTest.Run r = CliTest.run(argv);
    assertEquals(code, r.code(), r.err());
    assertTrue(r.err().contains(contains), r.err());
    assertFalse(r.err().contains("\tat "), "no stack trace: " + r.err());
    assertEquals(before, checksums(dir), "every file as it was");
  }

  @Test
  void noOutputReplacesAConfigurationFileOrAnInclude() throws Exception {
    SparkTestSession.get();
    Path p2 = smallConf("p2.conf");
    Path inc = dir.resolve("inc.conf");
    Files.writeString(inc, "include \"p2.conf\"\n");
    assertRefused(Main.EXIT_BAD_INPUT, "it contains the configuration file", "features", "--conf", p2.toString(),
        "--output", p2.toString(), "--set", "features.output.overwrite=true");
    assertRefused(Main.EXIT_BAD_INPUT, "it contains the configuration file", "features", "--conf", inc.toString(),
        "--output", p2.toString(), "--set", "features.output.overwrite=true");
    assertRefused(Main.EXIT_BAD_INPUT, "it contains the configuration file", "features", "--conf", inc.toString(),
        "--output", dir.toString(), "--set", "features.output.overwrite=true");
    assertRefused(Main.EXIT_BAD_INPUT, "it contains the configuration file", "evaluate", "--conf", inc.toString(),
        "--model", dir.resolve("none").toString(), "--features", dir.resolve("none").toString(), "--report-out",
        inc.toString(), "--overwrite");
    assertRefused(Main.EXIT_BAD_INPUT, "it contains the configuration file", "train", "--conf", inc.toString(),
        "--features", dir.resolve("none").toString(), "--model-out", p2.toString(), "--overwrite");
    assertRefused(Main.EXIT_BAD_INPUT, "it contains the configuration file", "train", "--conf", inc.toString(),
        "--features", dir.resolve("none").toString(), "--model-out", dir.resolve("m").toString(), "--checkpoints",
        p2.toString());
  }

  @Test
  void checkpointsNeverTakeTheUsersDirectoryAndARunRemovesOnlyItsOwnFiles() throws Exception {
    SparkTestSession.get();
    Path conf = smallConf("small.conf");
    Path ckdata = dir.resolve("ckdata");
    Files.createDirectories(ckdata.resolve("raw"));
    Files.writeString(ckdata.resolve("raw/day1.csv"), "label,c1\n1,a\n");
    Files.writeString(ckdata.resolve("notes.txt"), "the user's");
    assertRefused(Main.EXIT_BAD_INPUT, "Cannot use checkpoint directory", "train", "--conf", conf.toString(),
        "--features", PlantedFeatures.features(), "--model-out", dir.resolve("m1").toString(), "--checkpoints",
        ckdata.toString());
    assertFalse(Files.exists(dir.resolve("m1")));

    Path given = dir.resolve("given");
    Files.createDirectories(given);
    CliTest.Run r = CliTest.run("train", "--conf", conf.toString(), "--features", PlantedFeatures.features(),
        "--model-out", dir.resolve("m2").toString(), "--checkpoints", given.toString());
    assertEquals(Main.EXIT_OK, r.code(), r.err());
    assertTrue(Files.isDirectory(given), "a directory the run did not create stays");
    try (Stream<Path> s = Files.list(given)) {
      assertEquals(List.of(), s.toList(), "emptied of the run's checkpoints");
    }

    // the published bundle as --checkpoints of the next run: refused, all of its files kept
    Path m2 = dir.resolve("m2");
    Map<String, Long> bundle = checksums(m2);
    assertRefused(Main.EXIT_BAD_INPUT, "which are not checkpoints of a sparkctr training run", "train", "--conf",
        conf.toString(), "--features", PlantedFeatures.features(), "--model-out", dir.resolve("m3").toString(),
        "--checkpoints", m2.toString());
    assertEquals(bundle, checksums(m2));
    assertTrue(bundle.size() >= 5, bundle.toString());
  }

  @Test
  void aSecondRunOnALiveRunsOutputFailsAtOnceAndLeavesItsStagingAlone() throws Exception {
    var spark = SparkTestSession.get();
    Path out = dir.resolve("features");
    // the other run: a live staging directory with its heartbeat, as a features job has while it runs
    try (StagedOutput other = StagedOutput.begin(out.toString(), false, spark.sparkContext().hadoopConfiguration())) {
      other.writeText("part-0", "being written");
      assertRefused(Main.EXIT_FAILURE, "is writing it", "features", "--conf", PlantedFeatures.PRESET.toString(),
          "--input", PlantedFeatures.logs(), "--output", out.toString());
      assertTrue(Files.exists(Path.of(other.staging().toUri()).resolve("part-0")), "the live run's staging stays");
      other.publish();
    }
    assertEquals("being written", Files.readString(out.resolve("part-0")));
  }
}
