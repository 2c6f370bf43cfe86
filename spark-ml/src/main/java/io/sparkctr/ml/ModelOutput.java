package io.sparkctr.ml;

import java.util.Arrays;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/** The columns a {@link CtrClassificationModel} appends: probability, logit, prediction (each optional but the first). */
final class ModelOutput {
  private ModelOutput() {}

  /** The input schema with the output columns appended ("" = none); each must not exist yet. */
  static StructType schema(StructType input, String probability, String rawPrediction, String prediction) {
    StructType s = input;
    for (String c : new String[] {probability, rawPrediction, prediction}) {
      if (c.isEmpty()) {
        continue;
      }
      if (Arrays.asList(s.fieldNames()).contains(c)) {
        throw new IllegalArgumentException("Cannot transform: output column '" + c + "' already exists in "
            + Arrays.toString(input.fieldNames()) + " (set another name, e.g. setProbabilityCol)");
      }
      s = s.add(c, DataTypes.DoubleType, true);
    }
    return s;
  }
}
