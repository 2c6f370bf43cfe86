package io.sparkctr.features.config;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The roles of the input columns. Every named column must exist in the data; the job checks
 * that before it reads any row.
 */
public record SchemaSpec(String label, Optional<String> id, Optional<String> group, List<String> categorical,
                         List<String> numeric, TimestampSpec timestamp, List<MultiValuedSpec> multiValued) {
  /** A schema without multi-valued fields. */
  public SchemaSpec(String label, Optional<String> id, Optional<String> group, List<String> categorical,
                    List<String> numeric, TimestampSpec timestamp) {
    this(label, id, group, categorical, numeric, timestamp, List.of());
  }

  public SchemaSpec {
    categorical = List.copyOf(categorical);
    numeric = List.copyOf(numeric);
    multiValued = List.copyOf(multiValued);
    if (label.isEmpty()) {
      throw new IllegalArgumentException("Cannot configure schema: schema.label is empty");
    }
    if (categorical.isEmpty() && numeric.isEmpty() && multiValued.isEmpty()) {
      throw new IllegalArgumentException("Cannot configure schema: no schema.categorical, schema.numeric or "
          + "schema.multi-valued fields");
    }
    Set<String> seen = new HashSet<>();
    List<String> roles = new ArrayList<>(List.of(label));
    if (!timestamp.isFileDay()) {
      roles.add(timestamp.field());
    }
    roles.addAll(categorical);
    roles.addAll(numeric);
    for (MultiValuedSpec mv : multiValued) {
      roles.add(mv.field());
      if (!mv.weights().isEmpty()) {
        roles.add(mv.weights());
      }
    }
    for (String f : roles) {
      if (!seen.add(f)) {
        throw new IllegalArgumentException("Cannot configure schema: column '" + f + "' is declared twice");
      }
      if (f.contains("=") || f.contains("\u0001")) {
        throw new IllegalArgumentException("Cannot configure schema: column name '" + f + "' contains '=' or \\u0001");
      }
    }
  }

  /**
   * Every column the job reads, each once: label, timestamp (unless file-day), id, group,
   * categorical, numeric. The id or group column may also be a feature.
   */
  public List<String> requiredColumns() {
    Set<String> cols = new LinkedHashSet<>();
    cols.add(label);
    if (!timestamp.isFileDay()) {
      cols.add(timestamp.field());
    }
    id.ifPresent(cols::add);
    group.ifPresent(cols::add);
    cols.addAll(categorical);
    cols.addAll(numeric);
    for (MultiValuedSpec mv : multiValued) {
      cols.add(mv.field());
      if (!mv.weights().isEmpty()) {
        cols.add(mv.weights());
      }
    }
    return List.copyOf(cols);
  }

  /** The multi-valued field named {@code field}, or null. */
  public MultiValuedSpec multiValued(String field) {
    return multiValued.stream().filter(mv -> mv.field().equals(field)).findFirst().orElse(null);
  }

  public boolean isFeature(String field) {
    return categorical.contains(field) || numeric.contains(field);
  }
}
