package io.sparkctr.models.tables;

import java.io.Serializable;

/**
 * What a table needs to know about one training step besides the row gradients.
 *
 * @param examples examples in the minibatch: optimizers of the mean loss divide the summed
 *     gradients by it (as DL4J's updater does for dense parameters); FTRL works on the sum
 * @param learningRateScale multiplies each table's configured learning rate (the trainer's
 *     schedule, e.g. 0.5 after one cut on a plateau)
 */
public record TableStep(int examples, double learningRateScale) implements Serializable {
  public TableStep {
    if (examples < 1 || !(learningRateScale > 0)) {
      throw new IllegalArgumentException("Cannot step a table: " + examples + " examples, learning-rate scale "
          + learningRateScale);
    }
  }
}
