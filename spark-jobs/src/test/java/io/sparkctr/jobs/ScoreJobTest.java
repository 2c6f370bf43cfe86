package io.sparkctr.jobs;

import io.sparkctr.features.SparkTestSession;
import org.junit.jupiter.api.Tag;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparkctr.features.manifest.FeatureManifest;
import io.sparkctr.features.split.Split;
import io.sparkctr.models.bundle.BundleScorer;
import io.sparkctr.models.bundle.ModelBundle;
import io.sparkctr.models.bundle.RecordScorer;
import io.sparkctr.models.data.FeatureRow;
import io.sparkctr.training.BundleStore;
import io.sparkctr.training.data.FeatureParquet;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code sparkctr score}: raw logs scored with the bundle's manifest give the probabilities of the
 * feature job's rows, the in-JVM {@link RecordScorer} gives the batch job's, bad rows are
 * quarantined and every row is accounted for.
 */
@Tag("integration")
class ScoreJobTest {
  @TempDir
  static Path dir;
  static String model;
  static ModelBundle bundle;

  @BeforeAll
  static void train() {
    SparkSession spark = SparkTestSession.get();
    TrainJob.run(spark, PlantedFeatures.train(dir.resolve("m"), "sparkctr.training.epochs = 1", false));
    model = dir.resolve("m").resolve("model").toString();
    bundle = BundleStore.read(model, spark.sparkContext().hadoopConfiguration());
  }

  /**
   * Two arms, each a different model: every row is scored by the model of its unit's arm (the salted murmur3 hash
   * of user_id), its arm written beside the score, and the summary holds the assignment.
   */
  @Test
  void armsScoreEachRowWithTheModelOfItsUnitsArm() throws IOException {
    SparkSession spark = SparkTestSession.get();
    TrainJob.run(spark, PlantedFeatures.train(dir.resolve("lr"), "sparkctr.model.type = lr\nsparkctr.training.epochs = 1",
        false));
    String lr = dir.resolve("lr").resolve("model").toString();
    String out = dir.resolve("arm-scores").toString();
    ScoreArms arms = ScoreArms.parse(List.of("control=" + model + ":0.3", "treatment=" + lr + ":0.7"), "user_id", "t1");
    ScoreJob.Result r = ScoreJob.run(spark, new ScoreJob.Params(null, PlantedFeatures.logs(), out, false, 0.01, arms));
    assertEquals(40_000, r.scored());
    Map<String, Double> control = scores(spark, dir.resolve("arm-control").toString(), model);
    Map<String, Double> treatment = scores(spark, dir.resolve("arm-treatment").toString(), lr);
    Map<String, String> users = spark.read().option("header", true).csv(PlantedFeatures.logs()).select("id", "user_id")
        .collectAsList().stream().collect(Collectors.toMap(x -> x.getString(0), x -> x.getString(1)));
    Map<String, Long> perArm = new HashMap<>();
    Map<String, String> userArm = new HashMap<>();
    for (Row row : spark.read().parquet(out + "/" + ScoreJob.SCORES).collectAsList()) {
      String key = row.getString(0);
      String arm = row.getString(row.fieldIndex("arm"));
      assertEquals(arms.split().assign(users.get(key)), arm, "arm of " + key);
      assertEquals((arm.equals("control") ? control : treatment).get(key), row.getDouble(1), 1e-6, key);
      perArm.merge(arm, 1L, Long::sum);
      userArm.put(users.get(key), arm);
    }
    double controlUsers = userArm.values().stream().filter("control"::equals).count() / (double) userArm.size();
    assertEquals(0.3, controlUsers, 0.03, "about 30% of the users (rows follow Zipf-skewed users) " + perArm);
    String summary = Files.readString(Path.of(out, ScoreJob.SUMMARY));
    assertTrue(summary.contains("\"salt\" : \"t1\"") && summary.contains("murmur3_x86_32")
        && summary.contains("\"unitField\" : \"user_id\""), summary);
    assertTrue(summary.contains("\"scored\" : " + perArm.get("treatment")), summary);
  }

  static Map<String, Double> scores(SparkSession spark, String out, String model) {
    ScoreJob.run(spark, new ScoreJob.Params(model, PlantedFeatures.logs(), out, false));
    return scores(spark, out);
  }

  static Map<String, Double> scores(SparkSession spark, String out) {
    return spark.read().parquet(out + "/" + ScoreJob.SCORES).collectAsList().stream()
        .collect(Collectors.toMap(r -> r.getString(0), r -> r.getDouble(1)));
  }

