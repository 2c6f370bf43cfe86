package io.sparkctr.models.bundle;

import org.junit.jupiter.api.Tag;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparkctr.features.manifest.FeatureManifest;
import io.sparkctr.models.data.FeatureRow;
import io.sparkctr.models.graph.ModelSpec;
import io.sparkctr.models.graph.ModelType;
import io.sparkctr.models.metrics.CtrMetrics;
import io.sparkctr.models.train.LocalTrainer;
import io.sparkctr.models.train.Predictions;
import io.sparkctr.models.train.TrainSchedule;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@Tag("integration")
class ModelBundleTest {
  static final int SLOTS = 4;
  static final int BITS = 10;

  /** The tests' model over {@link #SLOTS} slots and 2^{@link #BITS} rows: k = 4, one hidden layer of 8, adam at 1e-2. */
  static ModelSpec.Builder spec(ModelType type) {
    return ModelSpec.builder(type, SLOTS, 1 << BITS).embeddingDim(4).hidden(8).learningRate(1e-2).seed(5);
  }

  static FeatureManifest manifest(double negativeRate) {
    List<FeatureManifest.Slot> slots = IntStream.range(0, SLOTS).mapToObj(i -> new FeatureManifest.Slot("c" + i,
        FeatureManifest.Slot.CATEGORICAL, List.of("c" + i), null, null, 0, null)).toList();
    return new FeatureManifest(1, new FeatureManifest.RawInput("csv", true, ",", List.of(), List.of()),
        new FeatureManifest.Fields("label", null, null, List.of("c0", "c1", "c2", "c3"), List.of(), "t",
            "epoch-seconds", "UTC", "x"), new FeatureManifest.Hashing(BITS, 42, 2 * SLOTS), slots, List.of(),
        new FeatureManifest.Downsampling(negativeRate, 7), null, null);
  }

  static List<FeatureRow> rows(int n, long seed) {
    Random rnd = new Random(seed);
    List<FeatureRow> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      int[] idx = new int[SLOTS];
      double logit = -0.5;
      for (int f = 0; f < SLOTS; f++) {
        int v = rnd.nextInt(10);
        idx[f] = 2 * SLOTS + f * 10 + v;
        logit += (v - 4.5) * 0.2 * (f + 1);
      }
      out.add(new FeatureRow(rnd.nextDouble() < 1 / (1 + Math.exp(-logit)) ? 1 : 0, i, idx, null, null));
    }
    return out;
  }

  @Test
  void saveLoadScoreGivesIdenticalRecalibratedPredictions(@TempDir Path dir) {
    ModelSpec spec = spec(ModelType.DEEPFM).build();
    List<FeatureRow> train = rows(3000, 1);
    List<FeatureRow> val = rows(1000, 2);
    LocalTrainer.Result r = LocalTrainer.train(spec, train, val, new TrainSchedule(2, 128, 2, 1, 0.5, 1), 0.5);
    TrainingSummary summary = new TrainingSummary(train.size(), val.size(), r.bestEpoch(), r.validation().auc(),
        r.validation().logloss(), r.epochs());
    ModelBundle bundle = new ModelBundle(r.model(), manifest(0.5), spec, summary);
    Path out = dir.resolve("bundle");
    bundle.write(out, true);
    ModelBundle back = ModelBundle.read(out);
    assertEquals(spec, back.spec());
    assertEquals(summary, back.summary());
    assertEquals(bundle.manifest(), back.manifest());
    double[] before = new BundleScorer(bundle).score(val);
    double[] after = new BundleScorer(back).score(val);
    assertArrayEquals(before, after);
    double[] raw = Predictions.predict(back.model(), val, SLOTS, 0);
    assertEquals(CtrMetrics.recalibrate(raw[0], 0.5), after[0], 1e-15);
    assertTrue(after[0] < raw[0], "recalibration for negatives kept at 0.5 lowers the probability");
    assertTrue(back.model().getUpdater().getStateViewArray() != null, "updater state travels with the model");
    assertThrows(IllegalArgumentException.class, () -> bundle.write(out));
    Path serving = dir.resolve("serving");
    bundle.write(serving);
    assertArrayEquals(before, new BundleScorer(ModelBundle.read(serving)).score(val), "serving bundle, no state");
  }

  @Test
  void aFormatOneBundleIsRefusedNamingItsFormat(@TempDir Path dir) throws Exception {
    Path b = dir.resolve("old");
    Files.createDirectories(b);
    for (String f : List.of(ModelBundle.MODEL, FeatureManifest.FILE_NAME, ModelBundle.SPEC, ModelBundle.SUMMARY)) {
      Files.writeString(b.resolve(f), "{}");
    }
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ModelBundle.read(b));
    assertTrue(e.getMessage().startsWith("Cannot read model bundle " + b + ": format 1"), e.getMessage());
  }

  @Test
  void aSpecThatDoesNotFitTheManifestIsRejected() {
    ModelSpec spec = spec(ModelType.LR).fields(SLOTS + 1).hidden().build();
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> new ModelBundle(null, manifest(1.0), spec, null));
    assertTrue(e.getMessage().contains("does not fit the manifest"), e.getMessage());
  }

  @Test
  void aBundleMissingAFileNamesIt(@TempDir Path dir) throws Exception {
    Files.createDirectories(dir.resolve("b"));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ModelBundle.read(dir.resolve("b")));
    assertTrue(e.getMessage().contains("model.zip is missing"), e.getMessage());
  }
}
