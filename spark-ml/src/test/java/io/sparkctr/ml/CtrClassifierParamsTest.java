package io.sparkctr.ml;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.Config;
import io.sparkctr.common.config.ConfigLoader;
import java.util.Arrays;
import java.util.List;
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
        .setCategoricalCols("c1").setTestFraction(0.2);
    m = assertThrows(IllegalArgumentException.class, () -> lastDays.transformSchema(logs())).getMessage();
    assertTrue(m.contains("split.mode = fractions") && m.contains("last-days"), m);
    CtrClassifier absent = new CtrClassifier().setCategoricalCols("c1", "c2");
    m = assertThrows(IllegalArgumentException.class, () -> absent.transformSchema(logs())).getMessage();
    assertTrue(m.contains("Cannot fit: column(s) [c2] absent"), m);

    StructType out = new CtrClassifier().setCategoricalCols("c1").setNumericCols("n1").transformSchema(logs("note"));
    assertEquals(List.of("label", "timestamp", "c1", "n1", "note", "probability", "rawPrediction", "prediction"),
        Arrays.asList(out.fieldNames()));
    StructType two = new CtrClassifier().setCategoricalCols("c1").setPredictionCol("").setRawPredictionCol("")
        .setProbabilityCol("pctr").transformSchema(logs());
    assertEquals("pctr", two.fieldNames()[two.size() - 1]);
    assertEquals(5, two.size());
    m = assertThrows(IllegalArgumentException.class, () -> new CtrClassifier().setCategoricalCols("c1")
        .setProbabilityCol("note").transformSchema(logs("note"))).getMessage();
    assertTrue(m.contains("output column 'note' already exists"), m);
  }

  @Test
  void sparkFindsEveryParamWithItsDoc() {
    CtrClassifier c = new CtrClassifier();
    assertEquals(28, c.params().length, c.explainParams());
    String explained = c.explainParams();
    assertTrue(explained.contains("maxEpochs: epochs at most") && explained.contains("(default: "
        + ConfigLoader.defaults().resolve().getInt("sparkctr.training.epochs") + ")"), explained);
    assertTrue(explained.contains("handleInvalid") && explained.contains("configOverrides"), explained);
    assertTrue(c.hasParam("probabilityCol") && c.hasParam("hiddenLayers"));
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
