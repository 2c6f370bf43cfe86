package io.sparkctr.training;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import io.sparkctr.features.manifest.FeatureManifest;
import io.sparkctr.models.graph.ModelSpec;
import io.sparkctr.models.graph.ModelType;
import io.sparkctr.models.tables.TableOptimizer;

/**
 * {@code sparkctr.model} plus the feature manifest → a validated {@link ModelSpec}: the manifest
 * fixes the slot count, the pooled fields' lengths, the dense width and the hash space, the config everything else (the two
 * embedding tables' optimizers under {@code tables.linear} and {@code tables.embedding}).
 */
public final class ModelSpecs {
  public static final String ROOT = "sparkctr.model";

  private ModelSpecs() {}

  public static ModelSpec from(Config root, String source, FeatureManifest m) {
    try {
      Config c = root.getConfig(ROOT);
      return new ModelSpec(ModelType.parse(c.getString("type")), m.indexWidth(), m.dense().size(),
          1 << m.hashing().bits(), c.getInt("embedding-dim"), c.getIntList("hidden"), c.getString("activation"),
          c.getDouble("dropout"), c.getDouble("wide-l1"), c.getDouble("wide-l2"), c.getDouble("deep-l1"),
          c.getDouble("deep-l2"), c.getString("optimizer"), c.getDouble("learning-rate"), c.getDouble("gradient-clip"),
          c.getDouble("positive-weight"), c.getLong("seed"), table(c.getConfig("tables.linear")),
          table(c.getConfig("tables.embedding")))
          .withBagLengths(m.multiValued().stream().map(FeatureManifest.MultiSlot::maxLength).toList());
    } catch (ConfigException e) {
      throw new IllegalArgumentException("Cannot read " + ROOT + " of " + source + ": " + e.getMessage(), e);
    }
  }

  private static TableOptimizer table(Config t) {
    return new TableOptimizer(t.getString("optimizer"), t.getDouble("learning-rate"), t.getDouble("l1"),
        t.getDouble("l2"));
  }
}
