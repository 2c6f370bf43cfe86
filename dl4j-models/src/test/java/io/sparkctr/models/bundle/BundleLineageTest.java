package io.sparkctr.models.bundle;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparkctr.common.json.Json;
import io.sparkctr.models.data.FeatureRow;
import io.sparkctr.models.graph.ModelSpec;
import io.sparkctr.models.graph.ModelType;
import io.sparkctr.models.tables.Quantization;
import io.sparkctr.models.train.LocalTrainer;
import io.sparkctr.models.train.TrainSchedule;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Lineage travels with the bundle; serving bundles drop the optimizer state and score the same; old bundles load. */
@Tag("integration")
class BundleLineageTest {
  static final BundleLineage LINEAGE = new BundleLineage("0.1.0", "0123456789abcdef0123456789abcdef01234567",
      "2026-12-01T06:00:00Z", "3.5.7", "1.0.0-M2.1", "17.0.15", "train", List.of("my.conf"),
      Map.of("training", Map.of("epochs", 3), "model", Map.of("type", "deepfm", "hidden", List.of(8))),
      List.of(new BundleLineage.Input("features", "hdfs:///f", 4000), new BundleLineage.Input("train", "hdfs:///f/train",
          3000)), null);
  static ModelBundle bundle;
  static List<FeatureRow> val;

  @BeforeAll
  static void train() {
    ModelSpec spec = ModelBundleTest.spec(ModelType.DEEPFM).build();
    List<FeatureRow> train = ModelBundleTest.rows(3000, 1);
    val = ModelBundleTest.rows(1000, 2);
    LocalTrainer.Result r = LocalTrainer.train(spec, train, val, new TrainSchedule(1, 128, 1, 1, 0.5, 1), 1.0);
    bundle = new ModelBundle(r.model(), ModelBundleTest.manifest(1.0), spec, new TrainingSummary(train.size(),
        val.size(), r.bestEpoch(), r.validation().auc(), r.validation().logloss(), r.epochs())).withLineage(LINEAGE);
  }

  @Test
  void lineageRoundTripsAndTheServingBundleScoresIdentically(@TempDir Path dir) throws IOException {
    Path full = dir.resolve("full");
    Path serving = dir.resolve("serving");
    bundle.write(full, true);
    bundle.write(serving);
    ModelBundle f = ModelBundle.read(full);
    ModelBundle s = ModelBundle.read(serving);
    assertEquals(LINEAGE, f.lineage());
    assertEquals(LINEAGE, s.lineage());
    assertEquals(3, ((Map<?, ?>) s.lineage().config().get("training")).get("epochs"));
    double[] expected = new BundleScorer(bundle).score(val);
    assertArrayEquals(expected, new BundleScorer(f).score(val));
    assertArrayEquals(expected, new BundleScorer(s).score(val), "serving bundle: bit-identical scores");
    assertTrue(Json.PRETTY.readTree(Files.readString(serving.resolve(BundleMarker.FILE))).path("optimizerState")
        .asBoolean(true) == false);
    assertTrue(f.model().getUpdater().getStateViewArray() != null, "the full bundle keeps DL4J's updater state");
    long fullBytes = size(full);
    long servingBytes = size(serving);
    System.out.printf("bundle bytes: with optimizer state %,d, serving %,d%n", fullBytes, servingBytes);
    assertTrue(servingBytes < fullBytes, servingBytes + " vs " + fullBytes);
    assertTrue(Files.size(serving.resolve(ModelBundle.MODEL)) < Files.size(full.resolve(ModelBundle.MODEL)));
  }

  @Test
  void bundlesWithoutLineageOrWithANewerOnesFieldsStillLoad(@TempDir Path dir) throws IOException {
    Path old = dir.resolve("old");
    bundle.write(old);
    Files.delete(old.resolve(ModelBundle.LINEAGE));
    BundleMarker.write(old, BundleMarker.readUnverified(old).tables(), false, Quantization.NONE); // as that writer sealed it
    ModelBundle o = ModelBundle.read(old);
    assertNull(o.lineage());
    assertArrayEquals(new BundleScorer(bundle).score(val), new BundleScorer(o).score(val));
    Path noLineage = dir.resolve("none");
    new ModelBundle(bundle.model(), bundle.manifest(), bundle.spec(), bundle.summary()).write(noLineage);
    assertFalse(Files.exists(noLineage.resolve(ModelBundle.LINEAGE)));

    Path newer = dir.resolve("newer");
    bundle.write(newer);
    String json = Files.readString(newer.resolve(ModelBundle.LINEAGE));
    Files.writeString(newer.resolve(ModelBundle.LINEAGE), json.replaceFirst("\\{", "{\"addedLater\": 1,"));
    BundleMarker.write(newer, BundleMarker.readUnverified(newer).tables(), false, Quantization.NONE);
    assertEquals(LINEAGE, ModelBundle.read(newer).lineage());
  }

  @Test
  void derivedLineageKeepsTheTrainingFacts() {
    BundleLineage d = LINEAGE.derived("export", "2026-12-02T00:00:00Z", "hdfs:///models/a");
    assertEquals("export", d.command());
    assertEquals("hdfs:///models/a", d.parent());
    assertEquals(LINEAGE.config(), d.config());
    assertEquals(LINEAGE.inputs(), d.inputs());
    assertEquals(LINEAGE.gitCommit(), d.gitCommit());
  }

  private static long size(Path dir) throws IOException {
    try (Stream<Path> s = Files.walk(dir)) {
      return s.filter(Files::isRegularFile).mapToLong(p -> p.toFile().length()).sum();
    }
  }
}
