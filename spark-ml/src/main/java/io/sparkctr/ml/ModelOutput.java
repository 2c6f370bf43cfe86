package io.sparkctr.ml;

import java.io.Serializable;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.ml.linalg.SQLDataTypes;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.ml.param.Params;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * The columns a {@link CtrClassificationModel} appends, in this order, each left out when its name is
 * "": the click probability p (double), MLlib's {@code probability} vector [1 - p, p], its
 * {@code rawPrediction} vector [-logit(p), logit(p)] and the 0/1 {@code prediction} at the threshold
 * (double) — so {@code BinaryClassificationEvaluator} and MLlib's other tools read the output as
 * they read a {@code LogisticRegressionModel}'s. A plain class: it travels to the executors.
 */
final class ModelOutput implements Serializable {
  private static final long serialVersionUID = 1L;
  private static final String[] PARAMS = {"clickProbabilityCol", "probabilityCol", "rawPredictionCol",
      "predictionCol"};
  private final String[] names;
  private final double threshold;

  ModelOutput(String clickProbability, String probability, String rawPrediction, String prediction,
              double threshold) {
    this.names = new String[] {clickProbability, probability, rawPrediction, prediction};
    this.threshold = threshold;
  }

  /** The output param values of {@code o}. */
  static ModelOutput of(Params o, OutputParams out) {
    return new ModelOutput(o.getOrDefault(out.clickProbabilityCol), o.getOrDefault(out.probabilityCol),
        o.getOrDefault(out.rawPredictionCol), o.getOrDefault(out.predictionCol), (Double) o.getOrDefault(out.threshold));
  }

  /** The input schema with the output columns appended; each must not exist yet, and at least one is named. */
  StructType schema(StructType input) {
    if (Arrays.stream(names).allMatch(String::isEmpty)) {
      throw new IllegalArgumentException("Cannot transform: every output column is \"\" ("
          + String.join(", ", PARAMS) + "); name at least one");
    }
    DataType[] types = {DataTypes.DoubleType, SQLDataTypes.VectorType(), SQLDataTypes.VectorType(),
        DataTypes.DoubleType};
    StructType s = input;
    for (int i = 0; i < names.length; i++) {
      String c = names[i];
      if (c.isEmpty()) {
        continue;
      }
      if (Arrays.asList(s.fieldNames()).contains(c)) {
        throw new IllegalArgumentException("Cannot transform: output column '" + c + "' already exists in "
            + Arrays.toString(input.fieldNames()) + " (set another name with " + PARAMS[i] + ")");
      }
      s = s.add(c, types[i], true);
    }
    return s;
  }

  /** Appends the output values of a row whose click probability is {@code p} (null: a kept unparseable row). */
  void append(List<Object> row, Double p) {
    double logit = p == null ? Double.NaN : Math.log(p / (1 - p));
    Object[] v = p == null ? new Object[4] : new Object[] {p, Vectors.dense(1 - p, p), Vectors.dense(-logit, logit),
        p >= threshold ? 1.0 : 0.0};
    for (int i = 0; i < names.length; i++) {
      if (!names[i].isEmpty()) {
        row.add(v[i]);
      }
    }
  }
}
