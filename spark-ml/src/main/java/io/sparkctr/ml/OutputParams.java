package io.sparkctr.ml;

import java.util.List;
import org.apache.spark.ml.param.DoubleParam;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.ParamValidators;
import org.apache.spark.ml.param.Params;

/**
 * The output params that {@link CtrClassifier} and {@link CtrClassificationModel} share (Java cannot
 * mix in a Scala params trait): built per owner, with the same names, docs, validation and defaults,
 * so {@code copyValues} carries them from the estimator to the model it fits.
 */
final class OutputParams {
  /** Fail on a row that cannot be parsed, naming the row, field and value (the default). */
  static final String ERROR = "error";
  /** Drop rows that cannot be parsed. */
  static final String SKIP = "skip";
  /** Keep rows that cannot be parsed, with null outputs. */
  static final String KEEP = "keep";
  static final List<String> HANDLE_INVALID = List.of(ERROR, SKIP, KEEP);

  final Param<String> clickProbabilityCol;
  final Param<String> probabilityCol;
  final Param<String> rawPredictionCol;
  final Param<String> predictionCol;
  final DoubleParam threshold;
  final Param<String> handleInvalid;

  OutputParams(Params owner) {
    clickProbabilityCol = new Param<>(owner, "clickProbabilityCol", "output column of the recalibrated click "
        + "probability p (double); \"\" = none", Valid.<String>of(s -> true));
    probabilityCol = new Param<>(owner, "probabilityCol", "output column of the class probabilities [1 - p, p] "
        + "(vector, as MLlib's classifiers); \"\" = none", Valid.<String>of(s -> true));
    rawPredictionCol = new Param<>(owner, "rawPredictionCol", "output column of the raw scores [-logit(p), logit(p)] "
        + "(vector, as MLlib's binary classifiers); \"\" = none", Valid.<String>of(s -> true));
    predictionCol = new Param<>(owner, "predictionCol", "output column of the 0/1 prediction at threshold "
        + "(double); \"\" = none", Valid.<String>of(s -> true));
    threshold = new DoubleParam(owner, "threshold", "probability at and above which the prediction is 1",
        ParamValidators.inRange(0.0, 1.0));
    handleInvalid = new Param<>(owner, "handleInvalid", "a row whose fields cannot be parsed: error (fail naming "
        + "row, field and value), skip (drop it) or keep (null outputs)", ParamValidators.inArray(HANDLE_INVALID));
    owner.setDefault(clickProbabilityCol, "clickProbability");
    owner.setDefault(probabilityCol, "probability");
    owner.setDefault(rawPredictionCol, "rawPrediction");
    owner.setDefault(predictionCol, "prediction");
    owner.setDefault(threshold, 0.5);
    owner.setDefault(handleInvalid, ERROR);
  }
}
