package io.sparkctr.models.graph;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigValueFactory;
import io.sparkctr.common.json.Json;
import io.sparkctr.models.tables.TableOptimizer;
import java.lang.reflect.RecordComponent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The builder, the config factory and the JSON of {@link ModelSpec}. The expected JSON below is what the
 * 21-argument constructors wrote before the builder, byte for byte: checkpoints compare the spec's compact
 * JSON as text and bundles keep the indented one, so it must not change.
 */
class ModelSpecTest {
  /** The embedding table's default when these strings were written (it regularizes every row since). */
  static final TableOptimizer ADAGRAD = new TableOptimizer("adagrad", 0.01, 0, 0);
  static final ModelSpec LR = ModelSpec.builder(ModelType.LR, 5, 1 << 12).embeddingDim(1).hidden().learningRate(1e-2)
      .seed(3).embeddingTable(ADAGRAD).build();

  /** Every component away from the builder's defaults (see {@link #toBuilderKeepsEveryComponent}). */
  static final ModelSpec FULL = ModelSpec.builder(ModelType.DEEPFM, 16, 1 << 18).denseFeatures(2).embeddingDim(8)
      .hidden(400, 200).activation("tanh").dropout(0.25).wideL1(1e-6).wideL2(2e-5).deepL1(3e-4).deepL2(0.001)
      .optimizer("SGD").learningRate(0.002).gradientClip(5).positiveWeight(3.5).seed(-17)
      .linearTable(new TableOptimizer("adam", 0.003, 0.1, 1e-7)).embeddingTable(new TableOptimizer("ftrl", 0.05, 0, 2))
      .bagLengths(List.of(5, 2))
      .tables(List.of(new TableGroup("items", 1 << 20, 8, List.of(1, 16)),
          new TableGroup(TableGroup.DEFAULT, 1 << 18, 8, List.of(0, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 17))))
      .inputDropout(0.0).outputDropout(0.1).fieldDropout(0.2)
      .cross(new CrossNetwork(2, 16, CrossStructure.PARALLEL, 1e-5))
      .build();

  static final ModelSpec GROUPED = ModelSpec.builder(ModelType.WIDE_DEEP, 3, 1 << 10).denseFeatures(1).embeddingDim(4)
      .hidden(8).optimizer("adagrad").learningRate(0.01).seed(7).bagLengths(List.of(5)).embeddingTable(ADAGRAD)
      .tables(List.of(new TableGroup("items", 1 << 20, 32, List.of(1, 3)),
          new TableGroup(TableGroup.DEFAULT, 1 << 18, 16, List.of(0, 2))))
      .build();

  @Test
  void compactJsonIsByteIdenticalToWhatTheConstructorsWrote() throws Exception {
    assertEquals("{\"type\":\"LR\",\"fields\":5,\"denseFeatures\":0,\"hashSize\":4096,\"embeddingDim\":1,\"hidden\":[],"
        + "\"activation\":\"relu\",\"dropout\":0.0,\"wideL1\":0.0,\"wideL2\":0.0,\"deepL1\":0.0,\"deepL2\":0.0,"
        + "\"optimizer\":\"adam\",\"learningRate\":0.01,\"gradientClip\":0.0,\"positiveWeight\":1.0,\"seed\":3,"
        + "\"linearTable\":{\"name\":\"ftrl\",\"learningRate\":0.05,\"l1\":0.0,\"l2\":0.0},"
        + "\"embeddingTable\":{\"name\":\"adagrad\",\"learningRate\":0.01,\"l1\":0.0,\"l2\":0.0},\"bagLengths\":[]}",
        Json.COMPACT.writeValueAsString(LR));
    assertEquals("{\"type\":\"DEEPFM\",\"fields\":16,\"denseFeatures\":2,\"hashSize\":262144,\"embeddingDim\":8,"
        + "\"hidden\":[400,200],\"activation\":\"tanh\",\"dropout\":0.25,\"wideL1\":1.0E-6,\"wideL2\":2.0E-5,"
        + "\"deepL1\":3.0E-4,\"deepL2\":0.001,\"optimizer\":\"sgd\",\"learningRate\":0.002,\"gradientClip\":5.0,"
        + "\"positiveWeight\":3.5,\"seed\":-17,\"linearTable\":{\"name\":\"adam\",\"learningRate\":0.003,\"l1\":0.1,"
        + "\"l2\":1.0E-7},\"embeddingTable\":{\"name\":\"ftrl\",\"learningRate\":0.05,\"l1\":0.0,\"l2\":2.0},"
        + "\"bagLengths\":[5,2]}",
        Json.COMPACT.writeValueAsString(FULL.toBuilder().tables(List.of()).inputDropout(null).outputDropout(0)
            .fieldDropout(0).cross(CrossNetwork.DEFAULT).l2Mode(L2Mode.COUPLED).build()));
    assertEquals("{\"type\":\"WIDE_DEEP\",\"fields\":3,\"denseFeatures\":1,\"hashSize\":1024,\"embeddingDim\":4,"
        + "\"hidden\":[8],\"activation\":\"relu\",\"dropout\":0.0,\"wideL1\":0.0,\"wideL2\":0.0,\"deepL1\":0.0,"
        + "\"deepL2\":0.0,\"optimizer\":\"adagrad\",\"learningRate\":0.01,\"gradientClip\":0.0,\"positiveWeight\":1.0,"
        + "\"seed\":7,\"linearTable\":{\"name\":\"ftrl\",\"learningRate\":0.05,\"l1\":0.0,\"l2\":0.0},"
        + "\"embeddingTable\":{\"name\":\"adagrad\",\"learningRate\":0.01,\"l1\":0.0,\"l2\":0.0},\"bagLengths\":[5],"
        + "\"tables\":[{\"name\":\"items\",\"rows\":1048576,\"dim\":32,\"fields\":[1,3]},"
        + "{\"name\":\"default\",\"rows\":262144,\"dim\":16,\"fields\":[0,2]}]}",
        Json.COMPACT.writeValueAsString(GROUPED));
  }

