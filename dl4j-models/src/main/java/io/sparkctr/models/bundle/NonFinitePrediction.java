package io.sparkctr.models.bundle;

/**
 * A model predicted NaN or an infinity for a row: a damaged or diverged model, or an input far
 * outside what it was trained on. Scoring and evaluation fail on the first such row, naming it,
 * and publish nothing; the CLI exits 2.
 */
public final class NonFinitePrediction extends IllegalStateException {
  private static final long serialVersionUID = 1L;

  private NonFinitePrediction(String message) {
    super(message);
  }

  /**
   * @param p a prediction
   * @param what the job's verb for the message ("score", "evaluate", "transform")
   * @param row the row's key, built only when needed
   * @throws NonFinitePrediction "Cannot score: the model predicts NaN for row KEY ..."
   */
  public static double require(double p, String what, java.util.function.Supplier<String> row) {
    if (!Double.isFinite(p)) {
      throw new NonFinitePrediction("Cannot " + what + ": the model predicts " + p + " for row " + row.get()
          + " (a damaged or diverged model, or an input far outside its training data)");
    }
    return p;
  }
}
