package io.sparkctr.ml;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.Config;
import io.sparkctr.common.config.ConfigLoader;
import io.sparkctr.features.config.MultiValuedSpec;
import io.sparkctr.features.config.Pooling;
import io.sparkctr.features.config.SplitSpec;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.ml.linalg.SQLDataTypes;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

/** The estimator's params: defaults from the config file's defaults, precedence, validation before any work. */
class CtrClassifierParamsTest {
  static final String PRESET = "../conf/presets/synthetic.conf";

  static StructType logs(String... extra) {
    StructType s = new StructType().add("label", DataTypes.IntegerType).add("timestamp", DataTypes.LongType)
        .add("c1", DataTypes.StringType).add("n1", DataTypes.DoubleType);
    for (String e : extra) {
      s = s.add(e, DataTypes.StringType);
    }
    return s;
  }

  /** The multi-valued fields fit would read, after transformSchema has checked the settings and columns. */
  static List<MultiValuedSpec> specs(CtrClassifier c, StructType schema) {
    c.transformSchema(schema);
    return FitSettings.of(c.effectiveConfig(), "test", "raw", "features").features().schema().multiValued();
  }

  @Test
  void defaultsAreTheConfigFilesDefaults() {
    Config d = ConfigLoader.defaults().resolve();
    CtrClassifier c = new CtrClassifier();
    assertEquals(d.getInt("sparkctr.features.hashing.bits"), c.getHashBits());
    assertEquals(d.getString("sparkctr.model.type"), c.getModelType());
    assertEquals(d.getInt("sparkctr.training.epochs"), c.getMaxEpochs());
    assertEquals(d.getDouble("sparkctr.model.learning-rate"), c.getLearningRate());
    assertEquals(d.getString("sparkctr.features.schema.label"), c.getLabelCol());
    assertArrayEquals(new String[0], c.getCategoricalCols());
    assertArrayEquals(new String[0], c.getMultiValuedCols());
    // a multi-valued entry's defaults (conf/defaults.conf documents them)
    assertEquals("|", c.getOrDefault(c.multiValuedSeparator()));
    assertEquals(50, c.getOrDefault(c.multiValuedMaxLength()));
    assertEquals("mean", c.getOrDefault(c.multiValuedPooling()));
    assertEquals(d.getIntList("sparkctr.model.hidden"),
        Arrays.stream((int[]) c.getOrDefault(c.hiddenLayers())).boxed().toList());
  }

  @Test
  void setParamsWinOverOverridesWhichWinOverTheFile() {
    CtrClassifier c = new CtrClassifier().setConfigFile(PRESET)
        .setConfigOverrides("sparkctr.training.epochs = 2\nsparkctr.model.embedding-dim = 4")
        .setEmbeddingDim(6).setHiddenLayers(8, 4).setCategoricalCols("c1");
    Config e = c.effectiveConfig();
    assertEquals(2, e.getInt("sparkctr.training.epochs"), "overrides over the file (preset says 4)");
    assertEquals(6, e.getInt("sparkctr.model.embedding-dim"), "a set param over the overrides");
    assertEquals(List.of(8, 4), e.getIntList("sparkctr.model.hidden"));
    assertEquals(List.of("c1"), e.getStringList("sparkctr.features.schema.categorical"));
    assertEquals("last-days", e.getString("sparkctr.features.split.mode"), "the file's value where nothing overrides");
    assertEquals(0.002, e.getDouble("sparkctr.model.learning-rate"), "unset param: the file's value, not the default");
  }

