package io.sparkctr.features.config;

import java.io.Serializable;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The transforms of each numeric field: a default and per-field overrides. A field may have several
 * transforms (e.g. {@code [log-bucket, standardize]}: bucketized and standardized raw), each its own
 * named feature, {@code <field>_<transform>} (e.g. {@code n1_log-bucket}); a field with one transform
 * keeps its name.
 */
public record NumericTransformSpec(NumericKind defaultKind, Map<String, List<NumericKind>> fields,
                                   int quantileBuckets, double quantileRelativeError) implements Serializable {
  public NumericTransformSpec {
    TreeMap<String, List<NumericKind>> copy = new TreeMap<>();
    fields.forEach((f, kinds) -> {
      if (kinds.isEmpty()) {
        throw new IllegalArgumentException("Cannot configure numeric-transform.fields." + f + ": no transform");
      }
      if (new HashSet<>(kinds).size() != kinds.size()) {
        throw new IllegalArgumentException("Cannot configure numeric-transform.fields." + f + ": " + kinds
            + " repeats a transform");
      }
      copy.put(f, List.copyOf(kinds));
    });
    fields = Map.copyOf(copy);
    if (quantileBuckets < 2) {
      throw new IllegalArgumentException("Cannot configure numeric-transform.quantile-buckets: " + quantileBuckets
          + " < 2");
    }
    if (!(quantileRelativeError >= 0 && quantileRelativeError < 0.5)) {
      throw new IllegalArgumentException("Cannot configure numeric-transform.quantile-relative-error: "
          + quantileRelativeError + " is outside [0, 0.5)");
    }
  }

  /** The transforms of {@code field}, in configured order. */
  public List<NumericKind> kindsOf(String field) {
    return fields.getOrDefault(field, List.of(defaultKind));
  }

  /**
   * The one transform of {@code field}.
   *
   * @throws IllegalArgumentException when the field has several
   */
  public NumericKind kindOf(String field) {
    List<NumericKind> kinds = kindsOf(field);
    if (kinds.size() != 1) {
      throw new IllegalArgumentException("Cannot use numeric field " + field + " as one feature: it has the transforms "
          + kinds + "; name one of " + kinds.stream().map(k -> featureName(field, k)).toList());
    }
    return kinds.get(0);
  }

  public boolean has(String field, NumericKind kind) {
    return kindsOf(field).contains(kind);
  }

  /** The feature (slot) name of {@code field} under {@code kind}: the field itself when it has one transform. */
  public String featureName(String field, NumericKind kind) {
    return kindsOf(field).size() == 1 ? field : field + "_" + kind.configName();
  }
}
