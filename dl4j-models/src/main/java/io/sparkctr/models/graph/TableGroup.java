package io.sparkctr.models.graph;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonInclude;
import io.sparkctr.features.manifest.FeatureManifest;
import io.sparkctr.models.tables.TableOptimizer;
import java.io.Serializable;
import java.util.List;
import java.util.regex.Pattern;

/**
 * One index space of the features and the two tables a model keeps for it: first-order weights
 * (k = 1) and k-dim embeddings of {@code rows} rows each. {@code fields} are the model fields that
 * look up in it (positions among the slots, then the pooled fields, see {@link ModelSpec#modelFields()}),
 * in order. Fields of one group share its rows: an item clicked earlier and the candidate item, when the
 * feature job hashes both under one name ({@code features.hashing.shared}), get the same row.
 *
 * <p>The group {@link #DEFAULT} (the one space of every model before per-field tables) keeps the
 * original table names {@code linear-emb} and {@code emb}, so bundles and checkpoints written before
 * groups read unchanged; any other group {@code g} has the tables {@code linear-emb-g} and {@code emb-g}.
 *
 * <p>Example: {@code features.hashing.tables = [{name = items, bits = 20, fields = [item_id, recent_items]}]}
 * and {@code model.table-dims {items = 32}} give the group {@code items} of 2^20 rows, k = 32, and the
 * group {@code default} of 2^{hashing.bits} rows with {@code model.embedding-dim} for every other field.
 *
 * <p>{@code linearOptimizer} and {@code embeddingOptimizer}: the group's own table settings
 * ({@code model.tables.groups.<name>}), or null for the model's ({@link ModelSpec#linearTable},
 * {@link ModelSpec#embeddingTable}); not written when null, so groups without them read and write as before.
 */
public record TableGroup(String name, long rows, int dim, List<Integer> fields,
                         @JsonInclude(JsonInclude.Include.NON_NULL) TableOptimizer linearOptimizer,
                         @JsonInclude(JsonInclude.Include.NON_NULL) TableOptimizer embeddingOptimizer)
    implements Serializable {
  public static final String DEFAULT = FeatureManifest.IndexTable.DEFAULT;
  private static final Pattern NAME = Pattern.compile("[a-z0-9_]+");

  /** A group with the model's table settings. */
  public TableGroup(String name, long rows, int dim, List<Integer> fields) {
    this(name, rows, dim, fields, null, null);
  }

  @JsonCreator
  public TableGroup {
    fields = List.copyOf(fields);
    if (!NAME.matcher(name).matches()) {
      throw new IllegalArgumentException("Cannot build table group '" + name + "': names are [a-z0-9_]+");
    }
    if (fields.isEmpty()) {
      throw new IllegalArgumentException("Cannot build table group " + name + ": it has no fields");
    }
    if (rows <= 2L * fields.size()) {
      throw new IllegalArgumentException("Cannot build table group " + name + ": " + rows
          + " rows do not exceed the 2 × " + fields.size() + " reserved for its fields' missing and unknown values");
    }
    if (dim < 0) {
      throw new IllegalArgumentException("Cannot build table group " + name + ": dimension " + dim + " must be >= 0");
    }
  }

  /** The first-order table's name. */
  public String linearTable() {
    return DEFAULT.equals(name) ? CtrGraphBuilder.LINEAR_TABLE : CtrGraphBuilder.LINEAR_TABLE + "-" + name;
  }

  /** The embedding table's name. */
  public String embeddingTable() {
    return DEFAULT.equals(name) ? CtrGraphBuilder.EMBEDDING_TABLE : CtrGraphBuilder.EMBEDDING_TABLE + "-" + name;
  }

  /** The field positions as an array (for the sparse layers' configuration). */
  public int[] fieldArray() {
    return fields.stream().mapToInt(Integer::intValue).toArray();
  }

  /** A copy with another dimension. */
  public TableGroup withDim(int k) {
    return new TableGroup(name, rows, k, fields, linearOptimizer, embeddingOptimizer);
  }

  /** A copy with these table settings of its own (null: the model's). */
  public TableGroup withOptimizers(TableOptimizer linear, TableOptimizer embedding) {
    return new TableGroup(name, rows, dim, fields, linear, embedding);
  }
}
