package io.sparkctr.jobs.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparkctr.common.build.BuildInfo;
import io.sparkctr.common.json.Json;
import io.sparkctr.features.SparkTestSession;
import io.sparkctr.jobs.PlantedFeatures;
import io.sparkctr.models.bundle.BundleLineage;
import io.sparkctr.models.bundle.ModelBundle;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code sparkctr train} with {@code --set}, the lineage it records, and {@code sparkctr export}, through {@link Main#run}. */
@Tag("integration")
class TrainCliTest {
  @TempDir
  Path dir;

  @Test
  void trainRecordsLineageWithTheOverridesAndExportKeepsIt() throws Exception {
    var spark = SparkTestSession.get();
    String features = PlantedFeatures.features();
    Path conf = dir.resolve("small.conf");
    Files.writeString(conf, "include \"" + PlantedFeatures.PRESET.getAbsoluteFile() + "\"\n" + PlantedFeatures.SMALL);
    Path model = dir.resolve("model");
    Instant before = Instant.now();
    CliTest.Run r = CliTest.run("train", "--conf", conf.toString(), "--features", features, "--model-out",
        model.toString(), "--set", "training.epochs=1", "--set", "sparkctr.model.embedding-dim=4");
    assertEquals(Main.EXIT_OK, r.code(), r.err());
    assertTrue(r.out().contains("sparkctr train: published " + model + " (epoch 1 kept"), r.out());

    ModelBundle b = ModelBundle.read(model);
    BundleLineage l = b.lineage();
    assertEquals(BuildInfo.current().version(), l.sparkctrVersion());
    assertEquals(BuildInfo.current().gitCommit(), l.gitCommit());
    assertEquals(spark.version(), l.sparkVersion());
    assertEquals("1.0.0-M2.1", l.dl4jVersion());
    assertEquals("train", l.command());
    assertEquals(List.of(conf.toString(), "--set sparkctr.model.embedding-dim=4", "--set training.epochs=1"),
        l.configSource());
    Instant created = Instant.parse(l.createdAt());
    assertFalse(created.isBefore(before) || created.isAfter(Instant.now()), l.createdAt());
    Map<?, ?> training = (Map<?, ?>) l.config().get("training");
    Map<?, ?> m = (Map<?, ?>) l.config().get("model");
    assertEquals(1, training.get("epochs"), "the --set is in the effective config");
    assertEquals(4, m.get("embedding-dim"));
    assertEquals(List.of(32), m.get("hidden"), "the file's value");
    assertEquals(4, b.spec().embeddingDim(), "and it was trained with");
    assertEquals(List.of(new BundleLineage.Input("features", features, b.manifest().counts().rowsRead()),
        new BundleLineage.Input("train", features + "/train", b.summary().trainRows()),
        new BundleLineage.Input("validation", features + "/validation", b.summary().validationRows())), l.inputs());
    assertEquals(40_000, b.manifest().counts().rowsRead());
    assertFalse(Json.PRETTY.readTree(Files.readString(model.resolve("bundle.json"))).path("optimizerState")
        .asBoolean(true), "train publishes the serving bundle");

    Path exported = dir.resolve("exported");
    r = CliTest.run("export", "--model", model.toString(), "--output", exported.toString());
    assertEquals(Main.EXIT_OK, r.code(), r.err());
    ModelBundle e = ModelBundle.read(exported);
    assertEquals("export", e.lineage().command());
    assertEquals(model.toString(), e.lineage().parent());
    assertEquals(l.config(), e.lineage().config());
    assertEquals(l.inputs(), e.lineage().inputs());
    assertEquals(b.model().params(), e.model().params());
    r = CliTest.run("export", "--model", model.toString(), "--output", exported.toString());
    assertEquals(Main.EXIT_BAD_INPUT, r.code(), "an existing output without --overwrite");
  }
}