  @Test
  void rawLogsScoreAsTheTrainingTransformAndTheInJvmScorer() throws IOException {
    SparkSession spark = SparkTestSession.get();
    String out = dir.resolve("scores").toString();
    ScoreJob.Result r = ScoreJob.run(spark, new ScoreJob.Params(model, PlantedFeatures.logs(), out, false));
    assertEquals(40_000, r.read());
    assertEquals(40_000, r.scored());
    Map<String, Double> batch = scores(spark, out);
    assertEquals(40_000, batch.size(), "one score per id");

    // the feature job's test rows, scored from their feature vectors
    FeatureManifest m = FeatureParquet.manifest(spark, PlantedFeatures.features());
    List<Row> testRows = FeatureParquet.split(spark, PlantedFeatures.features(), m, Split.TEST).collectAsList();
    List<FeatureRow> test = testRows.stream().map(FeatureParquet::toFeatureRow).toList();
    double[] fromFeatures = new BundleScorer(bundle).score(test);
    for (int i = 0; i < test.size(); i++) {
      String id = testRows.get(i).getString(testRows.get(i).fieldIndex("id"));
      assertEquals(fromFeatures[i], batch.get(id), 1e-6, "id " + id);
    }

    // the in-JVM scorer on raw CSV records
    List<Map<String, String>> records = new ArrayList<>();
    List<String> ids = new ArrayList<>();
    for (List<String> line : csv(300)) {
      records.add(toMap(header(), line));
      ids.add(records.get(records.size() - 1).get("id"));
    }
    double[] inJvm = new RecordScorer(bundle).score(records, "part-00000.csv");
    for (int i = 0; i < ids.size(); i++) {
      assertEquals(batch.get(ids.get(i)), inJvm[i], 1e-6, "id " + ids.get(i));
    }
  }

  @Test
  void badRowsAreQuarantinedAndCounted() throws IOException {
    SparkSession spark = SparkTestSession.get();
    Path in = dir.resolve("bad-input");
    Files.createDirectories(in);
    List<String> lines = new ArrayList<>();
    lines.add(String.join(",", header()));
    csv(5).forEach(l -> lines.add(String.join(",", l)));
    lines.add("only,three,fields");
    Files.write(in.resolve("logs.csv"), lines);
    String out = dir.resolve("bad-scores").toString();
    ScoreJob.Result r = ScoreJob.run(spark, new ScoreJob.Params(model, in.toString(), out, false, 0.2));
    assertEquals(6, r.read());
    assertEquals(5, r.scored());
    assertEquals(1, r.quarantined());
    String quarantine = Files.readString(Files.list(Path.of(out, ScoreJob.QUARANTINE))
        .filter(p -> p.toString().endsWith(".json")).filter(p -> p.toFile().length() > 0).findFirst().orElseThrow());
    assertTrue(quarantine.contains("wrong-field-count") && quarantine.contains("only,three,fields"), quarantine);
    // the same input above the default bad-row limit fails and publishes nothing
    String strict = dir.resolve("strict-scores").toString();
    String m = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
        () -> ScoreJob.run(spark, new ScoreJob.Params(model, in.toString(), strict, false))).getMessage();
    assertTrue(m.contains("1 of 6 rows") && m.contains("--max-bad-fraction 0.01") && m.contains("wrong-field-count"),
        m);
    assertTrue(!Files.exists(Path.of(strict)));
  }

  static List<String> header() throws IOException {
    return List.of(firstCsv().get(0).split(","));
  }

  static List<List<String>> csv(int n) throws IOException {
    return firstCsv().subList(1, n + 1).stream().map(l -> List.of(l.split(",", -1))).toList();
  }

  static List<String> firstCsv() throws IOException {
    try (Stream<Path> s = Files.list(Path.of(PlantedFeatures.logs()))) {
      Path f = s.filter(p -> p.getFileName().toString().endsWith(".csv")).sorted().findFirst().orElseThrow();
      try (Stream<String> lines = Files.lines(f)) {
        return lines.limit(1000).toList();
      }
    }
  }

  static Map<String, String> toMap(List<String> header, List<String> values) {
    Map<String, String> m = new HashMap<>();
    for (int i = 0; i < header.size(); i++) {
      m.put(header.get(i), values.get(i));
    }
    return m;
  }
}
