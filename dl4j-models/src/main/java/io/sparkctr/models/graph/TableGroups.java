package io.sparkctr.models.graph;

import io.sparkctr.features.manifest.FeatureManifest;
import io.sparkctr.features.manifest.FeatureManifest.IndexTable;
import io.sparkctr.features.manifest.FeatureManifest.MultiSlot;
import io.sparkctr.features.manifest.FeatureManifest.Slot;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The one mapping from a feature manifest's index tables ({@link FeatureManifest#indexTables()}) to a
 * model's {@link TableGroup}s: a table's fields become model field positions (a slot's index, or the
 * slot count plus a multi-valued field's index), its 2^bits its rows, and its dimension comes from
 * {@code model.table-dims} (default {@code model.embedding-dim}).
 *
 * <p>Example: slots [user, item_id, hour-of-day], multi-valued [recent_items], tables
 * {@code items: [item_id, recent_items] (2^20)} and {@code default: [user, hour-of-day] (2^18)}, dims
 * {@code {items = 32}}, embedding-dim 16 → groups items (2^20 rows, k 32, fields [1, 3]) and default
 * (2^18, k 16, fields [0, 2]).
 */
public final class TableGroups {
  private TableGroups() {}

  /**
   * The groups of the manifest's tables; empty when the manifest has no per-field tables and no
   * dimension is set for them (the model's one default group).
   *
   * @param dims dimensions by table name; a name the manifest lacks is an error naming the tables
   */
  public static List<TableGroup> of(FeatureManifest m, int defaultDim, Map<String, Integer> dims) {
    List<IndexTable> tables = m.indexTables();
    List<String> names = tables.stream().map(IndexTable::name).toList();
    for (String name : dims.keySet()) {
      if (!names.contains(name)) {
        throw new IllegalArgumentException("Cannot read sparkctr.model.table-dims: '" + name
            + "' is not a table of the features, which has " + names + " (features.hashing.tables)");
      }
    }
    if (m.hashing().tables().isEmpty() && dims.isEmpty()) {
      return List.of();
    }
    Map<String, Integer> position = new HashMap<>();
    List<Slot> slots = m.slots();
    for (int i = 0; i < slots.size(); i++) {
      position.put(slots.get(i).name(), i);
    }
    List<MultiSlot> multi = m.multiValued();
    for (int b = 0; b < multi.size(); b++) {
      position.put(multi.get(b).name(), slots.size() + b);
    }
    List<TableGroup> out = new ArrayList<>();
    for (IndexTable t : tables) {
      List<Integer> fields = t.fields().stream().map(f -> {
        Integer p = position.get(f);
        if (p == null) {
          throw new IllegalArgumentException("Cannot read feature manifest: table " + t.name() + " names field '"
              + f + "', which is neither a slot nor a multi-valued field");
        }
        return p;
      }).toList();
      out.add(new TableGroup(t.name(), t.size(), dims.getOrDefault(t.name(), defaultDim), fields));
    }
    return out;
  }

  /** Whether the spec's groups are the manifest's tables: same names, rows and fields (any dimensions). */
  public static boolean fit(FeatureManifest m, ModelSpec spec) {
    List<TableGroup> want = of(m, 1, Map.of());
    List<TableGroup> have = spec.groups();
    if (want.isEmpty()) {
      return have.size() == 1 && have.get(0).name().equals(TableGroup.DEFAULT)
          && spec.hashSize() == (1L << m.hashing().bits());
    }
    if (want.size() != have.size()) {
      return false;
    }
    for (int i = 0; i < want.size(); i++) {
      TableGroup a = want.get(i);
      TableGroup b = have.get(i);
      if (!a.name().equals(b.name()) || a.rows() != b.rows() || !a.fields().equals(b.fields())) {
        return false;
      }
    }
    return true;
  }

  /** "name R rows k=K fields [..]" per group, for messages. */
  public static String describe(List<TableGroup> groups) {
    List<String> out = new ArrayList<>();
    for (TableGroup g : groups) {
      out.add(g.name() + " " + g.rows() + " rows k=" + g.dim() + " fields " + g.fields());
    }
    return String.join("; ", out);
  }
}
