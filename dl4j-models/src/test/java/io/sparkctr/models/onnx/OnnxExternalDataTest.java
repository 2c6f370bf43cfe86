package io.sparkctr.models.onnx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparkctr.features.manifest.FeatureManifest;
import io.sparkctr.models.RestoreNd4jDefaults;
import io.sparkctr.models.bundle.ModelBundle;
import io.sparkctr.models.graph.CrossNetwork;
import io.sparkctr.models.graph.ModelSpec;
import io.sparkctr.models.graph.ModelType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * A DeepFM over a 2^22-row index space, its tables written beside the model (threshold lowered from
 * protobuf's 2 GiB to 1 MiB): ONNX Runtime loads the external data and scores as the scorer does.
 */
@ExtendWith(RestoreNd4jDefaults.class)
class OnnxExternalDataTest {
  @Test
  void tablesBesideTheModelScoreAsTheScorer(@TempDir Path dir) throws Exception {
    FeatureManifest m = OnnxFixtures.manifest(false, 1.0, 22);
    ModelSpec spec = OnnxFixtures.spec(ModelType.DEEPFM, m, CrossNetwork.DEFAULT);
    ModelBundle b = OnnxFixtures.bundle(spec, m, 1 << 12); // the rows the test reads, out of 2^22
    Map<String, String> meta = OnnxExport.write(b, dir, OnnxOptions.DEFAULT.withExternalThreshold(1 << 20));
    assertEquals("true", meta.get("external_data"));
    assertEquals(4L * 4 * (1 << 22), Files.size(dir.resolve("emb.bin")));
    assertEquals(4L * (1 << 22), Files.size(dir.resolve("linear-emb.bin")));
    assertTrue(Files.size(dir.resolve(OnnxExport.MODEL_FILE)) < 1 << 20, "the model file holds no table");
    OnnxExportTest.assertAgree(b, dir.resolve(OnnxExport.MODEL_FILE), OnnxFixtures.rows(spec, 300, 6, 1 << 12));
  }
}
