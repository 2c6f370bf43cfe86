package io.sparkctr.models.onnx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparkctr.features.manifest.FeatureManifest;
import io.sparkctr.models.RestoreNd4jDefaults;
import io.sparkctr.models.bundle.ModelBundle;
import io.sparkctr.models.graph.CrossNetwork;
import io.sparkctr.models.graph.ModelSpec;
import io.sparkctr.models.graph.ModelType;
import io.sparkctr.models.tables.Half;
import io.sparkctr.models.tables.LocalTable;
import io.sparkctr.models.tables.Quantization;
import io.sparkctr.models.tables.RowWiseInt8;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * int8 tables: the k-dim tables take (k + 4) / 4k of their float bytes, the first-order tables stay float,
 * and ONNX Runtime's dequantize-after-gather gives the scorer's probabilities over the dequantized tables.
 */
@ExtendWith(RestoreNd4jDefaults.class)
class OnnxInt8Test {
  @Test
  void int8TablesAreSmallerAndReadBackAsTheirDequantizedValues(@TempDir Path dir) throws Exception {
    FeatureManifest m = OnnxFixtures.manifest(true, 0.5);
    ModelSpec spec = OnnxFixtures.spec(ModelType.DEEPFM, m, CrossNetwork.DEFAULT);
    ModelBundle b = OnnxFixtures.bundle(spec, m);
    OnnxOptions external = OnnxOptions.DEFAULT.withExternalThreshold(1);
    OnnxExport.write(b, dir.resolve("float"), external);
    OnnxExport.write(b, dir.resolve("int8"), external.withQuantization(Quantization.INT8));
    long floats = Files.size(dir.resolve("float/emb.bin"));
    long int8 = Files.size(dir.resolve("int8/emb_q.bin")) + Files.size(dir.resolve("int8/emb_scale.bin"))
        + Files.size(dir.resolve("int8/emb_bias.bin"));
    assertEquals((4 + 4) / (4.0 * 4), (double) int8 / floats, 1e-12, "k = 4: (k + 4) / 4k");
    assertEquals(Files.size(dir.resolve("float/linear-emb.bin")), Files.size(dir.resolve("int8/linear-emb.bin")));
    dequantize(b.tables().local("emb"));
    dequantize(b.tables().local("emb-items"));
    OnnxExportTest.assertAgree(b, dir.resolve("int8").resolve(OnnxExport.MODEL_FILE), OnnxFixtures.rows(spec, 300, 7));
  }

  /** Replaces every row of {@code t} by what its int8 form reads back as. */
  static void dequantize(LocalTable t) {
    int k = t.dim();
    float[] row = new float[k];
    byte[] q = new byte[k];
    short[] s = new short[1];
    short[] bias = new short[1];
    for (long id = 0; id < t.rows(); id++) {
      t.gather(new long[] {id}, 1, row);
      RowWiseInt8.quantize(row, 1, k, q, s, bias);
      for (int c = 0; c < k; c++) {
        float back = RowWiseInt8.dequantize(q[c], s[0], bias[0]);
        assertTrue(Math.abs(back - row[c]) <= Half.toFloat(s[0]) / 2 + Math.abs(row[c]) * 1e-3 + 1e-6,
            "value " + row[c] + " reads back as " + back);
        row[c] = back;
      }
      t.setWeights(id, row, 0);
    }
  }
}