  /** DCN-v2's cross network: typed params over the config's keys, defaults from the file, ranges checked on set. */
  @Test
  void crossNetworkParamsSetTheModelsCrossKeys() {
    Config d = ConfigLoader.defaults().resolve();
    CtrClassifier c = new CtrClassifier();
    assertEquals(d.getInt("sparkctr.model.cross-layers"), c.getOrDefault(c.crossLayers()));
    assertEquals(d.getInt("sparkctr.model.cross-rank"), c.getOrDefault(c.crossRank()));
    assertEquals(d.getString("sparkctr.model.structure"), c.getOrDefault(c.crossStructure()));
    Config e = c.setModelType("dcn-v2").setCrossLayers(2).setCrossRank(16).setCrossStructure("parallel")
        .effectiveConfig();
    assertEquals("dcn-v2", e.getString("sparkctr.model.type"));
    assertEquals(2, e.getInt("sparkctr.model.cross-layers"));
    assertEquals(16, e.getInt("sparkctr.model.cross-rank"));
    assertEquals("parallel", e.getString("sparkctr.model.structure"));
    String m = assertThrows(IllegalArgumentException.class, () -> new CtrClassifier().setCrossLayers(0)).getMessage();
    assertTrue(m.contains("crossLayers"), m);
    m = assertThrows(IllegalArgumentException.class, () -> new CtrClassifier().setCrossRank(-1)).getMessage();
    assertTrue(m.contains("crossRank"), m);
    m = assertThrows(IllegalArgumentException.class, () -> new CtrClassifier().setCrossStructure("diagonal"))
        .getMessage();
    assertTrue(m.contains("crossStructure"), m);
  }

  @Test
  void unknownOverrideKeysAndBadValuesAreRefusedByName() {
    CtrClassifier c = new CtrClassifier().setConfigOverrides("sparkctr.training.epocs = 2");
    String m = assertThrows(IllegalArgumentException.class, c::effectiveConfig).getMessage();
    assertTrue(m.contains("unknown key 'sparkctr.training.epocs'") && m.contains("did you mean"), m);
    m = assertThrows(IllegalArgumentException.class, () -> new CtrClassifier().setHashBits(31)).getMessage();
    assertTrue(m.contains("hashBits"), m);
    m = assertThrows(IllegalArgumentException.class, () -> new CtrClassifier().setModelType("xgboost")).getMessage();
    assertTrue(m.contains("modelType"), m);
    m = assertThrows(IllegalArgumentException.class, () -> new CtrClassifier().setHandleInvalid("ignore"))
        .getMessage();
    assertTrue(m.contains("handleInvalid"), m);
  }

  @Test
  void transformSchemaValidatesSettingsAndColumnsBeforeAnyWork() {
    // the feature config's own checks, with its messages
    CtrClassifier noFeatures = new CtrClassifier();
    String m = assertThrows(IllegalArgumentException.class, () -> noFeatures.transformSchema(logs())).getMessage();
    assertTrue(m.contains("no schema.categorical, schema.numeric or schema.multi-valued fields"), m);
    CtrClassifier badCross = new CtrClassifier().setCategoricalCols("c1")
        .setConfigOverrides("sparkctr.features.crosses = [[c1, c9]]");
    m = assertThrows(IllegalArgumentException.class, () -> badCross.transformSchema(logs())).getMessage();
    assertTrue(m.contains("crosses") && m.contains("c9"), m);
    CtrClassifier lastDays = new CtrClassifier().setConfigOverrides("sparkctr.features.split.mode = last-days")
        .setCategoricalCols("c1").setValidationFraction(0.2);
    m = assertThrows(IllegalArgumentException.class, () -> lastDays.transformSchema(logs())).getMessage();
    assertTrue(m.contains("split.mode = fractions") && m.contains("last-days"), m);
    CtrClassifier absent = new CtrClassifier().setCategoricalCols("c1", "c2");
    m = assertThrows(IllegalArgumentException.class, () -> absent.transformSchema(logs())).getMessage();
    assertTrue(m.contains("Cannot fit: column(s) [c2] absent"), m);

    StructType out = new CtrClassifier().setCategoricalCols("c1").setNumericCols("n1").transformSchema(logs("note"));
    assertEquals(List.of("label", "timestamp", "c1", "n1", "note", "clickProbability", "probability", "rawPrediction",
        "prediction"), Arrays.asList(out.fieldNames()));
    // MLlib's types: probability and rawPrediction are vectors, the click probability and prediction doubles
    assertEquals(DataTypes.DoubleType, out.apply("clickProbability").dataType());
    assertEquals(SQLDataTypes.VectorType(), out.apply("probability").dataType());
    assertEquals(SQLDataTypes.VectorType(), out.apply("rawPrediction").dataType());
    assertEquals(DataTypes.DoubleType, out.apply("prediction").dataType());
    StructType two = new CtrClassifier().setCategoricalCols("c1").setPredictionCol("").setRawPredictionCol("")
        .setProbabilityCol("").setClickProbabilityCol("pctr").transformSchema(logs());
    assertEquals("pctr", two.fieldNames()[two.size() - 1]);
    assertEquals(5, two.size());
    m = assertThrows(IllegalArgumentException.class, () -> new CtrClassifier().setCategoricalCols("c1")
        .setPredictionCol("").setRawPredictionCol("").setProbabilityCol("").setClickProbabilityCol("")
        .transformSchema(logs())).getMessage();
    assertTrue(m.contains("Cannot transform: every output column is \"\""), m);
    m = assertThrows(IllegalArgumentException.class, () -> new CtrClassifier().setCategoricalCols("c1")
        .setProbabilityCol("note").transformSchema(logs("note"))).getMessage();
    assertTrue(m.contains("output column 'note' already exists"), m);
  }