  @Test
  void indentedJsonIsByteIdenticalToWhatTheConstructorsWrote() throws Exception {
    assertEquals("""
        {
          "type" : "WIDE_DEEP",
          "fields" : 3,
          "denseFeatures" : 1,
          "hashSize" : 1024,
          "embeddingDim" : 4,
          "hidden" : [ 8 ],
          "activation" : "relu",
          "dropout" : 0.0,
          "wideL1" : 0.0,
          "wideL2" : 0.0,
          "deepL1" : 0.0,
          "deepL2" : 0.0,
          "optimizer" : "adagrad",
          "learningRate" : 0.01,
          "gradientClip" : 0.0,
          "positiveWeight" : 1.0,
          "seed" : 7,
          "linearTable" : {
            "name" : "ftrl",
            "learningRate" : 0.05,
            "l1" : 0.0,
            "l2" : 0.0
          },
          "embeddingTable" : {
            "name" : "adagrad",
            "learningRate" : 0.01,
            "l1" : 0.0,
            "l2" : 0.0
          },
          "bagLengths" : [ 5 ],
          "tables" : [ {
            "name" : "items",
            "rows" : 1048576,
            "dim" : 32,
            "fields" : [ 1, 3 ]
          }, {
            "name" : "default",
            "rows" : 262144,
            "dim" : 16,
            "fields" : [ 0, 2 ]
          } ]
        }""".replace("\n", System.lineSeparator()), Json.PRETTY.writeValueAsString(GROUPED));
  }

  /** The committed bundle's spec.json reads and writes back unchanged; its compact form is the checkpoint's. */
  @Test
  void theFixtureBundlesSpecReadsAndWritesBackUnchanged() throws Exception {
    String text = Files.readString(Path.of("src/test/resources/fixtures/bundle-format2/spec.json"));
    ModelSpec spec = Json.PRETTY.readValue(text, ModelSpec.class);
    assertEquals(text, Json.PRETTY.writeValueAsString(spec));
    // specJson of spark-training's fixtures/checkpoints-format2/epoch-0001/state.json
    assertEquals("{\"type\":\"DEEPFM\",\"fields\":16,\"denseFeatures\":1,\"hashSize\":256,\"embeddingDim\":2,"
        + "\"hidden\":[4],\"activation\":\"relu\",\"dropout\":0.0,\"wideL1\":0.0,\"wideL2\":1.0E-5,\"deepL1\":0.0,"
        + "\"deepL2\":0.001,\"optimizer\":\"adam\",\"learningRate\":0.002,\"gradientClip\":0.0,\"positiveWeight\":1.0,"
        + "\"seed\":42,\"linearTable\":{\"name\":\"ftrl\",\"learningRate\":0.05,\"l1\":0.0,\"l2\":0.0},"
        + "\"embeddingTable\":{\"name\":\"adagrad\",\"learningRate\":0.01,\"l1\":0.0,\"l2\":0.0},\"bagLengths\":[]}",
        Json.COMPACT.writeValueAsString(spec));
    assertEquals(spec, ModelSpec.builder(ModelType.DEEPFM, 16, 256).denseFeatures(1).embeddingDim(2).hidden(4)
        .wideL2(1e-5).deepL2(0.001).learningRate(0.002).embeddingTable(ADAGRAD).l2Mode(L2Mode.COUPLED).build(),
        "a spec written before l2Mode trained with coupled L2");
  }

