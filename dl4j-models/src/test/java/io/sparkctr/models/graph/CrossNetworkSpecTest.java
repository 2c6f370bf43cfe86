package io.sparkctr.models.graph;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigValueFactory;
import io.sparkctr.common.json.Json;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * DCN-v2's settings in {@link ModelSpec}: the {@code cross} object is in the JSON only when it is not
 * the default (so every spec written before it reads and writes unchanged), round-trips when set, is
 * read from {@code cross-layers}, {@code cross-rank}, {@code structure} and {@code cross-l2}, and bad
 * values are refused naming the key.
 */
class CrossNetworkSpecTest {
  static final CrossNetwork LOW_RANK = new CrossNetwork(2, 8, CrossStructure.PARALLEL, 1e-4);

  static ModelSpec.Builder dcn() {
    return ModelSpec.builder(ModelType.DCN_V2, 5, 1 << 12).embeddingDim(4).hidden(16).seed(3);
  }

  @Test
  void theDefaultCrossNetworkIsLeftOutOfTheJsonAndReadBackWhenAbsent() throws Exception {
    ModelSpec spec = dcn().build();
    String json = Json.COMPACT.writeValueAsString(spec);
    assertFalse(json.contains("cross"), json);
    assertTrue(json.startsWith("{\"type\":\"DCN_V2\","), json);
    assertEquals(spec, Json.COMPACT.readValue(json, ModelSpec.class));
    assertEquals(CrossNetwork.DEFAULT, Json.COMPACT.readValue(json, ModelSpec.class).cross());
    // every other type: as before DCN-v2 (ModelSpecTest holds the byte-for-byte strings)
    assertFalse(Json.PRETTY.writeValueAsString(ModelSpecTest.GROUPED).contains("cross"));
  }

  @Test
  void aSetCrossNetworkIsWrittenAfterTheTablesAndRoundTrips() throws Exception {
    ModelSpec spec = dcn().cross(LOW_RANK).build();
    String json = Json.COMPACT.writeValueAsString(spec);
    assertTrue(json.endsWith("\"bagLengths\":[],\"cross\":{\"layers\":2,\"rank\":8,\"structure\":\"PARALLEL\","
        + "\"l2\":1.0E-4},\"l2Mode\":\"DECOUPLED\"}"), json);
    assertEquals(spec, Json.COMPACT.readValue(json, ModelSpec.class));
    assertEquals(spec, Json.PRETTY.readValue(Json.PRETTY.writeValueAsString(spec), ModelSpec.class));
  }

  @Test
  void sameArchitectureComparesTheCrossShapeOfDcnOnly() {
    ModelSpec a = dcn().cross(LOW_RANK).build();
    assertTrue(a.sameArchitecture(a.toBuilder().cross(new CrossNetwork(2, 8, CrossStructure.PARALLEL, 0)).build()),
        "L2 may differ (a warm start may change it)");
    assertFalse(a.sameArchitecture(a.toBuilder().cross(new CrossNetwork(3, 8, CrossStructure.PARALLEL, 1e-4)).build()));
    assertFalse(a.sameArchitecture(a.toBuilder().cross(new CrossNetwork(2, 0, CrossStructure.PARALLEL, 1e-4)).build()));
    assertFalse(a.sameArchitecture(a.toBuilder().cross(new CrossNetwork(2, 8, CrossStructure.STACKED, 1e-4)).build()));
    ModelSpec deepFm = a.toBuilder().type(ModelType.DEEPFM).build();
    assertTrue(deepFm.sameArchitecture(deepFm.toBuilder().cross(CrossNetwork.DEFAULT).build()), "DeepFM has none");
  }

  static Config model(String extra) {
    return ConfigFactory.parseString(ModelSpecTest.MODEL.replace("type = wide-deep", "type = dcn-v2")
        .replace("table-dims { items = 32 }, ", "") + "sparkctr.model { " + extra + " }").resolve();
  }

  @Test
  void theConfigKeysMakeTheCrossNetworkAndTheirAbsenceTheDefault() {
    ModelSpec spec = ModelSpec.from(model("cross-layers = 2, cross-rank = 8, structure = Parallel, cross-l2 = 1e-4"),
        "test", TableGroupsTest.manifest(List.of()));
    assertEquals(LOW_RANK, spec.cross());
    assertEquals(CrossNetwork.DEFAULT, ModelSpec.from(model(""), "test", TableGroupsTest.manifest(List.of())).cross());
    Config deepFm = model("cross-layers = 2, structure = parallel")
        .withValue("sparkctr.model.type", ConfigValueFactory.fromAnyRef("deepfm"));
    assertEquals(CrossNetwork.DEFAULT, ModelSpec.from(deepFm, "test", TableGroupsTest.manifest(List.of())).cross(),
        "another type's spec does not depend on the cross keys");
  }

  @Test
  void badCrossValuesAreRefusedNamingTheKey() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> ModelSpec.check(model("cross-layers = -1"), "my.conf"));
    assertEquals("Cannot build cross network: cross-layers -1 must be in [1, 64]", e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> ModelSpec.check(model("cross-rank = -2"), "my.conf"));
    assertEquals("Cannot build cross network: cross-rank -2 must be >= 0 (0 = full rank)", e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> ModelSpec.check(model("cross-l2 = -1e-3"), "my.conf"));
    assertEquals("Cannot build cross network: cross-l2 -0.001 must be finite and >= 0", e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> ModelSpec.check(model("structure = diagonal"), "my.conf"));
    assertTrue(e.getMessage().startsWith("Cannot read sparkctr.model.structure of my.conf: 'diagonal' (")
        && e.getMessage().endsWith(") is not one of [stacked, parallel]"), e.getMessage());
    Config deepFm = model("cross-layers = 0").withValue("sparkctr.model.type", ConfigValueFactory.fromAnyRef("deepfm"));
    assertThrows(IllegalArgumentException.class, () -> ModelSpec.check(deepFm, "my.conf"),
        "checked for every type, so a typo waits for no type switch");
    e = assertThrows(IllegalArgumentException.class, () -> dcn().hidden().build());
    assertEquals("Cannot build model spec: DCN_V2 needs at least one hidden layer", e.getMessage());
  }

  @Test
  void structuresAreOneList() {
    assertEquals(List.of("stacked", "parallel"), CrossStructure.configNames());
    for (CrossStructure s : CrossStructure.values()) {
      assertEquals(s, CrossStructure.parse(s.configName()));
    }
    assertEquals(ModelType.DCN_V2, ModelType.parse("dcn-v2"));
    assertEquals("dcn-v2", ModelType.DCN_V2.configName());
  }
}
