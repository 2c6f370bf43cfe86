package io.sparkctr.models.bundle;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.sparkctr.common.json.Json;
import io.sparkctr.models.data.Batches;
import io.sparkctr.models.data.FeatureRow;
import io.sparkctr.models.graph.CtrGraphBuilder;
import io.sparkctr.models.graph.ModelSpec;
import io.sparkctr.models.graph.ModelType;
import io.sparkctr.models.tables.Int8Table;
import io.sparkctr.models.tables.LocalTable;
import io.sparkctr.models.tables.ModelTables;
import io.sparkctr.models.tables.Quantization;
import io.sparkctr.models.tables.RowWiseInt8;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * An int8 bundle (DeepFM, k = 16, tables N(0, 0.3²)): it scores as the float model whose tables hold the
 * dequantized rows (1e-6) and close to the float model; its k-dim table files take (k + 4) / 4k of the float
 * bytes; bundle.json says int8 and sums the files; it cannot be trained from; written again it stays int8.
 */
class Int8BundleTest {
  static final int K = 16;
  /**
   * The largest |int8 − float| probability allowed on these tables, whose N(0, 0.3²) rows are far wider than
   * trained ones (measured 0.0048 at most, 0.0007 on average over 500 rows; see the printed line).
   */
  static final double FLOAT_TOLERANCE = 1e-2;
  @TempDir
  static Path dir;
  static ModelBundle floats;
  static List<FeatureRow> rows;

  @BeforeAll
  static void writeBothBundles() {
    ModelSpec spec = ModelBundleTest.spec(ModelType.DEEPFM).embeddingDim(K).build();
    ComputationGraph net = CtrGraphBuilder.build(spec, DataType.FLOAT);
    ModelTables tables = io.sparkctr.models.layers.TableBinding.tablesOf(net);
    tables.names().forEach(n -> tables.local(n).initialize(0.3, n.length()));
    floats = new ModelBundle(net, ModelBundleTest.manifest(0.5), spec, new TrainingSummary(0, 0, 0, 0.5, 0.5,
        List.of()));
    floats.write(dir.resolve("float"));
    floats.write(dir.resolve("int8"), false, Map.of(), Quantization.INT8);
    rows = ModelBundleTest.rows(500, 9);
  }

  @Test
  void scoresAsTheDequantizedFloatTables() {
    ModelBundle q = ModelBundle.read(dir.resolve("int8"));
    assertEquals(Quantization.INT8, q.quantization());
    Int8Table emb = assertInstanceOf(Int8Table.class, q.tables().table("emb"));
    assertInstanceOf(LocalTable.class, q.tables().table("linear-emb"), "first-order tables stay float");
    ModelBundle dequantized = ModelBundle.read(dir.resolve("float"));
    setToRowWiseInt8(dequantized.tables().local("emb"), emb);
    double[] int8 = new BundleScorer(q).score(rows);
    double[] reference = new BundleScorer(dequantized).score(rows);
    double[] original = new BundleScorer(floats).score(rows);
    double toReference = maxDifference(int8, reference);
    double toFloat = maxDifference(int8, original);
    System.out.printf("int8 bundle, k = %d, %d rows: max |int8 - dequantized float| %.3g, |int8 - float| max %.3g, "
        + "mean %.3g%n", K, rows.size(), toReference, toFloat, meanDifference(int8, original));
    assertTrue(toReference <= 1e-6, "int8 against its dequantized tables: " + toReference);
    assertTrue(toFloat <= FLOAT_TOLERANCE, "int8 against the float bundle: " + toFloat);
  }

  /** Sets every row of {@code t} to RowWiseInt8's read-back of it, checking that {@code q} holds exactly that. */
  static void setToRowWiseInt8(LocalTable t, Int8Table q) {
    float[] row = new float[K];
    float[] stored = new float[K];
    for (long id = 0; id < t.rows(); id++) {
      t.gather(new long[] {id}, 1, row);
      RowWiseInt8.readBack(row, 1, K);
      q.gather(new long[] {id}, 1, stored);
      assertArrayEquals(row, stored, "row " + id);
      t.setWeights(id, row, 0);
    }
  }

