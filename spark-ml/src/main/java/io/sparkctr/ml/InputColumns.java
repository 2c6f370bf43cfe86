package io.sparkctr.ml;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.sql.types.AtomicType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.StructType;

/** Checks that a DataFrame has the raw columns the config (or a bundle's manifest) names, as plain values. */
final class InputColumns {
  private InputColumns() {}

  /**
   * @param action "fit" or "transform", for the message
   * @throws IllegalArgumentException naming the absent columns, or a column that is not a plain value
   */
  static void check(StructType schema, List<String> required, String action) {
    List<String> names = Arrays.asList(schema.fieldNames());
    List<String> absent = new ArrayList<>();
    for (String c : required) {
      if (!names.contains(c)) {
        absent.add(c);
        continue;
      }
      DataType t = schema.apply(c).dataType();
      if (!(t instanceof AtomicType)) {
        throw new IllegalArgumentException("Cannot " + action + ": column '" + c + "' is " + t.simpleString()
            + "; sparkctr reads plain values (string, number, boolean, timestamp or date)");
      }
    }
    if (!absent.isEmpty()) {
      throw new IllegalArgumentException("Cannot " + action + ": column(s) " + absent + " absent; the DataFrame has "
          + names);
    }
  }
}
