package io.sparkctr.jobs.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparkctr.features.SparkTestSession;
import io.sparkctr.features.TestFiles;
import io.sparkctr.jobs.PlantedFeatures;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * User errors and faults of the machine end in one clear line, no stack trace, nothing left behind,
 * and their exit code: bad input or configuration 2, the environment 1 (a full disk and a read-only
 * output injected through {@link FaultyFileSystem}). Through {@link Main#run}.
 */
@Tag("integration")
class CleanFailuresCliTest {
  @TempDir
  static Path dir;
  static Path conf;

  @BeforeAll
  static void config() throws Exception {
    FaultyFileSystem.register(SparkTestSession.get().sparkContext().hadoopConfiguration());
    conf = dir.resolve("small.conf");
    Files.writeString(conf, "include \"" + PlantedFeatures.PRESET.getAbsoluteFile() + "\"\n" + PlantedFeatures.SMALL
        + "\nsparkctr.training.epochs = 1\n");
  }

  private static Path model;

  /** One small trained bundle, shared by the tests that need one. */
  private static synchronized Path model() {
    if (model == null) {
      Path m = dir.resolve("model");
      assertEquals(Main.EXIT_OK, CliTest.run("train", "--conf", conf.toString(), "--features",
          PlantedFeatures.features(), "--model-out", m.toString()).code());
      model = m;
    }
    return model;
  }

  @AfterEach
  void healthy() {
    FaultyFileSystem.mode = FaultyFileSystem.Mode.OK;
  }

  private static CliTest.Run fails(int code, String contains, String... argv) {
    CliTest.Run r = CliTest.run(argv);
    assertEquals(code, r.code(), r.out() + r.err());
    String last = r.err().strip().lines().reduce((a, b) -> b).orElse("");
    assertTrue(last.contains(contains), "the last line says it: " + r.err());
    assertFalse(r.err().contains("\tat "), "no stack trace: " + r.err());
    return r;
  }

  private static List<String> leftovers(Path p) throws Exception {
    try (Stream<Path> s = Files.walk(p)) {
      return s.map(x -> x.getFileName().toString()).filter(n -> n.contains(".tmp-") || n.contains(".staging-"))
          .toList();
    }
  }

  @Test
  void aModelDirectoryOrAnEmptiedSplitGivenAsFeaturesIsNamed() throws Exception {
    Path model = model();
    fails(Main.EXIT_BAD_INPUT, "it is a model bundle (it holds bundle.json), not the output of `sparkctr features`",
        "train", "--conf", conf.toString(), "--features", model.toString(), "--model-out",
        dir.resolve("m1").toString());

    Path emptied = dir.resolve("emptied");
    TestFiles.copyTree(Path.of(PlantedFeatures.features()), emptied,
        p -> !(p.getParent().getFileName().toString().equals("train") && p.toString().contains("part-")));
    fails(Main.EXIT_BAD_INPUT, "its train/ split holds no Parquet part files", "train", "--conf", conf.toString(),
        "--features", emptied.toString(), "--model-out", dir.resolve("m2").toString());
  }

  @Test
  void aReferenceInASetIsRefusedInTheProjectsWords() {
    CliTest.Run r = fails(Main.EXIT_BAD_INPUT, "cannot refer to other settings", "train", "--conf", conf.toString(),
        "--features", PlantedFeatures.features(), "--model-out", dir.resolve("m3").toString(), "--set",
        "training.epochs=${NOPE}");
    assertFalse(r.err().contains("Config#resolve") || r.err().contains("ConfigReference"), r.err());
  }

  @Test
  void aFullDiskDuringTrainingIsExitOneNamingItWithNoCheckpointTemporaryLeft() throws Exception {
    Path ck = dir.resolve("full-ck");
    FaultyFileSystem.budget.set(2); // the directory's marker and manifest fit, the first checkpoint does not
    FaultyFileSystem.mode = FaultyFileSystem.Mode.FULL;
    fails(Main.EXIT_FAILURE, "No space left on device", "train", "--conf", conf.toString(), "--features",
        PlantedFeatures.features(), "--model-out", dir.resolve("m4").toString(), "--checkpoints",
        FaultyFileSystem.SCHEME + "://" + ck);
    assertEquals(List.of(), leftovers(ck));
    assertFalse(Files.exists(dir.resolve("m4")));
  }

  @Test
  void aReadOnlyOutputIsExitOneSayingSo() throws Exception {
    FaultyFileSystem.mode = FaultyFileSystem.Mode.READ_ONLY;
    fails(Main.EXIT_FAILURE, "Read-only file system", "features", "--conf", conf.toString(), "--input",
        PlantedFeatures.logs(), "--output", FaultyFileSystem.SCHEME + "://" + dir.resolve("ro-out"));
    assertFalse(Files.exists(dir.resolve("ro-out")));
    assertEquals(List.of(), leftovers(dir));
  }

  @Test
  void aZeroByteGzipAmongTheInputsIsExitTwoNamingIt() throws Exception {
    Path in = dir.resolve("gz-in");
    Files.createDirectories(in);
    try (Stream<Path> s = Files.list(Path.of(PlantedFeatures.logs()))) {
      Path csv = s.filter(p -> p.toString().endsWith(".csv")).findFirst().orElseThrow();
      Files.copy(csv, in.resolve("day1.csv"));
    }
    Files.createFile(in.resolve("day2.csv.gz"));
    fails(Main.EXIT_BAD_INPUT, "day2.csv.gz", "features", "--conf", conf.toString(), "--input", in.toString(),
        "--output", dir.resolve("gz-out").toString());
    assertFalse(Files.exists(dir.resolve("gz-out")));
  }

  @Test
  void evaluatingOnUnlabelledLogsIsRefusedBeforeAnyTaskRuns() throws Exception {
    Path model = model();
    Path in = dir.resolve("unlabelled");
    Files.createDirectories(in);
    try (Stream<Path> s = Files.list(Path.of(PlantedFeatures.logs()))) {
      Path csv = s.filter(p -> p.toString().endsWith(".csv")).findFirst().orElseThrow();
      List<String> lines = Files.readAllLines(csv);
      int label = List.of(lines.get(0).split(",")).indexOf("label");
      List<String> cut = lines.stream().map(l -> {
        List<String> f = new java.util.ArrayList<>(List.of(l.split(",", -1)));
        f.remove(label);
        return String.join(",", f);
      }).toList();
      Files.write(in.resolve("day.csv"), cut);
    }
    long jobsBefore = SparkTestSession.get().sparkContext().statusTracker().getJobIdsForGroup(null).length;
    fails(Main.EXIT_BAD_INPUT, "its columns have no label field 'label'", "evaluate", "--model", model.toString(),
        "--logs", in.toString(), "--report-out", dir.resolve("rep-unl").toString());
    assertFalse(Files.exists(dir.resolve("rep-unl")));
    assertEquals(jobsBefore, SparkTestSession.get().sparkContext().statusTracker().getJobIdsForGroup(null).length,
        "no Spark job ran (no task could fail with a trace)");
  }
}
