package io.sparkctr.models.train;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparkctr.common.hash.SplitMix64;
import io.sparkctr.features.synthetic.PlantedClickModel;
import io.sparkctr.features.synthetic.PlantedShape;
import io.sparkctr.models.data.FeatureRow;
import io.sparkctr.models.graph.ModelSpec;
import io.sparkctr.models.graph.ModelType;
import io.sparkctr.models.tables.TableOptimizer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * On a log with long tails (the planted generator's realistic shape: 26 fields of up to 200,000
 * Zipf-skewed values and 100,000 users, split by time), DeepFM whose embedding rows are
 * regularized only when touched memorises rare values after the first epoch and ends no better
 * than LR; regularizing every row adaptively (rare rows most) keeps it improving and above LR.
 */
class LongTailRegularizationTest {
  static final int HASH = 1 << 17;
  static final int SLOTS = 27;
  static final List<FeatureRow> TRAIN = new ArrayList<>();
  static final List<FeatureRow> VALIDATION = new ArrayList<>();

  @BeforeAll
  static void generate() {
    int rows = 100_000;
    PlantedClickModel m = new PlantedClickModel(PlantedShape.REALISTIC, 3, rows, 5, false);
    for (long id = 0; id < rows; id++) {
      PlantedClickModel.Impression i = m.row(id);
      int[] idx = new int[SLOTS];
      idx[0] = index(0, i.user());
      for (int f = 0; f < 26; f++) {
        idx[f + 1] = i.categorical()[f] == null ? f + 1 : index(f + 1, i.categorical()[f]);
      }
      FeatureRow r = new FeatureRow(i.label(), i.timestamp(), idx, null, null);
      (id < rows * 4 / 5 ? TRAIN : VALIDATION).add(r);
    }
  }

  /** Like the feature job: a field's value hashed into [2·slots, HASH); missing values have their own slot. */
  static int index(int field, String value) {
    long h = SplitMix64.mix(field * 0x9E3779B97F4A7C15L ^ java.util.Arrays.hashCode(value.getBytes(StandardCharsets.UTF_8)));
    return 2 * SLOTS + (int) Long.remainderUnsigned(h, HASH - 2 * SLOTS);
  }

  static LocalTrainer.Result train(ModelType type, TableOptimizer embedding) {
    ModelSpec spec = ModelSpec.builder(type, SLOTS, HASH).embeddingDim(8).hidden(64, 32).learningRate(1e-3).seed(5)
        .embeddingTable(embedding).build();
    return LocalTrainer.train(spec, TRAIN, VALIDATION, new TrainSchedule(3, 512, 9, 9, 0.5, 3), 1.0);
  }

  static double last(LocalTrainer.Result r) {
    return r.epochs().get(r.epochs().size() - 1).validationAuc();
  }

  /**
   * Measured: LR 0.7301, 0.7315, 0.7288; DeepFM with touched-row regularization only 0.7338, 0.6852,
   * 0.6494; with adaptive decay 1e-2 0.7318, 0.7331, 0.7306.
   */
  @Test
  void adaptiveDecayOfEveryRowKeepsDeepFmFromMemorisingTheTail() {
    LocalTrainer.Result lr = train(ModelType.LR, TableOptimizer.embeddingDefault());
    LocalTrainer.Result touched = train(ModelType.DEEPFM, new TableOptimizer("adagrad", 0.01, 0, 0));
    LocalTrainer.Result every = train(ModelType.DEEPFM, new TableOptimizer("adagrad", 0.01, 0, 0, 1e-2, 0, true));
    String all = "LR " + lr.epochs() + "\ntouched rows only " + touched.epochs() + "\nevery row " + every.epochs();
    assertTrue(last(touched) < touched.epochs().get(0).validationAuc() - 0.03, "without it DeepFM memorises: " + all);
    assertTrue(last(every) > last(touched) + 0.05, all);
    assertTrue(last(every) >= last(lr), "DeepFM with it ends at or above LR: " + all);
  }
}
