package io.sparkctr.jobs.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparkctr.features.SparkTestSession;
import io.sparkctr.jobs.ScoreJob;
import io.sparkctr.ml.CtrClassificationModel;
import io.sparkctr.models.bundle.ModelBundle;
import io.sparkctr.models.bundle.RecordScorer;
import io.sparkctr.models.tables.Quantization;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import onnx.Onnx;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code sparkctr export --quantize int8} (bundle format) on the committed format-2 bundle (a trained DeepFM,
 * k = 2): an int8 serving bundle that {@code score} and the Spark ML model read, scoring as the in-JVM scorer on
 * the same bundle and close to the float bundle; exported to ONNX, its tables stay int8.
 */
class ExportInt8BundleCliTest {
  static final String FIXTURE = ExportOnnxCliTest.FIXTURE;

  @Tag("integration")
  @Test
  void anInt8BundleScoresAsTheInJvmScorer(@TempDir Path dir) throws Exception {
    Path int8 = dir.resolve("int8");
    CliTest.Run r = CliTest.run("export", "--model", FIXTURE, "--output", int8.toString(), "--quantize", "int8");
    assertEquals(Main.EXIT_OK, r.code(), r.err());
    assertTrue(r.out().contains("tables int8"), r.out());
    ModelBundle q = ModelBundle.read(int8);
    assertEquals(Quantization.INT8, q.quantization());
    RecordScorer inJvm = new RecordScorer(q);
    List<String> columns = q.manifest().rawInput().columns();
    List<Map<String, String>> records = records(columns, 40);
    Path logs = dir.resolve("logs");
    Files.createDirectories(logs);
    List<String> lines = new ArrayList<>(List.of(String.join(",", columns)));
    records.forEach(m -> lines.add(String.join(",", m.values())));
    Files.write(logs.resolve("day_1.csv"), lines);

    Path out = dir.resolve("scores");
    r = CliTest.run("score", "--model", int8.toString(), "--input", logs.toString(), "--output", out.toString());
    assertEquals(Main.EXIT_OK, r.code(), r.err());
    Map<String, Double> batch = SparkTestSession.get().read().parquet(out.resolve(ScoreJob.SCORES).toString())
        .collectAsList().stream().collect(Collectors.toMap(row -> row.getString(0), row -> row.getDouble(1)));
    double[] expected = inJvm.score(records, "day_1.csv");
    double[] floats = new RecordScorer(ModelBundle.read(Path.of(FIXTURE))).score(records, "day_1.csv");
    double toFloat = 0;
    for (int i = 0; i < records.size(); i++) {
      String id = records.get(i).get("id");
      assertEquals(expected[i], batch.get(id), 1e-6, "id " + id);
      toFloat = Math.max(toFloat, Math.abs(expected[i] - floats[i]));
    }
    System.out.printf("score on the int8 fixture (k = 2): max |int8 - float| %.3g over %d rows%n", toFloat,
        records.size());
    assertTrue(toFloat < 1e-4, "int8 against the float bundle: " + toFloat);

    // the Spark ML model loaded from the int8 bundle scores through the same code
    var logsDf = SparkTestSession.get().read().option("header", true).csv(logs.toString());
    Map<String, Double> ml = CtrClassificationModel.load(int8.toString()).transform(logsDf)
        .select("id", "clickProbability").collectAsList().stream()
        .collect(Collectors.toMap(row -> row.getString(0), row -> row.getDouble(1)));
    for (int i = 0; i < records.size(); i++) {
      assertEquals(expected[i], ml.get(records.get(i).get("id")), 1e-6, "Spark ML, id " + records.get(i).get("id"));
    }
  }

  @Test
  void anInt8BundleExportsToOnnxWithItsTablesInt8(@TempDir Path dir) throws Exception {
    Path int8 = dir.resolve("int8");
    assertEquals(Main.EXIT_OK, CliTest.run("export", "--model", FIXTURE, "--output", int8.toString(), "--quantize",
        "int8").code());
    Path onnx = dir.resolve("onnx");
    CliTest.Run r = CliTest.run("export", "--model", int8.toString(), "--output", onnx.toString(), "--format", "onnx");
    assertEquals(Main.EXIT_OK, r.code(), r.err());
    Onnx.ModelProto m;
    try (InputStream in = Files.newInputStream(onnx.resolve("model.onnx"))) {
      m = Onnx.ModelProto.parseFrom(in);
    }
    assertTrue(m.getMetadataPropsList().stream().anyMatch(p -> p.getKey().equals("quantization")
        && p.getValue().equals("int8")), m.getMetadataPropsList().toString());
    assertTrue(m.getGraph().getInitializerList().stream().anyMatch(t -> t.getName().equals("emb_q")));
  }

  /** {@code n} raw records of the fixture's columns: categories, small numbers, times of one day. */
  static List<Map<String, String>> records(List<String> fields, int n) {
    List<Map<String, String>> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      Map<String, String> r = new LinkedHashMap<>();
      for (String f : fields) {
        r.put(f, switch (f) {
          case "id" -> "r" + i;
          case "label" -> Integer.toString(i % 2);
          case "timestamp" -> Long.toString(1_700_000_000L + 600L * i);
          default -> f.startsWith("n") ? Integer.toString(i % 7) : f + "-" + (i * (f.length() + 3)) % 11;
        });
      }
      out.add(r);
    }
    return out;
  }
}
