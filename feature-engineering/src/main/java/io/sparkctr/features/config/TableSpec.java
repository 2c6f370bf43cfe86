package io.sparkctr.features.config;

import com.typesafe.config.ConfigList;
import com.typesafe.config.ConfigObject;
import com.typesafe.config.ConfigValue;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * One per-field index table ({@code hashing.tables}): its own index space of 2^bits that the listed
 * fields hash into instead of the default space of {@code hashing.bits}; the model gives it its own
 * embedding table (and, with {@code sparkctr.model.table-dims}, its own dimension). E.g.
 * {@code { name = items, bits = 20, fields = [item_id, recent_items] }}.
 *
 * <p>{@code fields} name slots as the manifest does (a categorical field, a numeric bucket slot such
 * as {@code n1} or {@code n1_log-bucket}, a cross such as {@code c1_x_c2}, a time feature such as
 * {@code hour-of-day}) or multi-valued fields; that they exist is checked by {@link FeatureConfig}.
 * Like the default space, the table reserves two indices per field (missing, out of vocabulary) at
 * its start, and at most a quarter of it may be reserved.
 *
 * @param name lower-case letters, digits and underscores (it names a table file and a model layer); not
 *     {@code default}
 * @param bits the table has 2^bits indices, bits in [{@link HashingSpec#MIN_BITS}, {@link HashingSpec#MAX_BITS}]
 * @param fields the fields it holds, at least one, each once
 */
public record TableSpec(String name, int bits, List<String> fields) implements Serializable {
  public static final String KEY = "hashing.tables";
  /** The name of the space of {@code hashing.bits} holding every field no table lists. */
  public static final String DEFAULT = "default";
  static final Set<String> KEYS = Set.of("name", "bits", "fields");
  private static final Pattern NAME = Pattern.compile("[a-z0-9_]+");

  public TableSpec {
    fields = fields == null ? List.of() : List.copyOf(fields);
    if (name == null || !NAME.matcher(name).matches()) {
      throw error("name '" + name + "' must be lower-case letters, digits and underscores ([a-z0-9_]+)");
    }
    if (DEFAULT.equals(name)) {
      throw error("name '" + DEFAULT + "' is taken by the space of hashing.bits that holds every other field");
    }
    if (bits < HashingSpec.MIN_BITS || bits > HashingSpec.MAX_BITS) {
      throw error("table '" + name + "' has bits = " + bits + ", outside [" + HashingSpec.MIN_BITS + ", "
          + HashingSpec.MAX_BITS + "]");
    }
    if (fields.isEmpty()) {
      throw error("table '" + name + "' lists no fields");
    }
    Set<String> seen = new HashSet<>();
    for (String f : fields) {
      if (!seen.add(f)) {
        throw error("table '" + name + "' lists '" + f + "' twice");
      }
    }
    long reserved = 2L * fields.size();
    long size = 1L << bits; // the field is not assigned yet in this compact constructor
    if (reserved * 4 > size) {
      throw error("table '" + name + "' reserves " + reserved + " indices (2 per field, " + fields.size()
          + " fields) of only " + size + " (2^" + bits + "), more than a quarter; raise its bits or list fewer"
          + " fields");
    }
  }

  public long size() {
    return 1L << bits;
  }

  /** Reads the list of {@code hashing.tables}, each entry's keys checked. */
  public static List<TableSpec> parseAll(ConfigList list) {
    List<TableSpec> out = new ArrayList<>();
    for (ConfigValue v : list) {
      if (!(v instanceof ConfigObject o)) {
        throw new IllegalArgumentException("Cannot read " + KEY + ": entry " + v.render() + " is not an object such as"
            + " { name = items, bits = 20, fields = [item_id, recent_items] }");
      }
      for (String k : o.keySet()) {
        if (!KEYS.contains(k)) {
          throw new IllegalArgumentException("Cannot read " + KEY + ": unknown key '" + k + "' ("
              + v.origin().description() + "); keys are [name, bits, fields]");
        }
      }
      for (String k : List.of("name", "bits", "fields")) {
        if (!o.containsKey(k)) {
          throw new IllegalArgumentException("Cannot read " + KEY + ": entry " + v.render() + " has no " + k);
        }
      }
      var c = o.toConfig();
      out.add(new TableSpec(c.getString("name"), c.getInt("bits"), c.getStringList("fields")));
    }
    return List.copyOf(out);
  }

  private static IllegalArgumentException error(String reason) {
    return new IllegalArgumentException("Cannot configure " + KEY + ": " + reason);
  }
}