  /**
   * l2Mode: decoupled (the builder's and the config's default) is written after the older components;
   * coupled is not written and is what a spec without it reads as; without any L2 the mode is recorded as
   * coupled (it changes nothing), so such a spec is written as before the mode existed, and its copy
   * takes the default for L2 set later.
   */
  @Test
  void l2ModeIsWrittenOnlyWhenDecoupledAndSomeL2IsSet() throws Exception {
    ModelSpec decoupled = LR.toBuilder().deepL2(1e-3).build();
    assertEquals(L2Mode.DECOUPLED, decoupled.l2Mode());
    String json = Json.COMPACT.writeValueAsString(decoupled);
    assertTrue(json.endsWith("\"bagLengths\":[],\"l2Mode\":\"DECOUPLED\"}"), json);
    assertEquals(decoupled, Json.COMPACT.readValue(json, ModelSpec.class));
    ModelSpec old = Json.COMPACT.readValue(json.replace(",\"l2Mode\":\"DECOUPLED\"", ""), ModelSpec.class);
    assertEquals(L2Mode.COUPLED, old.l2Mode());
    assertFalse(Json.COMPACT.writeValueAsString(old).contains("l2Mode"));

    ModelSpec none = LR.toBuilder().l2Mode(L2Mode.DECOUPLED).build();
    assertEquals(L2Mode.COUPLED, none.l2Mode(), "no L2: recorded as coupled");
    assertFalse(Json.COMPACT.writeValueAsString(none).contains("l2Mode"));
    assertEquals(L2Mode.DECOUPLED, none.toBuilder().wideL2(1e-5).build().l2Mode());
    assertEquals(L2Mode.DECOUPLED, LR.toBuilder().cross(new CrossNetwork(3, 32, CrossStructure.STACKED, 1e-4))
        .type(ModelType.DCN_V2).hidden(4).build().l2Mode(), "cross-l2 counts");
  }

