package io.sparkctr.jobs;

import org.junit.jupiter.api.Tag;
import io.sparkctr.jobs.cli.Main;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparkctr.features.SparkTestSession;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.GZIPOutputStream;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * No job destroys or reads back what it reads; a broken input file fails with exit 2 naming the
 * file (and column), with no staging directory left — through {@link Main#run}, as a user runs it.
 */
@Tag("integration")
class DataSafetyTest {
  @TempDir
  static Path dir;
  static Path gen;
  static Path logs;
  static Path overwriteConf;

  @BeforeAll
  static void generate() throws Exception {
    SparkTestSession.get();
    gen = dir.resolve("gen");
    assertEquals(Main.EXIT_OK, Main.run(new String[] {"generate", "--rows", "3000", "--days", "4", "--seed", "1",
        "--out", gen.toString()}));
    logs = gen.resolve("logs");
    overwriteConf = dir.resolve("overwrite.conf");
    Files.writeString(overwriteConf, Files.readString(PlantedFeatures.PRESET.toPath())
        + "\nsparkctr.features.output.overwrite = true\n");
  }

  private static long files(Path p) throws Exception {
    try (Stream<Path> s = Files.walk(p)) {
      return s.filter(Files::isRegularFile).count();
    }
  }

  private static void assertRefused(String contains, String... argv) throws Exception {
    long before = files(gen);
    String err = stderrOf(argv);
    assertTrue(err.contains(contains), err);
    assertEquals(before, files(gen), "nothing under the input was deleted or added");
  }

  @Test
  void featuresWithOverwriteOnTheInputOrAFolderAboveItIsRefused() throws Exception {
    assertRefused("it contains the input", "features", "--conf", overwriteConf.toString(), "--input", logs.toString(),
        "--output", logs.toString());
    assertRefused("it contains the input", "features", "--conf", overwriteConf.toString(), "--input", logs.toString(),
        "--output", gen.toString());
    assertRefused("it is inside the input", "features", "--conf", PlantedFeatures.PRESET.toString(), "--input",
        logs.toString(), "--output", logs.resolve("features").toString());
  }

  @Test
  void scoreEvaluateAndTrainRefuseOutputsHoldingWhatTheyRead() throws Exception {
    assertRefused("it contains the input", "score", "--model", dir.toString(), "--input", logs.toString(), "--output",
        gen.toString(), "--overwrite");
    assertRefused("it contains the model", "score", "--model", logs.toString(), "--input",
        "/nonexistent-sparkctr-input", "--output", gen.toString(), "--overwrite");
    Path features = dir.resolve("f");
    assertEquals(Main.EXIT_OK, Main.run(new String[] {"features", "--conf", PlantedFeatures.PRESET.toString(),
        "--input", logs.toString(), "--output", features.toString()}));
    long before = files(features);
    String err = stderrOf("evaluate", "--model", gen.toString(), "--features", features.toString(), "--report-out",
        features.toString(), "--overwrite");
    assertTrue(err.contains("it contains the input"), err);
    err = stderrOf("train", "--conf", PlantedFeatures.PRESET.toString(), "--features", features.toString(),
        "--model-out", dir.toString(), "--overwrite");
    assertTrue(err.contains("it contains the input"), err);
    err = stderrOf("train", "--conf", PlantedFeatures.PRESET.toString(), "--features", features.toString(),
        "--model-out", dir.resolve("m").toString(), "--checkpoints", features.resolve("ck").toString());
    assertTrue(err.contains("it is inside the input"), err);
    assertEquals(before, files(features));
  }

  @Test
  void scoreAndEvaluateNeverReplaceTheirConfigFile() throws Exception {
    Path out = dir.resolve("conf-in-output");
    Files.createDirectories(out);
    Path conf = out.resolve("site.conf");
    Files.writeString(conf, "include \"" + PlantedFeatures.PRESET.getAbsolutePath() + "\"\n"
        + "sparkctr.features.quarantine.max-bad-fraction = 0.5\n");
    String err = stderrOf("score", "--conf", conf.toString(), "--model", "/nonexistent-sparkctr-model", "--input",
        logs.toString(), "--output", out.toString(), "--overwrite");
    assertTrue(err.contains("it contains the configuration file"), err);
    err = stderrOf("evaluate", "--conf", conf.toString(), "--model", "/nonexistent-sparkctr-model", "--features",
        "/nonexistent-sparkctr-features", "--report-out", out.toString(), "--overwrite", "--set", "evaluation.seed=3");
    assertTrue(err.contains("it contains the configuration file"), err);
    assertTrue(Files.isRegularFile(conf), "the config file is still there");
  }

  @Test
  void aTruncatedGzipIsNamedWithExitTwoAndNoStagingLeft() throws Exception {
    Path in = dir.resolve("gz-in");
    Files.createDirectories(in);
    byte[] csv = Files.readAllBytes(firstCsv());
    ByteArrayOutputStream gz = new ByteArrayOutputStream();
    try (OutputStream o = new GZIPOutputStream(gz)) {
      o.write(csv);
    }
    byte[] whole = gz.toByteArray();
    Files.write(in.resolve("day.csv.gz"), java.util.Arrays.copyOf(whole, whole.length / 2));
    assertBrokenInput("day.csv.gz", "features", "--conf", PlantedFeatures.PRESET.toString(), "--input", in.toString(),
        "--output", dir.resolve("gz-out").toString());
  }

  @Test
  void aStaleChecksumIsNamedWithExitTwoAndNoStagingLeft() throws Exception {
    Path in = dir.resolve("crc-in");
    Files.createDirectories(in);
    byte[] csv = Files.readAllBytes(firstCsv());
    FileSystem local = FileSystem.getLocal(new Configuration());
    try (OutputStream o = local.create(new org.apache.hadoop.fs.Path(in.resolve("day.csv").toString()))) {
      o.write(csv); // writes .day.csv.crc beside it
    }
    assertTrue(Files.exists(in.resolve(".day.csv.crc")));
    byte[] edited = csv.clone();
    edited[edited.length - 3] = (byte) (edited[edited.length - 3] == '1' ? '0' : '1');
    Files.write(in.resolve("day.csv"), edited);
    assertBrokenInput("day.csv", "features", "--conf", PlantedFeatures.PRESET.toString(), "--input", in.toString(),
        "--output", dir.resolve("crc-out").toString());
  }

  @Test
  void parquetFilesDisagreeingOnAColumnTypeAreNamedWithExitTwo() throws Exception {
    SparkSession spark = SparkTestSession.get();
    Path in = dir.resolve("pq-in");
    var schemaA = DataTypes.createStructType(List.of(DataTypes.createStructField("label", DataTypes.IntegerType, true),
        DataTypes.createStructField("ts", DataTypes.LongType, true),
        DataTypes.createStructField("c1", DataTypes.StringType, true)));
    var schemaB = DataTypes.createStructType(List.of(DataTypes.createStructField("label", DataTypes.IntegerType, true),
        DataTypes.createStructField("ts", DataTypes.LongType, true),
        DataTypes.createStructField("c1", DataTypes.LongType, true)));
    List<Row> a = new java.util.ArrayList<>();
    List<Row> b = new java.util.ArrayList<>();
    for (int i = 0; i < 200; i++) {
      a.add(RowFactory.create(i % 2, 1_700_000_000L + i * 600L, "v" + i % 5));
      b.add(RowFactory.create(i % 2, 1_700_200_000L + i * 600L, (long) (i % 5)));
    }
    spark.createDataFrame(a, schemaA).coalesce(1).write().parquet(in.resolve("a").toString());
    spark.createDataFrame(b, schemaB).coalesce(1).write().parquet(in.resolve("b").toString());
    Path conf = dir.resolve("pq.conf");
    Files.writeString(conf, String.join("\n", "sparkctr.features {", "  input.format = parquet",
        "  schema { label = label, timestamp { field = ts }, categorical = [c1] }",
        "  split { mode = fractions, validation-fraction = 0.2, test-fraction = 0.2 }", "}"));
    String err = assertBrokenInput("part-", "features", "--conf", conf.toString(), "--input", in + "/*/*.parquet",
        "--output", dir.resolve("pq-out").toString());
    assertTrue(err.contains("c1"), err);
  }

  private static String assertBrokenInput(String file, String... argv) throws Exception {
    PrintStream old = System.err;
    ByteArrayOutputStream buf = new ByteArrayOutputStream();
    System.setErr(new PrintStream(buf, true, StandardCharsets.UTF_8));
    int code;
    try {
      code = Main.run(argv);
    } finally {
      System.setErr(old);
    }
    String err = buf.toString(StandardCharsets.UTF_8);
    assertEquals(Main.EXIT_BAD_INPUT, code, err);
    String last = err.strip().lines().reduce((x, y) -> y).orElse("");
    assertTrue(last.contains(file), "the message names the file: " + last);
    assertFalse(err.contains("\tat "), "no stack trace: " + err);
    try (Stream<Path> s = Files.list(dir)) {
      assertEquals(List.of(), s.filter(p -> p.getFileName().toString().contains(".staging-")).toList());
    }
    return last;
  }

  private static Path firstCsv() throws Exception {
    try (Stream<Path> s = Files.list(logs)) {
      return s.filter(p -> p.toString().endsWith(".csv")).sorted().findFirst().orElseThrow();
    }
  }

  private static String stderrOf(String... argv) {
    PrintStream old = System.err;
    ByteArrayOutputStream buf = new ByteArrayOutputStream();
    System.setErr(new PrintStream(buf, true, StandardCharsets.UTF_8));
    try {
      assertEquals(Main.EXIT_BAD_INPUT, Main.run(argv), () -> buf.toString(StandardCharsets.UTF_8));
    } finally {
      System.setErr(old);
    }
    return buf.toString(StandardCharsets.UTF_8);
  }
}
