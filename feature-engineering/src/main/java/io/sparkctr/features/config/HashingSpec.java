package io.sparkctr.features.config;

import java.io.Serializable;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The index spaces: 2^bits indices, murmur3 with {@code seed}. {@code shared} lists groups of
 * categorical or multi-valued fields that hash their values under one name, the group's first
 * (e.g. {@code [item_id, recent_items]}: a clicked item and the candidate item get the same index,
 * so the same embedding row). {@code tables} ({@code hashing.tables}, see {@link TableSpec}) move
 * fields out of the default space of 2^bits into spaces of their own; every field of a shared group
 * is in the same table (or none is), so shared values still land on one row.
 */
public record HashingSpec(int bits, int seed, List<List<String>> shared, List<TableSpec> tables)
    implements Serializable {
  public static final int MIN_BITS = 8;
  public static final int MAX_BITS = 30;

  /** A space where every field hashes under its own name. */
  public HashingSpec(int bits, int seed) {
    this(bits, seed, List.of());
  }

  /** One space (no per-field tables). */
  public HashingSpec(int bits, int seed, List<List<String>> shared) {
    this(bits, seed, shared, List.of());
  }

  /** The name {@code feature}'s values are hashed under: its group's first field, else itself. */
  public String hashName(String feature) {
    for (List<String> g : shared) {
      if (g.contains(feature)) {
        return g.get(0);
      }
    }
    return feature;
  }

  /** The table that lists {@code field}, or null (it is in the default space). */
  public TableSpec tableOf(String field) {
    for (TableSpec t : tables) {
      if (t.fields().contains(field)) {
        return t;
      }
    }
    return null;
  }

  public HashingSpec {
    shared = shared.stream().map(List::copyOf).toList();
    tables = tables == null ? List.of() : List.copyOf(tables);
    if (bits < MIN_BITS || bits > MAX_BITS) {
      throw new IllegalArgumentException("Cannot configure hashing.bits: " + bits + " is outside ["
          + MIN_BITS + ", " + MAX_BITS + "]");
    }
    Set<String> names = new HashSet<>();
    Map<String, String> tableOf = new HashMap<>();
    for (TableSpec t : tables) {
      if (!names.add(t.name())) {
        throw new IllegalArgumentException("Cannot configure " + TableSpec.KEY + ": table name '" + t.name()
            + "' is used twice");
      }
      for (String f : t.fields()) {
        String other = tableOf.putIfAbsent(f, t.name());
        if (other != null) {
          throw new IllegalArgumentException("Cannot configure " + TableSpec.KEY + ": '" + f + "' is in two tables, '"
              + other + "' and '" + t.name() + "'");
        }
      }
    }
    for (List<String> g : shared) {
      Set<String> in = new HashSet<>();
      g.forEach(f -> in.add(tableOf.getOrDefault(f, TableSpec.DEFAULT)));
      if (in.size() > 1) {
        throw new IllegalArgumentException("Cannot configure " + TableSpec.KEY + ": the hashing.shared group " + g
            + " is split across tables " + g.stream().map(f -> f + " -> " + tableOf.getOrDefault(f, TableSpec.DEFAULT))
            .toList() + "; shared values must land on one row, so list all of its fields in one table or none");
      }
    }
  }

  public int size() {
    return 1 << bits;
  }
}
