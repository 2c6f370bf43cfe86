package io.sparkctr.features.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparkctr.common.config.ConfigLoader;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** {@code hashing.tables}: read, and every rule checked with a message naming the value. */
class IndexTablesConfigTest {
  static final String SCHEMA = "sparkctr.features { schema { categorical = [user, item_id, c2], numeric = [n1, n2],"
      + " multi-valued = [{ field = recent_items }] }\n"
      + " numeric-transform.fields { n1 = [log-bucket, standardize], n2 = standardize }\n crosses = [[user, c2]]\n"
      + " time-features.fields = [hour-of-day]\n hashing.shared = [[item_id, recent_items]] }\n";

  static FeatureConfig load(String hocon) {
    return FeatureConfig.from(ConfigLoader.loadString(hocon, "t.conf"), "t.conf");
  }

  static void assertRejected(String tables, String expected) {
    assertRejected(SCHEMA, tables, expected);
  }

  static void assertRejected(String schema, String tables, String expected) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> load(schema + "sparkctr.features.hashing.tables = " + tables));
    assertTrue(e.getMessage().contains(expected), e.getMessage());
    assertTrue(e.getMessage().startsWith("t.conf: Cannot "), e.getMessage());
  }

  @Test
  void tablesAreReadInConfigOrderAndDefaultToNone() {
    assertEquals(List.of(), load(SCHEMA).hashing().tables());
    FeatureConfig c = load(SCHEMA + "sparkctr.features.hashing.tables = ["
        + "{ name = items, bits = 20, fields = [recent_items, item_id] },"
        + " { name = ctx_2, bits = 8, fields = [user_x_c2, hour-of-day, n1_log-bucket] }]");
    assertEquals(List.of(new TableSpec("items", 20, List.of("recent_items", "item_id")),
        new TableSpec("ctx_2", 8, List.of("user_x_c2", "hour-of-day", "n1_log-bucket"))), c.hashing().tables());
    assertEquals("items", c.hashing().tableOf("recent_items").name());
    assertNull(c.hashing().tableOf("user"));
    assertEquals(List.of(), new HashingSpec(18, 42).tables());
    assertEquals(List.of(), new HashingSpec(18, 42, List.of(List.of("a", "b"))).tables());
  }

  @Test
  void eachRuleIsCheckedWithAMessageNamingTheValue() {
    assertRejected("[{ name = Items, bits = 20, fields = [item_id, recent_items] }]",
        "Cannot configure hashing.tables: name 'Items' must be lower-case letters, digits and underscores");
    assertRejected("[{ name = \"a-b\", bits = 20, fields = [item_id, recent_items] }]", "name 'a-b' must be");
    assertRejected("[{ name = default, bits = 20, fields = [item_id, recent_items] }]",
        "Cannot configure hashing.tables: name 'default' is taken");
    assertRejected("[{ name = t, bits = 12, fields = [user] }, { name = t, bits = 12, fields = [c2] }]",
        "Cannot configure hashing.tables: table name 't' is used twice");
    assertRejected("[{ name = t, bits = 31, fields = [user] }]",
        "Cannot configure hashing.tables: table 't' has bits = 31, outside [8, 30]");
    assertRejected("[{ name = t, bits = 7, fields = [user] }]", "bits = 7, outside [8, 30]");
    assertRejected("[{ name = t, bits = 12, fields = [] }]", "Cannot configure hashing.tables: table 't' lists no fields");
    assertRejected("[{ name = t, bits = 12, fields = [user, user] }]", "table 't' lists 'user' twice");
    assertRejected("[{ name = t, bits = 12, fields = [user] }, { name = u, bits = 12, fields = [c2, user] }]",
        "Cannot configure hashing.tables: 'user' is in two tables, 't' and 'u'");
    assertRejected("[{ name = t, bits = 12, fields = [user, n2] }]",
        "Cannot configure hashing.tables: table 't' names 'n2', which is not a slot or multi-valued field; fields:"
            + " [user, item_id, c2, n1_log-bucket, user_x_c2, hour-of-day, recent_items]");
    assertRejected("[{ name = t, bits = 12, fields = [n1] }]", "names 'n1', which is not a slot");
    assertRejected("[{ name = items, bits = 20, fields = [item_id] }]",
        "Cannot configure hashing.tables: the hashing.shared group [item_id, recent_items] is split across tables"
            + " [item_id -> items, recent_items -> default]");
    assertRejected("[{ name = a, bits = 20, fields = [item_id] }, { name = b, bits = 20, fields = [recent_items] }]",
        "is split across tables [item_id -> a, recent_items -> b]");
    String many = IntStream.range(0, 33).mapToObj(i -> "c" + i).collect(Collectors.joining(", "));
    assertRejected("sparkctr.features.schema.categorical = [" + many + "]\n",
        "[{ name = wide, bits = 8, fields = [" + many + "] }]",
        "Cannot configure hashing.tables: table 'wide' reserves 66 indices (2 per field, 33 fields) of only 256"
            + " (2^8), more than a quarter; raise its bits or list fewer fields");
    load("sparkctr.features.schema.categorical = [" + many + "]\nsparkctr.features.hashing.tables = "
        + "[{ name = wide, bits = 9, fields = [" + many + "] }]");
  }

  @Test
  void malformedEntriesAreRejected() {
    assertRejected("[[item_id]]", "Cannot read hashing.tables: entry");
    assertRejected("[{ name = t, bits = 12, fields = [user], dim = 8 }]",
        "Cannot read hashing.tables: unknown key 'dim'");
    assertRejected("[{ name = t, fields = [user] }]", "has no bits");
  }
}
