package io.sparkctr.models.graph;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigUtil;
import io.sparkctr.models.tables.TableOptimizer;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code sparkctr.model.tables.groups}: table settings of one index table of the features
 * ({@code features.hashing.tables}, by name, or {@code default}) over {@code tables.linear} and
 * {@code tables.embedding}, e.g. {@code groups { users { embedding { decay = 0.01 } } }}: the keys a
 * group sets replace the model's for that group's tables, the others are the model's.
 */
final class GroupTables {
  static final String KEY = "tables.groups";
  private static final String PATH = ModelSpec.CONFIG_ROOT + "." + KEY;
  private static final Set<String> TABLES = Set.of("linear", "embedding");

  private GroupTables() {}

  /** {@code groups} with the settings of their own that {@code model} ({@code sparkctr.model}) gives them. */
  static List<TableGroup> apply(Config model, List<TableGroup> groups) {
    Map<String, Config> own = read(model);
    if (own.isEmpty()) {
      return groups;
    }
    if (groups.isEmpty()) {
      throw new IllegalArgumentException("Cannot read " + PATH + ": the features have one index space (no "
          + "features.hashing.tables); set " + ModelSpec.CONFIG_ROOT + ".tables.linear / embedding instead");
    }
    List<String> names = groups.stream().map(TableGroup::name).toList();
    for (String name : own.keySet()) {
      if (!names.contains(name)) {
        throw new IllegalArgumentException("Cannot read " + PATH + "." + name + ": '" + name
            + "' is not an index table of the features, which has " + names);
      }
    }
    return groups.stream().map(g -> {
      Config o = own.get(g.name());
      return o == null ? g : g.withOptimizers(table(o, "linear", model), table(o, "embedding", model));
    }).toList();
  }

  /** Checks every group's settings as {@link #apply} reads them, without the features' table names. */
  static void check(Config model) {
    read(model).values().forEach(o -> {
      table(o, "linear", model);
      table(o, "embedding", model);
    });
  }

  private static Map<String, Config> read(Config model) {
    Map<String, Config> out = new LinkedHashMap<>();
    if (!model.hasPath(KEY)) {
      return out;
    }
    Config groups = model.getConfig(KEY);
    for (String name : groups.root().keySet()) {
      Config o = groups.getConfig(ConfigUtil.joinPath(name));
      for (String t : o.root().keySet()) {
        if (!TABLES.contains(t)) {
          throw new IllegalArgumentException("Cannot read " + PATH + "." + name + "." + t + ": a group sets "
              + TABLES.stream().sorted().toList() + " only");
        }
        Set<String> known = model.getConfig("tables." + t).root().keySet();
        for (String k : o.getConfig(t).root().keySet()) {
          if (!known.contains(k)) {
            throw new IllegalArgumentException("Cannot read " + PATH + "." + name + "." + t + "." + k
                + ": unknown key; the keys of tables." + t + " are " + known.stream().sorted().toList());
          }
        }
      }
      out.put(name, o);
    }
    return out;
  }

  private static TableOptimizer table(Config group, String t, Config model) {
    return group.hasPath(t) ? ModelSpec.tableOptimizer(group.getConfig(t).withFallback(model.getConfig("tables." + t)))
        : null;
  }
}
