package io.sparkctr.models.bundle;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.sparkctr.models.data.Batches;
import io.sparkctr.models.data.FeatureRow;
import io.sparkctr.models.graph.CtrGraphBuilder;
import io.sparkctr.models.graph.ModelSpec;
import io.sparkctr.models.graph.ModelType;
import io.sparkctr.models.tables.TableOptimizer;
import io.sparkctr.models.train.Predictions;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * A checkpoint (bundle with optimizer state) resumes exactly: training on from the read-back model
 * gives the same predictions as training on without stopping — dense parameters and updater,
 * table rows, table optimizer state and step all travel.
 */
class ResumeFromBundleTest {
  static void fit(ComputationGraph net, List<FeatureRow> rows, int from, int to) {
    for (int b = from; b < to; b += 100) {
      net.fit(Batches.of(rows, null, b, Math.min(to, b + 100), ModelBundleTest.SLOTS, 0));
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"adam", "adagrad"})
  void resumingFromACheckpointEqualsTrainingOn(String embOptimizer, @TempDir Path dir) {
    ModelSpec spec = ModelBundleTest.spec(ModelType.DEEPFM).linearTable(new TableOptimizer("ftrl", 0.05, 0.1, 0.1))
        .embeddingTable(new TableOptimizer(embOptimizer, 0.02, 0, 1e-3)).build();
    List<FeatureRow> rows = ModelBundleTest.rows(2000, 3);
    List<FeatureRow> val = ModelBundleTest.rows(300, 4);
    ComputationGraph straight = CtrGraphBuilder.build(spec, DataType.FLOAT);
    fit(straight, rows, 0, 1000);
    double[] midway = Predictions.predict(straight, val, ModelBundleTest.SLOTS, 0);
    new ModelBundle(straight, ModelBundleTest.manifest(1.0), spec, new TrainingSummary(1000, 300, 1, 0.5, 0.5,
        List.of())).write(dir.resolve("ckpt"), true);
    ModelBundle resumed = ModelBundle.read(dir.resolve("ckpt"));
    fit(straight, rows, 1000, 2000);
    fit(resumed.model(), rows, 1000, 2000);
    double[] a = Predictions.predict(straight, val, ModelBundleTest.SLOTS, 0);
    double[] b = Predictions.predict(resumed.model(), val, ModelBundleTest.SLOTS, 0);
    assertFalse(Arrays.equals(midway, a), "training went on");
    assertArrayEquals(a, b);
  }
}