  @Test
  void sparkFindsEveryParamWithItsDoc() {
    CtrClassifier c = new CtrClassifier();
    assertEquals(35, c.params().length, c.explainParams());
    String explained = c.explainParams();
    assertTrue(explained.contains("maxEpochs: epochs at most") && explained.contains("(default: "
        + ConfigLoader.defaults().resolve().getInt("sparkctr.training.epochs") + ")"), explained);
    assertTrue(explained.contains("handleInvalid") && explained.contains("configOverrides"), explained);
    assertTrue(c.hasParam("probabilityCol") && c.hasParam("hiddenLayers") && c.hasParam("clickProbabilityCol")
        && c.hasParam("multiValuedCols") && !c.hasParam("testFraction"));
  }

  @Test
  void multiValuedParamsWriteTheConfigsList() {
    String issue = "sparkctr.features.schema.multi-valued = [{ field = tags, separator = \"|\", max-length = 8 }]";
    Config viaOverrides = new CtrClassifier().setCategoricalCols("c1").setConfigOverrides(issue).effectiveConfig();
    CtrClassifier typed = new CtrClassifier().setCategoricalCols("c1").setMultiValuedCols("tags")
        .setMultiValuedSeparator("|").setMultiValuedMaxLength(8);
    assertEquals(MultiValuedSpec.parseAll(viaOverrides.getList(MultiValuedParams.KEY)),
        MultiValuedSpec.parseAll(typed.effectiveConfig().getList(MultiValuedParams.KEY)));
    assertEquals(List.of(new MultiValuedSpec("tags", "|", 8, Pooling.MEAN, "", MultiValuedSpec.Sequence.NONE)),
        specs(typed, logs("tags")));

    // a field's own keys in the overrides stay; the set shared params are written over every field
    CtrClassifier merged = new CtrClassifier().setCategoricalCols("c1").setConfigOverrides(
        "sparkctr.features.schema.multi-valued = [{ field = a, pooling = weighted, weights = aw, sequence = "
            + "oldest-first }, { field = b, max-length = 3 }]").setMultiValuedCols("a", "c").setMultiValuedMaxLength(5);
    assertEquals(List.of(new MultiValuedSpec("a", "|", 5, Pooling.WEIGHTED, "aw", MultiValuedSpec.Sequence.OLDEST_FIRST),
        new MultiValuedSpec("c", "|", 5, Pooling.MEAN, "", MultiValuedSpec.Sequence.NONE)),
        specs(merged, logs("a", "aw", "c")));
    // only shared params set: the fields of the overrides
    List<MultiValuedSpec> shared = specs(new CtrClassifier().setCategoricalCols("c1").setConfigOverrides(
        "sparkctr.features.schema.multi-valued = [{ field = a }, { field = b, max-length = 3 }]")
        .setMultiValuedPooling("sum"), logs("a", "b"));
    assertEquals(List.of("a", "b"), shared.stream().map(MultiValuedSpec::field).toList());
    assertEquals(List.of(Pooling.SUM, Pooling.SUM), shared.stream().map(MultiValuedSpec::pooling).toList());
    assertEquals(3, shared.get(1).maxLength());
    // nothing set: the config's list as it is
    assertEquals(List.of(), specs(new CtrClassifier().setCategoricalCols("c1"), logs()));

    // validated when set, naming the param
    for (Runnable bad : List.<Runnable>of(() -> new CtrClassifier().setMultiValuedSeparator("||"),
        () -> new CtrClassifier().setMultiValuedMaxLength(0), () -> new CtrClassifier().setMultiValuedPooling("max"),
        () -> new CtrClassifier().setMultiValuedPooling("weighted"))) {
      String m = assertThrows(IllegalArgumentException.class, bad::run).getMessage();
      assertTrue(m.contains("multiValued"), m);
    }
    // pooling weighted needs the field's weights column: the config's own check, by key
    String m = assertThrows(IllegalArgumentException.class, () -> new CtrClassifier().setMultiValuedCols("a")
        .setConfigOverrides("sparkctr.features.schema.multi-valued = [{ field = a, pooling = weighted, weights = w }]")
        .setMultiValuedPooling("mean").transformSchema(logs("a", "w"))).getMessage();
    assertTrue(m.contains("multi-valued.a") && m.contains("takes no weights column"), m);
  }

