package io.sparkctr.features.config;

import java.util.Locale;

/**
 * How the model pools the embeddings of a multi-valued field's items into one field vector
 * (TensorFlow's {@code combiner}): {@code sum} Σ e_i, {@code mean} Σ e_i / n, {@code weighted}
 * Σ w_i e_i with the field's parallel weight list.
 */
public enum Pooling {
  SUM, MEAN, WEIGHTED;

  public static Pooling parse(String value, String key) {
    try {
      return valueOf(value.trim().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("Cannot read " + key + ": '" + value + "' is not one of sum, mean, weighted");
    }
  }

  public String configName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /**
   * The weight of each of {@code n} items in the pooled vector.
   *
   * @param given the parallel weights (only for {@link #WEIGHTED})
   */
  public float[] itemWeights(int n, float[] given) {
    float[] w = new float[n];
    for (int i = 0; i < n; i++) {
      w[i] = switch (this) {
        case SUM -> 1f;
        case MEAN -> 1f / n;
        case WEIGHTED -> given[i];
      };
    }
    return w;
  }
}
