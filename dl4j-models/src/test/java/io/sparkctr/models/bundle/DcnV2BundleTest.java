package io.sparkctr.models.bundle;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparkctr.models.data.FeatureRow;
import io.sparkctr.models.graph.CrossNetwork;
import io.sparkctr.models.graph.CrossStructure;
import io.sparkctr.models.graph.CtrGraphBuilder;
import io.sparkctr.models.graph.ModelSpec;
import io.sparkctr.models.graph.ModelType;
import io.sparkctr.models.train.Predictions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * A DCN-v2 bundle keeps its cross network: spec.json names it (when not the default), the model reads
 * back with the same predictions, and a checkpoint resumes exactly as training on would have.
 */
class DcnV2BundleTest {
  @ParameterizedTest
  @CsvSource({"3, 0, STACKED", "2, 3, PARALLEL"})
  void aCheckpointReadsBackAndResumesExactly(int layers, int rank, CrossStructure structure, @TempDir Path dir)
      throws Exception {
    CrossNetwork cross = new CrossNetwork(layers, rank, structure, 1e-4);
    ModelSpec spec = ModelBundleTest.spec(ModelType.DCN_V2).cross(cross).build();
    List<FeatureRow> rows = ModelBundleTest.rows(2000, 3);
    List<FeatureRow> val = ModelBundleTest.rows(300, 4);
    ComputationGraph straight = CtrGraphBuilder.build(spec, DataType.FLOAT);
    ResumeFromBundleTest.fit(straight, rows, 0, 1000);
    double[] midway = Predictions.predict(straight, val, ModelBundleTest.SLOTS, 0);
    new ModelBundle(straight, ModelBundleTest.manifest(1.0), spec, new TrainingSummary(1000, 300, 1, 0.5, 0.5,
        List.of())).write(dir.resolve("ckpt"), true);
    String json = Files.readString(dir.resolve("ckpt").resolve(ModelBundle.SPEC));
    assertTrue(json.contains("\"cross\" : {") && json.contains("\"layers\" : " + layers), json);
    ModelBundle back = ModelBundle.read(dir.resolve("ckpt"));
    assertEquals(spec, back.spec());
    assertArrayEquals(midway, Predictions.predict(back.model(), val, ModelBundleTest.SLOTS, 0));
    ResumeFromBundleTest.fit(straight, rows, 1000, 2000);
    ResumeFromBundleTest.fit(back.model(), rows, 1000, 2000);
    double[] a = Predictions.predict(straight, val, ModelBundleTest.SLOTS, 0);
    assertFalse(Arrays.equals(midway, a), "training went on");
    assertArrayEquals(a, Predictions.predict(back.model(), val, ModelBundleTest.SLOTS, 0));
  }
}
