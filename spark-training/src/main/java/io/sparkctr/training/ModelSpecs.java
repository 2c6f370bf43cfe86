package io.sparkctr.training;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigUtil;
import io.sparkctr.features.manifest.FeatureManifest;
import io.sparkctr.models.graph.ModelSpec;
import io.sparkctr.models.graph.ModelType;
import io.sparkctr.models.graph.TableGroup;
import io.sparkctr.models.graph.TableGroups;
import io.sparkctr.models.tables.TableOptimizer;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code sparkctr.model} plus the feature manifest → a validated {@link ModelSpec}: the manifest
 * fixes the slot count, the pooled fields' lengths, the dense width and the index tables (one per
 * {@code features.hashing.tables} entry, see {@link TableGroups}), the config everything else: each
 * table's dimension ({@code table-dims}, default {@code embedding-dim}) and the tables' optimizers
 * under {@code tables.linear} and {@code tables.embedding}.
 */
public final class ModelSpecs {
  public static final String ROOT = "sparkctr.model";

  private ModelSpecs() {}

  public static ModelSpec from(Config root, String source, FeatureManifest m) {
    try {
      Config c = root.getConfig(ROOT);
      return spec(c, source, m.indexWidth(), m.dense().size(), 1 << m.hashing().bits(),
          m.multiValued().stream().map(FeatureManifest.MultiSlot::maxLength).toList(),
          TableGroups.of(m, c.getInt("embedding-dim"), tableDims(c)));
    } catch (ConfigException e) {
      throw new IllegalArgumentException("Cannot read " + ROOT + " of " + source + ": " + e.getMessage(), e);
    }
  }

  /**
   * Checks {@code sparkctr.model} as {@link #from} reads it, without the feature manifest (which
   * fixes only the model's shape): the type, every value's type and range, the tables' optimizers and
   * the types of {@code table-dims}. A command calls it before its Spark session exists, and before
   * {@code --print-config} prints.
   */
  public static void check(Config root, String source) {
    try {
      Config c = root.getConfig(ROOT);
      tableDims(c);
      spec(c, source, 1, 0, 4, List.of(), List.of());
    } catch (ConfigException e) {
      throw new IllegalArgumentException("Cannot read " + ROOT + " of " + source + ": " + e.getMessage(), e);
    }
  }

  private static ModelSpec spec(Config c, String source, int fields, int dense, int hashSize, List<Integer> bagLengths,
                                List<TableGroup> tables) {
    return new ModelSpec(type(c, source), fields, dense, hashSize, c.getInt("embedding-dim"), c.getIntList("hidden"),
        c.getString("activation"), c.getDouble("dropout"), c.getDouble("wide-l1"), c.getDouble("wide-l2"),
        c.getDouble("deep-l1"), c.getDouble("deep-l2"), c.getString("optimizer"), c.getDouble("learning-rate"),
        c.getDouble("gradient-clip"), c.getDouble("positive-weight"), c.getLong("seed"),
        table(c.getConfig("tables.linear")), table(c.getConfig("tables.embedding")), bagLengths, tables);
  }

  /** {@code type}, or an error naming the key, the value and where it was set. */
  private static ModelType type(Config c, String source) {
    String type = c.getString("type");
    try {
      return ModelType.parse(type);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("Cannot read " + ROOT + ".type of " + source + ": '" + type + "' ("
          + c.getValue("type").origin().description() + ") is not one of " + ModelType.names(), e);
    }
  }

  private static Map<String, Integer> tableDims(Config c) {
    Map<String, Integer> dims = new LinkedHashMap<>();
    if (c.hasPath("table-dims")) {
      Config t = c.getConfig("table-dims");
      for (String name : t.root().keySet()) {
        dims.put(name, t.getInt(ConfigUtil.joinPath(name)));
      }
    }
    return dims;
  }

  private static TableOptimizer table(Config t) {
    return new TableOptimizer(t.getString("optimizer"), t.getDouble("learning-rate"), t.getDouble("l1"),
        t.getDouble("l2"));
  }
}
