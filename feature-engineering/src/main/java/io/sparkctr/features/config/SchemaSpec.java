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
                         List<String> numeric, TimestampSpec timestamp) {
  public SchemaSpec {
    categorical = List.copyOf(categorical);
    numeric = List.copyOf(numeric);
    if (label.isEmpty()) {
      throw new IllegalArgumentException("Cannot configure schema: schema.label is empty");
    }
    if (categorical.isEmpty() && numeric.isEmpty()) {
      throw new IllegalArgumentException("Cannot configure schema: no schema.categorical and no schema.numeric fields");
    }
    Set<String> seen = new HashSet<>();
    List<String> roles = new ArrayList<>(List.of(label));
    if (!timestamp.isFileDay()) {
      roles.add(timestamp.field());
    }
    roles.addAll(categorical);
    roles.addAll(numeric);
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
    return List.copyOf(cols);
  }

  public boolean isFeature(String field) {
    return categorical.contains(field) || numeric.contains(field);
  }
}