  static double meanDifference(double[] a, double[] b) {
    double sum = 0;
    for (int i = 0; i < a.length; i++) {
      sum += Math.abs(a[i] - b[i]);
    }
    return sum / a.length;
  }

  static double maxDifference(double[] a, double[] b) {
    double max = 0;
    for (int i = 0; i < a.length; i++) {
      max = Math.max(max, Math.abs(a[i] - b[i]));
    }
    return max;
  }

  @Test
  void theKDimTablesTakeKPlus4Over4kOfTheirFloatBytes() throws Exception {
    long f = Files.size(dir.resolve("float/tables/emb.table"));
    long q = Files.size(dir.resolve("int8/tables/emb.table"));
    long rows = floats.tables().table("emb").rows();
    long int8Header = 4 + 4 + (2 + "emb".length()) + 8 + 4;
    assertEquals(int8Header + rows * (K + 4), q);
    assertTrue(q <= (K + 4) / (4.0 * K) * f + int8Header, q + " bytes against " + f);
    System.out.printf("tables/emb.table, %d rows, k = %d: float %d bytes, int8 %d bytes (%.4fx)%n", rows, K, f, q,
        (double) q / f);
    assertEquals(Files.size(dir.resolve("float/tables/linear-emb.table")),
        Files.size(dir.resolve("int8/tables/linear-emb.table")));
    JsonNode marker = Json.PRETTY.readTree(Files.readString(dir.resolve("int8").resolve(BundleMarker.FILE)));
    assertEquals("int8", marker.path("quantization").asText());
    assertTrue(marker.path("checksums").path("files").has("tables/emb.table"));
    assertTrue(Json.PRETTY.readTree(Files.readString(dir.resolve("float").resolve(BundleMarker.FILE)))
        .path("quantization").isMissingNode(), "a float bundle's bundle.json is as before");
  }

  @Test
  void aDamagedInt8TableIsNamedByItsChecksum(@TempDir Path tmp) throws Exception {
    Path broken = io.sparkctr.features.TestFiles.copyTree(dir.resolve("int8"), tmp.resolve("broken"));
    Path table = broken.resolve("tables/emb.table");
    byte[] bytes = Files.readAllBytes(table);
    bytes[bytes.length / 2] ^= 0x40;
    Files.write(table, bytes);
    String m = assertThrows(IllegalArgumentException.class, () -> ModelBundle.read(broken)).getMessage();
    assertTrue(m.contains("tables/emb.table fails its checksum"), m);
  }

  @Test
  void anInt8BundleIsForServingOnly(@TempDir Path tmp) {
    ModelBundle q = ModelBundle.read(dir.resolve("int8"));
    String m = assertThrows(IllegalArgumentException.class,
        () -> q.model().fit(Batches.of(rows, null, 0, 100, ModelBundleTest.SLOTS, 0))).getMessage();
    assertEquals("Cannot train from the model of table 'emb': its tables are int8 (export --quantize int8), "
        + "serving only", m);
    m = assertThrows(IllegalArgumentException.class, () -> q.write(tmp.resolve("ckpt"), true)).getMessage();
    assertTrue(m.startsWith("Cannot write table 'emb' with optimizer state: it is int8"), m);
  }

  @Test
  void writtenAgainAnInt8BundleStaysInt8(@TempDir Path tmp) throws Exception {
    ModelBundle q = ModelBundle.read(dir.resolve("int8"));
    q.write(tmp.resolve("again"));
    assertArrayEquals(Files.readAllBytes(dir.resolve("int8/tables/emb.table")),
        Files.readAllBytes(tmp.resolve("again/tables/emb.table")));
    assertArrayEquals(new BundleScorer(q).score(rows), new BundleScorer(ModelBundle.read(tmp.resolve("again")))
        .score(rows));
  }

  @Test
  void bundleJsonMustAgreeWithTheTables(@TempDir Path tmp) throws Exception {
    Path lying = io.sparkctr.features.TestFiles.copyTree(dir.resolve("int8"), tmp.resolve("lying"));
    BundleMarker.write(lying, BundleMarker.readUnverified(lying).tables(), false, Quantization.NONE);
    String m = assertThrows(IllegalArgumentException.class, () -> ModelBundle.read(lying)).getMessage();
    assertTrue(m.endsWith("bundle.json gives quantization none but its tables are int8"), m);
  }
}