  @Test
  void theL2ModeKeyIsReadAndABadValueNamed() {
    assertEquals(L2Mode.COUPLED, ModelSpec.from(CrossNetworkSpecTest.model("cross-l2 = 1e-4, l2-mode = Coupled"),
        "test", TableGroupsTest.manifest(List.of())).l2Mode());
    assertEquals(L2Mode.DECOUPLED, ModelSpec.from(CrossNetworkSpecTest.model("cross-l2 = 1e-4"),
        "test", TableGroupsTest.manifest(List.of())).l2Mode(), "absent: decoupled");
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> ModelSpec.check(CrossNetworkSpecTest.model("l2-mode = adamw"), "my.conf"));
    assertTrue(e.getMessage().startsWith("Cannot read sparkctr.model.l2-mode of my.conf: 'adamw' (")
        && e.getMessage().endsWith(") is not one of [decoupled, coupled]"), e.getMessage());
  }

  /**
   * A new component needs a builder setter of its name, a default, the copy in toBuilder and a value
   * in {@link #FULL} other than the default: this fails until all four are there.
   */
  /** The dropouts added after the format was fixed are written only when set, after the older components. */
  @Test
  void newerDropoutsAreWrittenOnlyWhenSet() throws Exception {
    String json = Json.COMPACT.writeValueAsString(LR.toBuilder().inputDropout(0.0).outputDropout(0.1).fieldDropout(0.2)
        .build());
    assertTrue(json.endsWith("\"bagLengths\":[],\"inputDropout\":0.0,\"outputDropout\":0.1,\"fieldDropout\":0.2}"), json);
    ModelSpec read = Json.COMPACT.readValue(json, ModelSpec.class);
    assertEquals(0.0, read.mlpInputDropout());
    assertEquals(0.25, LR.toBuilder().dropout(0.25).build().mlpInputDropout(), "input-dropout unset: dropout's");
    assertThrows(IllegalArgumentException.class, () -> LR.toBuilder().fieldDropout(1).build());
    assertThrows(IllegalArgumentException.class, () -> LR.toBuilder().inputDropout(-0.5).build());
  }

  @Test
  void toBuilderKeepsEveryComponent() throws Exception {
    assertEquals(FULL, FULL.toBuilder().build());
    assertEquals(FULL, Json.COMPACT.readValue(Json.COMPACT.writeValueAsString(FULL), ModelSpec.class));
    ModelSpec defaults = ModelSpec.builder(FULL.type(), FULL.fields(), FULL.hashSize()).build();
    Set<String> required = Set.of("type", "fields", "hashSize");
    for (RecordComponent c : ModelSpec.class.getRecordComponents()) {
      ModelSpec.Builder.class.getMethod(c.getName(), c.getType());
      if (!required.contains(c.getName())) {
        assertNotEquals(c.getAccessor().invoke(defaults), c.getAccessor().invoke(FULL),
            c.getName() + ": set it away from the default in FULL");
      }
    }
  }

  /** The builder's defaults are the config's: a spec from conf/defaults.conf equals one built with none set. */
  @Test
  void theBuildersDefaultsAreThoseOfTheDefaultConfig() {
    Config defaults = ConfigFactory.parseFile(Path.of("../conf/defaults.conf").toFile()).resolve();
    ModelSpec fromConfig = ModelSpec.from(defaults, "defaults.conf", TableGroupsTest.manifest(List.of()));
    assertEquals(ModelSpec.builder(ModelType.DEEPFM, 3, 1 << 18).bagLengths(List.of(5)).build(), fromConfig);
  }

  static final String MODEL = """
      sparkctr.model {
        type = wide-deep, embedding-dim = 16, table-dims { items = 32 }, hidden = [400, 400], activation = relu
        dropout = 0.1, wide-l1 = 0.0, wide-l2 = 1e-5, deep-l1 = 0.0, deep-l2 = 0.001, optimizer = Adam
        learning-rate = 0.001, gradient-clip = 0.0, positive-weight = 2.0, seed = 42
        tables {
          linear { optimizer = ftrl, learning-rate = 0.05, l1 = 0.5, l2 = 0.0 }
          embedding { optimizer = adagrad, learning-rate = 0.01, l1 = 0.0, l2 = 1e-6 }
        }
      }
      """;

  /**
   * sparkctr.model plus a manifest: the JSON the former {@code ModelSpecs.from} wrote, byte for byte, with
   * {@code l2-mode = coupled} (how its L2 acted; the default, decoupled, adds {@code "l2Mode":"DECOUPLED"}).
   */
  @Test
  void fromConfigAndManifestWritesTheSameJsonAsBefore() throws Exception {
    Config c = ConfigFactory.parseString(MODEL + "sparkctr.model.l2-mode = coupled").resolve();
    assertEquals("{\"type\":\"WIDE_DEEP\",\"fields\":3,\"denseFeatures\":0,\"hashSize\":262144,\"embeddingDim\":16,"
        + "\"hidden\":[400,400],\"activation\":\"relu\",\"dropout\":0.1,\"wideL1\":0.0,\"wideL2\":1.0E-5,"
        + "\"deepL1\":0.0,\"deepL2\":0.001,\"optimizer\":\"adam\",\"learningRate\":0.001,\"gradientClip\":0.0,"
        + "\"positiveWeight\":2.0,\"seed\":42,\"linearTable\":{\"name\":\"ftrl\",\"learningRate\":0.05,\"l1\":0.5,"
        + "\"l2\":0.0},\"embeddingTable\":{\"name\":\"adagrad\",\"learningRate\":0.01,\"l1\":0.0,\"l2\":1.0E-6},"
        + "\"bagLengths\":[5],\"tables\":[{\"name\":\"items\",\"rows\":1048576,\"dim\":32,\"fields\":[1,3]},"
        + "{\"name\":\"default\",\"rows\":262144,\"dim\":16,\"fields\":[0,2]}]}",
        Json.COMPACT.writeValueAsString(ModelSpec.from(c, "test", TableGroupsTest.manifest(TableGroupsTest.TABLES))));
    Config one = c.withValue("sparkctr.model.type", ConfigValueFactory.fromAnyRef("deepfm"))
        .withoutPath("sparkctr.model.table-dims");
    assertEquals("{\"type\":\"DEEPFM\",\"fields\":3,\"denseFeatures\":0,\"hashSize\":262144,\"embeddingDim\":16,"
        + "\"hidden\":[400,400],\"activation\":\"relu\",\"dropout\":0.1,\"wideL1\":0.0,\"wideL2\":1.0E-5,"
        + "\"deepL1\":0.0,\"deepL2\":0.001,\"optimizer\":\"adam\",\"learningRate\":0.001,\"gradientClip\":0.0,"
        + "\"positiveWeight\":2.0,\"seed\":42,\"linearTable\":{\"name\":\"ftrl\",\"learningRate\":0.05,\"l1\":0.5,"
        + "\"l2\":0.0},\"embeddingTable\":{\"name\":\"adagrad\",\"learningRate\":0.01,\"l1\":0.0,\"l2\":1.0E-6},"
        + "\"bagLengths\":[5]}",
        Json.COMPACT.writeValueAsString(ModelSpec.from(one, "test", TableGroupsTest.manifest(List.of()))));
  }

  @Test
  void checkNamesTheBadValueAndWhereItWasSet() {
    Config c = ConfigFactory.parseString(MODEL).resolve();
    ModelSpec.check(c, "test");
    IllegalArgumentException type = assertThrows(IllegalArgumentException.class, () -> ModelSpec.check(
        c.withValue("sparkctr.model.type", ConfigValueFactory.fromAnyRef("gbdt", "my.conf line 3")), "my.conf"));
    assertTrue(type.getMessage().startsWith("Cannot read sparkctr.model.type of my.conf: 'gbdt' (my.conf line 3) "
        + "is not one of lr, fm, wide-deep, deepfm, dcn-v2"), type.getMessage());
    IllegalArgumentException missing = assertThrows(IllegalArgumentException.class,
        () -> ModelSpec.check(c.withoutPath("sparkctr.model.seed"), "my.conf"));
    assertTrue(missing.getMessage().startsWith("Cannot read sparkctr.model of my.conf: "), missing.getMessage());
    IllegalArgumentException range = assertThrows(IllegalArgumentException.class, () -> ModelSpec.check(
        c.withValue("sparkctr.model.dropout", ConfigValueFactory.fromAnyRef(1.0)), "my.conf"));
    assertEquals("Cannot build model spec: dropout 1.0 outside [0, 1)", range.getMessage());
  }

  @Test
  void buildValidatesAsTheConstructorDoes() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> ModelSpec.builder(ModelType.DEEPFM, 3, 64).hidden().build());
    assertEquals("Cannot build model spec: DEEPFM needs at least one hidden layer", e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> LR.toBuilder().optimizer("rmsprop").build());
    assertEquals("Cannot build model spec: optimizer 'rmsprop' not one of [adam, adagrad, sgd]", e.getMessage());
    assertEquals(Map.of("type", ModelType.FM), Map.of("type", LR.toBuilder().type(ModelType.FM).build().type()));
  }

  @Test
  void modelTypesAreOneList() {
    assertEquals(List.of("lr", "fm", "wide-deep", "deepfm", "dcn-v2"), ModelType.configNames());
    for (ModelType t : ModelType.values()) {
      assertEquals(t, ModelType.parse(t.configName()));
    }
  }

  /** Decay and shrink are written only when set, and read back; specs without them read as before. */
  @Test
  void everyRowRegularizationIsInTheJsonOnlyWhenSet() throws Exception {
    String plain = Json.COMPACT.writeValueAsString(LR);
    assertTrue(!plain.contains("decay") && !plain.contains("shrink"), plain);
    ModelSpec decayed = LR.toBuilder().type(ModelType.DEEPFM).embeddingDim(4).hidden(List.of(8))
        .embeddingTable(new TableOptimizer("adagrad", 0.01, 0, 0, 0.3, 0.001)).build();
    String json = Json.COMPACT.writeValueAsString(decayed);
    assertTrue(json.contains("\"decay\":0.3") && json.contains("\"shrink\":0.001"), json);
    assertEquals(decayed, Json.COMPACT.readValue(json, ModelSpec.class));
  }

  @Test
  void deepL2WithoutTableRegularizationIsWarnedAbout() {
    ModelSpec deep = LR.toBuilder().type(ModelType.DEEPFM).embeddingDim(4).hidden(List.of(8)).deepL2(1e-3).build();
    assertTrue(deep.tableRegularizationWarning().orElseThrow().contains("tables.embedding.decay"));
    assertTrue(deep.toBuilder().embeddingTable(new TableOptimizer("adagrad", 0.01, 0, 0, 0.3, 0)).build()
        .tableRegularizationWarning().isEmpty());
    assertTrue(LR.tableRegularizationWarning().isEmpty());
  }
}