  @Test
  void aMultiValuedColumnMayBeAnArrayAndNoOtherMay() {
    StructType s = logs().add("tags", DataTypes.createArrayType(DataTypes.StringType))
        .add("ids", DataTypes.createArrayType(DataTypes.IntegerType));
    new CtrClassifier().setCategoricalCols("c1").setMultiValuedCols("tags", "ids").transformSchema(s);
    String m = assertThrows(IllegalArgumentException.class, () -> new CtrClassifier().setCategoricalCols("c1", "tags")
        .transformSchema(s)).getMessage();
    assertTrue(m.contains("Cannot fit: column 'tags' is array<string>"), m);
    StructType nested = logs().add("tags", DataTypes.createArrayType(DataTypes.createArrayType(DataTypes.StringType)));
    m = assertThrows(IllegalArgumentException.class, () -> new CtrClassifier().setCategoricalCols("c1")
        .setMultiValuedCols("tags").transformSchema(nested)).getMessage();
    assertTrue(m.contains("column 'tags' is array<array<string>>") && m.contains("an array of them"), m);
  }

  @Test
  void fitMakesNoTestSplit() {
    for (String split : List.of("", "sparkctr.features.split { test-fraction = 0.2, min-rows.test = 5 }",
        "sparkctr.features.split { mode = last-days, test-days = 2 }",
        "sparkctr.features.split { mode = instants, validation-start = \"2026-01-05T00:00:00Z\", "
            + "test-start = \"2026-01-06T00:00:00Z\" }")) {
      Config c = new CtrClassifier().setCategoricalCols("c1").setConfigOverrides(split).effectiveConfig();
      SplitSpec s = FitSettings.of(c, "test", "raw", "features").features().split();
      assertEquals(0.0, s.testFraction(), split);
      assertEquals(0, s.testDays(), split);
      assertEquals(0, s.minTestRows(), split);
      assertEquals(Instant.MAX.getEpochSecond(), s.testStart().orElseThrow().getEpochSecond(), split);
      assertEquals(c.getDouble("sparkctr.features.split.validation-fraction"), s.validationFraction(), split);
      assertEquals(c.getInt("sparkctr.features.split.validation-days"), s.validationDays(), split);
    }
  }

  @Test
  void copyKeepsParamsAndAppliesExtras() {
    CtrClassifier c = new CtrClassifier().setCategoricalCols("c1").setMaxEpochs(3);
    CtrClassifier copy = c.copy(new ParamMap().put(c.maxEpochs().w(5)));
    assertEquals(c.uid(), copy.uid());
    assertEquals(5, copy.getMaxEpochs());
    assertEquals(3, c.getMaxEpochs());
    assertArrayEquals(new String[] {"c1"}, copy.getCategoricalCols());
  }
}
