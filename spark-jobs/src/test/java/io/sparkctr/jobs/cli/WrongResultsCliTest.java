package io.sparkctr.jobs.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparkctr.features.SparkTestSession;
import io.sparkctr.features.TestFiles;
import io.sparkctr.jobs.PlantedFeatures;
import io.sparkctr.ml.CtrClassificationModel;
import io.sparkctr.models.bundle.ModelBundle;
import io.sparkctr.models.bundle.NonFinitePrediction;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * No wrong model or score is published with exit 0 (hardening): untrainable labels are refused with
 * their counts; a damaged bundle is named before it scores; a model predicting NaN fails scoring and
 * evaluation naming the row; a resume on features of another transform is refused; an infinite
 * setting is refused at load. Through {@link Main#run}; nothing is left at the output.
 */
@Tag("integration")
class WrongResultsCliTest {
  @TempDir
  static Path dir;
  static Path conf;
  static Path model;

  @BeforeAll
  static void trainOnce() throws Exception {
    SparkTestSession.get();
    conf = dir.resolve("small.conf");
    Files.writeString(conf, "include \"" + PlantedFeatures.PRESET.getAbsoluteFile() + "\"\n" + PlantedFeatures.SMALL
        + "\nsparkctr.training.epochs = 1\n");
    model = dir.resolve("model");
    CliTest.Run r = CliTest.run("train", "--conf", conf.toString(), "--features", PlantedFeatures.features(),
        "--model-out", model.toString());
    assertEquals(Main.EXIT_OK, r.code(), r.err());
  }

  private static CliTest.Run refused(int code, String contains, Path output, String... argv) {
    CliTest.Run r = CliTest.run(argv);
    assertEquals(code, r.code(), r.out() + r.err());
    assertTrue(r.err().contains(contains), r.err());
    assertFalse(r.err().contains("\tat "), "no stack trace: " + r.err());
    assertFalse(Files.exists(output), "nothing published at " + output);
    return r;
  }

  private static Path copyOfModel(String name) throws Exception {
    return TestFiles.copyTree(model, dir.resolve(name));
  }

  @Test
  void aBundleWithAFlippedByteIsNamedBeforeItScores() throws Exception {
    Path broken = copyOfModel("flipped");
    Path table = broken.resolve("tables/emb.table");
    byte[] bytes = Files.readAllBytes(table);
    bytes[bytes.length / 2] ^= 0x40;
    Files.write(table, bytes);
    Files.deleteIfExists(broken.resolve("tables/.emb.table.crc"));
    refused(Main.EXIT_BAD_INPUT, "tables/emb.table fails its checksum", dir.resolve("scores-flipped"), "score",
        "--model", broken.toString(), "--input", PlantedFeatures.logs(), "--output",
        dir.resolve("scores-flipped").toString());
  }

  @Test
  void aModelPredictingNanFailsScoringAndEvaluationNamingTheRow() throws Exception {
    ModelBundle b = ModelBundle.read(model);
    var emb = b.tables().local("emb");
    float[] nanRow = new float[emb.dim()];
    java.util.Arrays.fill(nanRow, Float.NaN);
    for (long r = 0; r < emb.rows(); r++) {
      emb.setWeights(r, nanRow, 0);
    }
    Path nan = dir.resolve("nan-model");
    b.write(nan);
    Files.createFile(nan.resolve("_SPARKCTR_COMPLETE"));
    refused(Main.EXIT_BAD_INPUT, "the model predicts NaN for row ", dir.resolve("scores-nan"), "score", "--model",
        nan.toString(), "--input", PlantedFeatures.logs(), "--output", dir.resolve("scores-nan").toString());
    refused(Main.EXIT_BAD_INPUT, "Cannot evaluate: the model predicts NaN for row ", dir.resolve("report-nan"),
        "evaluate", "--model", nan.toString(), "--features", PlantedFeatures.features(), "--report-out",
        dir.resolve("report-nan").toString());

    // the Spark ML model fails the action that meets the row (lazily, on the executor)
    var spark = SparkTestSession.get();
    var logs = spark.read().option("header", true).csv(PlantedFeatures.logs());
    var scored = CtrClassificationModel.load(nan.toString()).transform(logs);
    Exception e = assertThrows(Exception.class, () -> scored.select("clickProbability").collectAsList());
    boolean named = false;
    for (Throwable t = e; t != null; t = t.getCause()) {
      named |= t instanceof NonFinitePrediction && t.getMessage().startsWith("Cannot transform: the model predicts NaN");
    }
    assertTrue(named, "NonFinitePrediction in the cause chain: " + e);
  }

  @Test
  void trainingDataWithoutClicksIsRefusedWithItsCounts() throws Exception {
    Path gen = dir.resolve("gen0");
    assertEquals(Main.EXIT_OK, CliTest.run("generate", "--rows", "3000", "--days", "4", "--seed", "2", "--out",
        gen.toString()).code());
    try (Stream<Path> s = Files.list(gen.resolve("logs"))) {
      for (Path csv : s.filter(p -> p.toString().endsWith(".csv")).toList()) {
        List<String> lines = Files.readAllLines(csv);
        for (int i = 1; i < lines.size(); i++) {
          String[] f = lines.get(i).split(",", 3);
          lines.set(i, f[0] + ",0," + f[2]); // label column: no clicks at all
        }
        Files.write(csv, lines);
        Files.deleteIfExists(csv.resolveSibling("." + csv.getFileName() + ".crc"));
      }
    }
    Path features = dir.resolve("features0");
    CliTest.Run r = CliTest.run("features", "--conf", conf.toString(), "--input", gen.resolve("logs").toString(),
        "--output", features.toString());
    assertEquals(Main.EXIT_OK, r.code(), r.err());
    assertTrue(r.out().contains("sparkctr features: warning: the train split has ") && r.out().contains(" and 0 clicks"),
        "the summary warns: " + r.out());
    assertTrue(Files.readString(features.resolve("manifest.json")).contains("\"warnings\" : [ \"the test split has"),
        "and so does the manifest");
    refused(Main.EXIT_BAD_INPUT, "split has ", dir.resolve("m0"), "train", "--conf", conf.toString(), "--features",
        features.toString(), "--model-out", dir.resolve("m0").toString());
    r = CliTest.run("train", "--conf", conf.toString(), "--features", features.toString(), "--model-out",
        dir.resolve("m0").toString());
    assertTrue(r.err().contains(" clicks; training and validation each need both clicks and non-clicks"), r.err());
  }

  @Test
  void resumingOnFeaturesOfAnotherTransformIsRefusedNamingTheDifference() throws Exception {
    Path ck = dir.resolve("ck");
    CliTest.Run r = CliTest.run("train", "--conf", conf.toString(), "--features", PlantedFeatures.features(),
        "--model-out", dir.resolve("m1").toString(), "--checkpoints", ck.toString(), "--set",
        "training.keep-checkpoints=true");
    assertEquals(Main.EXIT_OK, r.code(), r.err());
    Path other = dir.resolve("features-other");
    r = CliTest.run("features", "--conf", conf.toString(), "--input", PlantedFeatures.logs(), "--output",
        other.toString(), "--set", "features.numeric-transform.quantile-buckets=5");
    assertEquals(Main.EXIT_OK, r.code(), r.err());
    refused(Main.EXIT_BAD_INPUT, "another transform than the checkpoints were trained on (slot ", dir.resolve("m2"),
        "train", "--conf", conf.toString(), "--features", other.toString(), "--model-out",
        dir.resolve("m2").toString(), "--checkpoints", ck.toString(), "--resume", "--set", "training.epochs=2");
  }

  @Test
  void anInfiniteLearningRateIsRefusedAtLoad() {
    refused(Main.EXIT_BAD_INPUT, "key 'sparkctr.model.learning-rate' is not a finite number (read as Infinity; --set "
        + "model.learning-rate=1e400)",
        dir.resolve("m3"), "train", "--conf", conf.toString(), "--features", PlantedFeatures.features(),
        "--model-out", dir.resolve("m3").toString(), "--set", "model.learning-rate=1e400");
  }

  @Test
  void anIncludeOfAMissingFileIsAnErrorNamingIt() throws Exception {
    Path inc = dir.resolve("inc.conf");
    for (String spelled : List.of("include \"p-missing.conf\"", "include required(\"p-missing.conf\")")) {
      Files.writeString(inc, spelled + "\n");
      refused(Main.EXIT_BAD_INPUT, dir.resolve("p-missing.conf") + ", which does not exist", dir.resolve("m5"),
          "train", "--conf", inc.toString(), "--features", dir.resolve("none").toString(), "--model-out",
          dir.resolve("m5").toString());
    }
  }
}
