package io.sparkctr.ml;

import io.sparkctr.features.config.SchemaSpec;
import io.sparkctr.features.manifest.FeatureManifest;
import io.sparkctr.features.manifest.ManifestInput;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.AtomicType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.StructType;

/**
 * Checks that a DataFrame has the raw columns the config (or a bundle's manifest) names, as plain
 * values; a multi-valued field or its weights may also be an array of plain values (as in Parquet logs).
 */
final class InputColumns {
  private InputColumns() {}

  /**
   * @param lists the columns that may be arrays: multi-valued fields and their weights
   * @param action "fit" or "transform", for the message
   * @throws IllegalArgumentException naming the absent columns, or a column that is not a plain value
   */
  static void check(StructType schema, List<String> required, Set<String> lists, String action) {
    List<String> names = Arrays.asList(schema.fieldNames());
    List<String> absent = new ArrayList<>();
    for (String c : required) {
      if (!names.contains(c)) {
        absent.add(c);
        continue;
      }
      DataType t = schema.apply(c).dataType();
      boolean list = lists.contains(c) && t instanceof ArrayType a && a.elementType() instanceof AtomicType;
      if (!(t instanceof AtomicType) && !list) {
        throw new IllegalArgumentException("Cannot " + action + ": column '" + c + "' is " + t.simpleString()
            + "; sparkctr reads plain values (string, number, boolean, timestamp or date)"
            + (lists.contains(c) ? ", or for a multi-valued field an array of them" : ""));
      }
    }
    if (!absent.isEmpty()) {
      throw new IllegalArgumentException("Cannot " + action + ": column(s) " + absent + " absent; the DataFrame has "
          + names);
    }
  }

  /** The multi-valued fields of the config and their weights columns. */
  static Set<String> lists(SchemaSpec schema) {
    Set<String> out = new TreeSet<>();
    schema.multiValued().forEach(mv -> {
      out.add(mv.field());
      if (!mv.weights().isEmpty()) {
        out.add(mv.weights());
      }
    });
    return out;
  }

  /** The multi-valued fields of a bundle's manifest and their weights columns. */
  static Set<String> lists(FeatureManifest m) {
    return lists(ManifestInput.schema(m));
  }
}
