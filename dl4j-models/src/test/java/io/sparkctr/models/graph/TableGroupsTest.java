package io.sparkctr.models.graph;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparkctr.common.json.Json;
import io.sparkctr.features.manifest.FeatureManifest;
import io.sparkctr.features.manifest.FeatureManifest.IndexTable;
import io.sparkctr.features.manifest.FeatureManifest.MultiSlot;
import io.sparkctr.features.manifest.FeatureManifest.Slot;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;

/** A manifest's index tables → the model's table groups, and whether a spec fits a manifest. */
class TableGroupsTest {
  static FeatureManifest manifest(List<IndexTable> tables) {
    List<Slot> slots = List.of(new Slot("user", Slot.CATEGORICAL, List.of("user"), null, null, 0, null),
        new Slot("item_id", Slot.CATEGORICAL, List.of("item_id"), null, null, 0, null),
        new Slot("hour-of-day", Slot.TIME, List.of("ts"), "hour-of-day", null, 0, null, "UTC"));
    List<MultiSlot> multi = List.of(new MultiSlot("recent_items", " ", 5, "mean", null, "newest-first", 0, null,
        "item_id"));
    return new FeatureManifest(1, new FeatureManifest.RawInput("csv", true, ",", List.of(), List.of()),
        new FeatureManifest.Fields("label", null, null, List.of("user", "item_id"), List.of(), "ts", "epoch-seconds",
            "UTC", "x"),
        new FeatureManifest.Hashing(18, 42, 4, tables), slots, List.of(), new FeatureManifest.Downsampling(1.0, 7),
        null, null, multi);
  }

  /** Three slots, one hidden layer of 8, adam at 0.01, seed 7. */
  private static ModelSpec.Builder spec(ModelType type, int hashSize, int embeddingDim) {
    return ModelSpec.builder(type, 3, hashSize).embeddingDim(embeddingDim).hidden(8).learningRate(0.01).seed(7);
  }

  static final List<IndexTable> TABLES = List.of(new IndexTable("items", 20, List.of("item_id", "recent_items")),
      new IndexTable(IndexTable.DEFAULT, 18, List.of("user", "hour-of-day")));

  @Test
  void tablesBecomeGroupsOfModelFieldPositionsWithTheirDimensions() {
    List<TableGroup> groups = TableGroups.of(manifest(TABLES), 16, Map.of("items", 32));
    assertEquals(List.of(new TableGroup("items", 1 << 20, 32, List.of(1, 3)),
        new TableGroup(TableGroup.DEFAULT, 1 << 18, 16, List.of(0, 2))), groups);
  }

  @Test
  void withoutTablesTheModelKeepsItsOneGroupUnlessTheDefaultDimensionIsSet() {
    assertEquals(List.of(), TableGroups.of(manifest(List.of()), 16, Map.of()));
    assertEquals(List.of(new TableGroup(TableGroup.DEFAULT, 1 << 18, 8, List.of(0, 1, 2, 3))),
        TableGroups.of(manifest(List.of()), 16, Map.of("default", 8)));
  }

  @Test
  void aDimensionForAnUnknownTableNamesTheTables() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> TableGroups.of(manifest(TABLES), 16, Map.of("item", 32)));
    assertEquals("Cannot read sparkctr.model.table-dims: 'item' is not a table of the features, which has "
        + "[items, default] (features.hashing.tables)", e.getMessage());
  }

  /** spec.json and checkpoints (which compare the spec's JSON) of models before groups read and compare as before. */
  @Test
  void aSpecWithoutGroupsIsWrittenAsBeforeThemAndOneWithGroupsRoundTrips() throws Exception {
    ModelSpec one = spec(ModelType.DEEPFM, 1 << 18, 16).bagLengths(List.of(5)).build();
    String json = Json.PRETTY.writeValueAsString(one);
    assertFalse(json.contains("tables\""), json);
    ModelSpec back = Json.PRETTY.readValue(json, ModelSpec.class);
    assertEquals(one, back);
    assertEquals(List.of(new TableGroup(TableGroup.DEFAULT, 1 << 18, 16, List.of(0, 1, 2, 3))), back.groups());
    ModelSpec two = one.toBuilder().type(ModelType.WIDE_DEEP)
        .tables(TableGroups.of(manifest(TABLES), 16, Map.of("items", 32))).build();
    assertEquals(two, Json.PRETTY.readValue(Json.PRETTY.writeValueAsString(two), ModelSpec.class));
  }

  @Test
  void aTableNamedLikeAFixedVertexBuildsAnFmGraph() {
    ModelSpec fm = spec(ModelType.DEEPFM, 1 << 10, 4).tables(List.of(new TableGroup("copy", 1 << 10, 4, List.of(0, 2)),
        new TableGroup(TableGroup.DEFAULT, 1 << 10, 4, List.of(1)))).build();
    assertTrue(CtrGraphBuilder.configure(fm, DataType.FLOAT).getVertices()
        .containsKey("fm-copy-sum"));
  }

  @Test
  void aSpecFitsTheManifestWhoseTablesItWasBuiltFrom() {
    ModelSpec one = spec(ModelType.WIDE_DEEP, 1 << 18, 16).bagLengths(List.of(5)).build();
    assertTrue(TableGroups.fit(manifest(List.of()), one));
    assertFalse(TableGroups.fit(manifest(TABLES), one));
    ModelSpec two = one.toBuilder().tables(TableGroups.of(manifest(TABLES), 16, Map.of("items", 32))).build();
    assertTrue(TableGroups.fit(manifest(TABLES), two));
    assertFalse(TableGroups.fit(manifest(List.of()), two));
  }
}
