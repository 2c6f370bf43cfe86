package io.sparkctr.features.config;

import java.io.Serializable;
import java.util.Map;
import java.util.TreeMap;

/** The transform of each numeric field: a default and per-field overrides. */
public record NumericTransformSpec(NumericKind defaultKind, Map<String, NumericKind> fields, int quantileBuckets,
                                   double quantileRelativeError) implements Serializable {
  public NumericTransformSpec {
    fields = Map.copyOf(new TreeMap<>(fields));
    if (quantileBuckets < 2) {
      throw new IllegalArgumentException("Cannot configure numeric-transform.quantile-buckets: " + quantileBuckets
          + " < 2");
    }
    if (!(quantileRelativeError >= 0 && quantileRelativeError < 0.5)) {
      throw new IllegalArgumentException("Cannot configure numeric-transform.quantile-relative-error: "
          + quantileRelativeError + " is outside [0, 0.5)");
    }
  }

  public NumericKind kindOf(String field) {
    return fields.getOrDefault(field, defaultKind);
  }
}
