package io.sparkctr.models.onnx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparkctr.features.manifest.FeatureManifest;
import io.sparkctr.models.RestoreNd4jDefaults;
import io.sparkctr.models.bundle.BundleScorer;
import io.sparkctr.models.bundle.ModelBundle;
import io.sparkctr.models.data.FeatureRow;
import io.sparkctr.models.graph.CrossNetwork;
import io.sparkctr.models.graph.CrossStructure;
import io.sparkctr.models.graph.ModelSpec;
import io.sparkctr.models.graph.ModelType;
import com.fasterxml.jackson.databind.JsonNode;
import io.sparkctr.common.json.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * ONNX Runtime scores the exported model as the project's scorer does (within 1e-5, recalibration for a
 * negative keep rate of 0.25 and a positive weight of 2 included), for every model type, with and without
 * per-field tables, with two pooled fields and a dense value.
 */
@ExtendWith(RestoreNd4jDefaults.class)
class OnnxExportTest {
  static final double TOLERANCE = 1e-5;

  @ParameterizedTest
  @CsvSource({"LR, true", "FM, true", "WIDE_DEEP, true", "DEEPFM, true", "DCN_V2, true", "DEEPFM, false",
      "DCN_V2, false"})
  void onnxRuntimeScoresAsTheScorer(ModelType type, boolean tables, @TempDir Path dir) throws Exception {
    CrossNetwork cross = tables ? CrossNetwork.DEFAULT : new CrossNetwork(2, 3, CrossStructure.PARALLEL, 0);
    FeatureManifest m = OnnxFixtures.manifest(tables, 0.25);
    ModelSpec spec = OnnxFixtures.spec(type, m, cross);
    ModelBundle b = OnnxFixtures.bundle(spec, m);
    Map<String, String> meta = OnnxExport.write(b, dir, OnnxOptions.DEFAULT);
    assertEquals(Double.toString(0.125), meta.get("recalibration_factor"));
    assertEquals("false", meta.get("external_data"));
    assertAgree(b, dir.resolve(OnnxExport.MODEL_FILE), OnnxFixtures.rows(spec, 300, 5));
  }

  @Test
  void goldenVectorsShipWithTheModelAndOnnxRuntimeReproducesThem(@TempDir Path dir) throws Exception {
    FeatureManifest m = OnnxFixtures.manifest(true, 0.25);
    ModelSpec spec = OnnxFixtures.spec(ModelType.DEEPFM, m, CrossNetwork.DEFAULT);
    ModelBundle b = OnnxFixtures.bundle(spec, m);
    OnnxExport.write(b, dir, OnnxOptions.DEFAULT);
    assertGoldenReproduced(dir, spec);
    assertTrue(Files.readString(dir.resolve(GoldenVectors.FILE)).contains("\"recent_items\" : \"item"));
  }

  /** A bundle written by an earlier version (the committed format-2 fixture, a trained DeepFM) exports too. */
  @Test
  void aBundleOfAnEarlierVersionExports(@TempDir Path dir) throws Exception {
    ModelBundle b = ModelBundle.read(Path.of("src/test/resources/fixtures/bundle-format2"));
    OnnxExport.write(b, dir, OnnxOptions.DEFAULT);
    assertGoldenReproduced(dir, b.spec());
  }

  static void assertGoldenReproduced(Path dir, ModelSpec spec) throws Exception {
    JsonNode golden = Json.PRETTY.readTree(dir.resolve(GoldenVectors.FILE).toFile());
    assertEquals(OnnxExport.sha256(Files.readString(dir.resolve(FeatureManifest.FILE_NAME))),
        golden.get("manifest_sha256").asText());
    List<FeatureRow> rows = new ArrayList<>();
    List<Double> expected = new ArrayList<>();
    for (JsonNode r : golden.get("rows")) {
      rows.add(new FeatureRow(0, 0, Json.PRETTY.treeToValue(r.get("indices"), int[].class),
          Json.PRETTY.treeToValue(r.get("dense"), double[].class), null,
          Json.PRETTY.treeToValue(r.get("bags"), int[][].class),
          Json.PRETTY.treeToValue(r.get("bag_weights"), float[][].class)));
      expected.add(r.get("probability").asDouble());
    }
    assertEquals(GoldenRecords.COUNT, rows.size());
    assertTrue(spec.bagLengths().isEmpty() || rows.stream().anyMatch(r -> r.bags[0].length == spec.bagLengths().get(0)),
        "a bag at its length");
    double[] onnx = OrtScores.score(dir.resolve(OnnxExport.MODEL_FILE), rows, spec.layout().bagLengths(), 1);
    for (int i = 0; i < onnx.length; i++) {
      assertEquals(expected.get(i), onnx[i], TOLERANCE, "golden row " + i);
    }
  }

  static void assertAgree(ModelBundle b, Path model, List<FeatureRow> rows) throws Exception {
    double[] expected = new BundleScorer(b).score(rows);
    double[] onnx = OrtScores.score(model, rows, b.spec().layout().bagLengths(), 1);
    double worst = 0;
    double min = 1;
    double max = 0;
    for (int i = 0; i < rows.size(); i++) {
      worst = Math.max(worst, Math.abs(expected[i] - onnx[i]));
      min = Math.min(min, expected[i]);
      max = Math.max(max, expected[i]);
    }
    assertTrue(max - min > 0.05, "the rows' probabilities spread: " + min + " to " + max);
    System.out.printf("%s: %d rows, probabilities %.4f to %.4f, largest difference %.2e%n", b.spec().type(),
        rows.size(), min, max, worst);
    assertTrue(worst <= TOLERANCE, b.spec().type() + ": largest difference " + worst + " (row 0: scorer "
        + expected[0] + ", ONNX Runtime " + onnx[0] + ")");
  }
}
