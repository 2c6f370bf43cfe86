package io.sparkctr.models.train;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparkctr.models.graph.CrossNetwork;
import io.sparkctr.models.graph.CrossStructure;
import io.sparkctr.models.graph.ModelSpec;
import io.sparkctr.models.graph.ModelType;
import io.sparkctr.models.metrics.CtrMetrics;
import io.sparkctr.models.tables.TableOptimizer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * DCN-v2 learns planted pairwise interactions (the {@link PlantedData#PAIRS}, ⟨u_a, u_b⟩ terms) that LR,
 * additive in the fields, cannot: small data (20,000 rows of 6 fields × 30 values), a few epochs.
 */
@Tag("integration")
class DcnV2LearningTest {
  static PlantedData train;
  static PlantedData validation;
  static double lrAuc;
  static double bestAuc;

  static ModelSpec spec(ModelType type, CrossNetwork cross) {
    return ModelSpec.builder(type, PlantedData.FIELDS, PlantedData.HASH).embeddingDim(8).hidden(32).learningRate(1e-2)
        .seed(11).embeddingTable(new TableOptimizer("adagrad", 5e-2, 0, 0)).cross(cross).build();
  }

  static double auc(ModelSpec spec) {
    return LocalTrainer.train(spec, train.rows, validation.rows, new TrainSchedule(6, 256, 2, 1, 0.5, 3), 1.0)
        .validation().auc();
  }

  @BeforeAll
  static void data() {
    train = new PlantedData(20_000, 1, 0.3, 0.8, -1.0);
    validation = new PlantedData(10_000, 2, 0.3, 0.8, -1.0);
    CtrMetrics truth = new CtrMetrics(1.0, 10);
    for (int i = 0; i < validation.rows.size(); i++) {
      truth.add(validation.rows.get(i).label, validation.truth[i], null, 0);
    }
    bestAuc = truth.report().auc();
    lrAuc = auc(spec(ModelType.LR, CrossNetwork.DEFAULT));
  }

  @ParameterizedTest
  @CsvSource({"2, 0, STACKED", "2, 4, PARALLEL"})
  void dcnV2LearnsTheInteractionsThatLrCannot(int layers, int rank, CrossStructure structure) {
    double auc = auc(spec(ModelType.DCN_V2, new CrossNetwork(layers, rank, structure, 0)));
    System.out.printf("DCN-v2 %d layers rank %d %s: AUC %.4f, LR %.4f, best %.4f%n", layers, rank, structure, auc,
        lrAuc, bestAuc);
    assertTrue(auc >= lrAuc + 0.1, "DCN-v2 AUC " + auc + " vs LR " + lrAuc + " (best achievable " + bestAuc + ")");
  }
}
