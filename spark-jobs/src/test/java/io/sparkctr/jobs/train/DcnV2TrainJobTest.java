package io.sparkctr.jobs.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparkctr.features.SparkTestSession;
import io.sparkctr.jobs.PlantedFeatures;
import io.sparkctr.jobs.TrainJob;
import io.sparkctr.models.bundle.ModelBundle;
import io.sparkctr.models.graph.CrossNetwork;
import io.sparkctr.models.graph.CrossStructure;
import io.sparkctr.models.graph.ModelType;
import io.sparkctr.training.BundleStore;
import java.nio.file.Path;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * {@code sparkctr train} of a {@code dcn-v2} model on local Spark with either training master: it learns
 * the planted logs, and the published bundle holds the configured cross network.
 */
@Tag("integration")
class DcnV2TrainJobTest {
  @ParameterizedTest
  @CsvSource({"parameter-averaging, 0, stacked", "gradient-sharing, 4, parallel"})
  void trainsAndPublishesItsCrossNetwork(String master, int rank, String structure, @TempDir Path dir) {
    String config = "sparkctr.model { type = dcn-v2, cross-layers = 2, cross-rank = " + rank + ", structure = "
        + structure + ", cross-l2 = 1e-5 }\nsparkctr.training { master = " + master + ", epochs = 2 }";
    TrainJob.Params p = PlantedFeatures.train(dir, config, false);
    TrainJob.Result r = TrainJob.run(SparkTestSession.get(), p);
    double auc = r.training().validation().auc();
    assertTrue(auc > 0.75, master + ": validation AUC " + auc);
    ModelBundle back = BundleStore.read(p.modelOut(), SparkTestSession.get().sparkContext().hadoopConfiguration());
    assertEquals(ModelType.DCN_V2, back.spec().type());
    assertEquals(new CrossNetwork(2, rank, CrossStructure.parse(structure), 1e-5), back.spec().cross());
    assertEquals(r.bundle().spec(), back.spec());
  }
}
