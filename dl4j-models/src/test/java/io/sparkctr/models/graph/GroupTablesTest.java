package io.sparkctr.models.graph;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.Config;
import io.sparkctr.common.config.ConfigLoader;
import io.sparkctr.common.json.Json;
import io.sparkctr.models.tables.ModelTables;
import io.sparkctr.models.tables.TableOptimizer;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@code sparkctr.model.tables.groups}: an index table's own settings over the model's, in the spec,
 * its JSON (only when set) and the tables built from it; names and keys checked.
 */
class GroupTablesTest {
  static Config config(String model) {
    return ConfigLoader.loadString("sparkctr.model { type = deepfm, table-dims { items = 16 }\n" + model + " }", "test");
  }

  static ModelSpec spec(String model) {
    return ModelSpec.from(config(model), "test", TableGroupsTest.manifest(TableGroupsTest.TABLES));
  }

  @Test
  void aGroupsKeysReplaceTheModelsForItsTablesOnly() throws Exception {
    ModelSpec s = spec("tables.groups { items { embedding { decay = 0.01, learning-rate = 0.02 } } }");
    TableGroup items = s.groups().get(0);
    TableGroup other = s.groups().get(1);
    TableOptimizer model = s.embeddingTable();
    assertEquals(new TableOptimizer(model.name(), 0.02, model.l1(), model.l2(), 0.01, model.shrink(), model.adaptive()),
        s.embeddingTable(items));
    assertNull(items.linearOptimizer(), "linear not set: the model's");
    assertEquals(s.linearTable(), s.linearTable(items));
    assertEquals(model, s.embeddingTable(other));
    ModelTables t = CtrGraphBuilder.newTables(s);
    assertEquals(s.embeddingTable(items), t.local(items.embeddingTable()).optimizer());
    assertEquals(model, t.local(other.embeddingTable()).optimizer());
    String json = Json.COMPACT.writeValueAsString(s);
    assertTrue(json.contains("\"embeddingOptimizer\":{"), json);
    assertEquals(s, Json.COMPACT.readValue(json, ModelSpec.class));
    assertFalse(Json.COMPACT.writeValueAsString(spec("")).contains("Optimizer"), "groups without settings as before");
  }

  @Test
  void unknownGroupsAndKeysAreRefusedNamingThem() {
    assertEquals("Cannot read sparkctr.model.tables.groups.item: 'item' is not an index table of the features, "
        + "which has [items, default]", assertThrows(IllegalArgumentException.class,
            () -> spec("tables.groups { item { embedding { decay = 0.01 } } }")).getMessage());
    assertTrue(assertThrows(IllegalArgumentException.class,
        () -> spec("tables.groups { items { embedding { decey = 0.01 } } }")).getMessage()
        .startsWith("Cannot read sparkctr.model.tables.groups.items.embedding.decey: unknown key"));
    String wide = assertThrows(IllegalArgumentException.class,
        () -> ModelSpec.check(config("tables.groups { items { wide { l2 = 1 } } }"), "test")).getMessage();
    assertTrue(wide.startsWith("Cannot read sparkctr.model.tables.groups.items.wide: a group sets [embedding, linear] only"),
        wide);
    assertTrue(assertThrows(IllegalArgumentException.class,
        () -> ModelSpec.from(ConfigLoader.loadString("sparkctr.model.tables.groups { default { embedding { decay = 0.01 } } }",
            "test"), "test",
            TableGroupsTest.manifest(List.of()))).getMessage().contains("the features have one index space"));
  }
}
